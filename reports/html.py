"""The documents as HTML: what the PDF is made from, and the preview in the browser."""
from __future__ import annotations

from pathlib import Path

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import translation

from reports import measures_data, progress_data

STYLESHEETS = {
    measures_data.TEMPLATE: ("reports/document.css", "reports/measures.css"),
    progress_data.TEMPLATE: ("reports/document.css", "reports/progress.css"),
}


def static_file(name: str) -> str | None:
    if ".." in name.split("/"):
        return None
    found = finders.find(name)
    return found if isinstance(found, str) else None


def stylesheet_text(template_name: str) -> str:
    return "\n".join(
        Path(static_file(name)).read_text(encoding="utf-8") for name in STYLESHEETS[template_name]
    )


def render_html(
    template_name: str, context: dict, *, stylesheet_prefix: str | None = None, fonts: dict | None = None
) -> str:
    """With a prefix (the PDF), the document links its stylesheets from there; without (the
    preview), it carries them inline, so a saved copy still reads as the document. ``fonts``: the
    URLs of Sarabun for a browser ({"regular": …, "bold": …}); without, the reader's Thai font."""
    if stylesheet_prefix is not None:
        styles = {"stylesheets": [stylesheet_prefix + name for name in STYLESHEETS[template_name]]}
    else:
        styles = {"inline_css": stylesheet_text(template_name), "fonts": fonts}
    with translation.override("th"):
        return render_to_string(
            template_name, {**context, **styles, "for_pdf": stylesheet_prefix is not None}
        )
