"""The text layer of our PDFs is exact: what pdftotext and pypdf extract is the text as written,
ำ, tone marks over upper vowels and ฤ/ฦ included (WeasyPrint alone gives "ตาบล" for "ตำบล")."""
from __future__ import annotations

import subprocess
import tempfile
from io import BytesIO

import pytest
import weasyprint
from PIL import Image, ImageChops

from reports import textlayer
from reports.pdf import html_to_pdf
from tests.reports.conftest import flat, pdftotext, pypdf_text

HARD_CASES = "ตำบล ประจำปี น้ำ ค่ำ ขึ้น กำหนด ที่ นั้น ฤดู"
# า drawn before ำ, and the same marks over tall consonants (shifted left) and short ones.
MIXED = "การ ตำบล นา น้ำ ท ที่ ปั้ม ป้าย ฝ่าย ฟ้อง ปี่ นั้น ฤๅษี ฦๅ ก๊ก โต๊ะ เก็บ แก้ว ๑๒๓ 123 E-Service (O๑๓)"


def page(*lines: str) -> str:
    body = "".join(f"<p>{line}</p>" for line in lines)
    return f'<html lang="th"><body style="font-family: Sarabun; font-size: 16pt">{body}</body></html>'


def plain_weasyprint(html: str) -> bytes:
    """The same page without the fix: what WeasyPrint 70.0 writes on its own."""
    from reports.pdf import BASE_URL, DocumentFetcher, fonts

    font_config, font_css = fonts()
    document = weasyprint.HTML(string=html, base_url=BASE_URL, url_fetcher=DocumentFetcher()).render(
        font_config=font_config, stylesheets=[font_css]
    )
    return document.write_pdf()


def raster(content: bytes) -> Image.Image:
    with tempfile.NamedTemporaryFile(suffix=".pdf") as file:
        file.write(content)
        file.flush()
        png = subprocess.run(["pdftoppm", "-r", "100", "-gray", "-png", "-singlefile", file.name],
                             check=True, capture_output=True).stdout
    return Image.open(BytesIO(png)).convert("L")


@pytest.fixture(scope="module")
def hard_cases_pdf():
    return html_to_pdf(page(HARD_CASES, "การ " + HARD_CASES))


@pytest.fixture(scope="module")
def mixed_pdf():
    return html_to_pdf(page(MIXED))


def test_pdftotext_reads_the_hard_cases_as_written(hard_cases_pdf):
    assert pdftotext(hard_cases_pdf).splitlines()[:2] == [HARD_CASES, "การ " + HARD_CASES]


def test_pypdf_reads_the_hard_cases_as_written(hard_cases_pdf):
    assert pypdf_text(hard_cases_pdf).splitlines()[:2] == [HARD_CASES, "การ " + HARD_CASES]


def test_sara_am_and_sara_aa_keep_apart_in_any_order(mixed_pdf):
    assert flat(pdftotext(mixed_pdf)) == MIXED
    assert flat(pypdf_text(mixed_pdf)) == MIXED


def test_the_fix_changes_the_text_layer_and_not_the_drawing():
    html = page(MIXED, HARD_CASES)
    fixed, plain = raster(html_to_pdf(html)), raster(plain_weasyprint(html))
    difference = ImageChops.difference(fixed, plain).point(lambda value: 255 if value > 96 else 0)
    changed = difference.histogram()[255]
    # Sub-pixel rounding may shade a few edge pixels; a lost mark or a wrong glyph changes hundreds.
    assert changed < 40, f"{changed} pixels differ"


def test_weasyprint_alone_still_damages_thai_text():
    """When this fails, WeasyPrint has fixed #2841 itself: reports/textlayer.py can go."""
    assert "ตาบล" in pdftotext(plain_weasyprint(page("การ ตำบล")))


def test_the_fix_is_pinned_to_the_weasyprint_it_was_written_for():
    assert weasyprint.__version__ == textlayer.PINNED_VERSION, (
        "WeasyPrint was upgraded: check reports/textlayer.py against the new draw_first_line and "
        "font code, then update PINNED_VERSION."
    )
    textlayer.check_internals()


def test_it_refuses_to_run_on_other_internals(monkeypatch):
    monkeypatch.setattr(weasyprint, "__version__", "99.0")
    with pytest.raises(textlayer.InternalsChanged, match="99.0"):
        textlayer.check_internals()

