"""The one place documents become PDF: Sarabun embedded from its package, only our own files
fetched, metadata (title, author, lang) and bookmarks (h1, h2) from the HTML, and an exact Thai
text layer (reports/textlayer.py)."""
from __future__ import annotations

import contextlib
import functools
import gc
from pathlib import Path
from urllib.parse import unquote, urlsplit
from urllib.request import url2pathname

from django.utils import translation
from fontpkg_sarabun import ROOT as SARABUN_ROOT
from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher, URLFetcherResponse

from reports import measures_data, progress_data, textlayer
from reports.html import render_html, static_file

MEASURES = measures_data.TEMPLATE
PROGRESS = progress_data.TEMPLATE
# The documents link their stylesheets under this origin, which nothing serves: the fetcher answers
# for it from our static files and refuses everything else.
BASE_URL = "https://documents.invalid/"
STATIC_PREFIX = BASE_URL + "static/"
FONT_FILES = {
    (400, "normal"): "Sarabun-Regular.ttf",
    (700, "normal"): "Sarabun-Bold.ttf",
    (400, "italic"): "Sarabun-Italic.ttf",
    (700, "italic"): "Sarabun-BoldItalic.ttf",
}

textlayer.install()


def font_path(name: str) -> Path:
    return SARABUN_ROOT / "files" / name


class DocumentFetcher(URLFetcher):
    """Serves our static files and the Sarabun files, nothing else: the documents carry text typed
    by users, and a stray URL must not reach the network or the disk."""

    fonts = frozenset(str(font_path(name).resolve()) for name in FONT_FILES.values())

    def fetch(self, url, headers=None):
        path = self.local_path(url)
        if path is None:
            raise ValueError(f"documents may not load {url}")
        return URLFetcherResponse(url, path.read_bytes(), headers={"Content-Type": content_type(path)})

    def local_path(self, url: str) -> Path | None:
        parts = urlsplit(url)
        if parts.scheme == "file" and not parts.netloc:
            path = Path(url2pathname(parts.path)).resolve()
            return path if str(path) in self.fonts else None
        if url.startswith(STATIC_PREFIX) and not parts.query:
            found = static_file(unquote(url[len(STATIC_PREFIX):]))
            return Path(found) if found else None
        return None


def content_type(path: Path) -> str:
    return {".css": "text/css", ".ttf": "font/ttf", ".png": "image/png", ".svg": "image/svg+xml"}.get(
        path.suffix, "application/octet-stream"
    )


@functools.cache
def fonts() -> tuple[FontConfiguration, CSS]:
    """Built once per process: registering a font copies it for fontconfig."""
    font_config = FontConfiguration()
    faces = "\n".join(
        f"@font-face {{ font-family: Sarabun; font-weight: {weight}; font-style: {style};"
        f" src: url({font_path(name).as_uri()}); }}"
        for (weight, style), name in FONT_FILES.items()
    )
    css = CSS(string=faces, font_config=font_config, url_fetcher=DocumentFetcher())
    return font_config, css


def render_pdf(template_name: str, context: dict) -> bytes:
    return html_to_pdf(render_html(template_name, context, stylesheet_prefix=STATIC_PREFIX))


def html_to_pdf(html: str) -> bytes:
    font_config, font_css = fonts()
    with translation.override("th"), collector_paused():
        document = HTML(string=html, base_url=BASE_URL, url_fetcher=DocumentFetcher()).render(
            font_config=font_config, stylesheets=[font_css]
        )
        with textlayer.exact_text() as finisher:
            return document.write_pdf(finisher=finisher)


@contextlib.contextmanager
def collector_paused():
    """WeasyPrint builds hundreds of thousands of linked boxes; the cyclic garbage collector
    rescans the growing heap again and again while it does (a quarter of the time of a 200-measure
    document). Paused for the render, it collects the render's garbage once, when it resumes."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def measures_document(plan) -> bytes:
    with translation.override("th"):
        return render_pdf(MEASURES, measures_data.measures_context(plan))


def progress_document(progress_round) -> bytes:
    with translation.override("th"):
        return render_pdf(PROGRESS, progress_data.progress_context(progress_round))
