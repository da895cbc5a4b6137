"""Documents load our stylesheets and the Sarabun files, and nothing else: their templates carry
text typed by users."""
from __future__ import annotations

import pytest

from reports.pdf import STATIC_PREFIX, DocumentFetcher, font_path, html_to_pdf
from tests.reports.conftest import pdffonts


@pytest.fixture
def fetcher():
    return DocumentFetcher()


def test_it_serves_our_stylesheets(fetcher):
    response = fetcher(STATIC_PREFIX + "reports/document.css")
    assert b"@page" in response.read()
    assert response.content_type == "text/css"


def test_it_serves_the_sarabun_files_of_the_font_package(fetcher):
    response = fetcher(font_path("Sarabun-Regular.ttf").as_uri())
    assert response.read(4) == b"\x00\x01\x00\x00"  # a TrueType font


@pytest.mark.parametrize("url", [
    "https://example.org/tracker.png",
    "http://169.254.169.254/latest/meta-data/",
    "file:///etc/passwd",
    font_path("../__init__.py").as_uri(),
    STATIC_PREFIX + "reports/../../itaportal/settings.py",
    STATIC_PREFIX + "reports/missing.css",
    "data:text/css,body{}",
    "ftp://example.org/x.css",
])
def test_it_refuses_everything_else(fetcher, url):
    with pytest.raises(ValueError, match="may not load"):
        fetcher(url)


def test_a_document_that_asks_for_a_stray_url_still_renders(caplog):
    content = html_to_pdf(
        '<html lang="th"><body style="font-family: Sarabun"><img src="https://example.org/x.png">'
        '<p style="background: url(file:///etc/passwd)">ตำบลปอ</p></body></html>'
    )
    assert content.startswith(b"%PDF-")
    assert "Sarabun" in pdffonts(content)
    assert "may not load https://example.org/x.png" in caplog.text
