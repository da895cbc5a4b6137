"""Rendered PDFs, reused until what they show changes.

The key is a hash of the document's data (everything its template shows, as built for it) and of
the templates, stylesheets and renderer that turn the data into a PDF: editing a measure, a score
or a template gives a new key, and nothing needs to be invalidated. WeasyPrint is imported only
when a PDF is actually rendered: pages that never render one do not pay for loading it.

Building the data takes some twenty queries, so a second, small entry remembers which key a plan's
revision (measures/revisions.py) led to: while the plan has not changed, a download costs two cache
reads and no query beyond finding the plan.
"""
from __future__ import annotations

import functools
import hashlib
import json
from importlib.metadata import version
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone

from reports import measures_data, progress_data

TIMEOUT = 7 * 24 * 60 * 60  # keys never go stale; this only bounds how long memory is held
REPORTS = Path(__file__).resolve().parent
# What turns the data into a PDF: templates, stylesheets, and the rendering code itself.
DOCUMENT_FILES = [
    settings.BASE_DIR / "templates" / "reports",
    settings.BASE_DIR / "static" / "reports",
    REPORTS / "pdf.py",
    REPORTS / "html.py",
    REPORTS / "textlayer.py",
    REPORTS / "templatetags",
]


def measures_pdf(plan) -> bytes:
    return cached_pdf(measures_data.TEMPLATE, lambda: measures_data.measures_context(plan), plan)


def progress_pdf(progress_round) -> bytes:
    return cached_pdf(
        progress_data.TEMPLATE, lambda: progress_data.progress_context(progress_round), progress_round.plan,
        progress_round.months,
    )


def cached_pdf(template_name: str, build_context, plan, *parts) -> bytes:
    """The PDF of build_context() through the template, from the cache when the plan has not changed."""
    pointer = revision_key(template_name, plan, *parts)
    key = cache.get(pointer)
    content = cache.get(key) if key else None
    if content is None:
        context = build_context()
        key = cache_key(template_name, context)
        content = cache.get(key)
        if content is None:
            from reports import pdf  # noqa: PLC0415 (loads WeasyPrint)

            content = pdf.render_pdf(template_name, context)
            cache.set(key, content, TIMEOUT)
        cache.set(pointer, key, TIMEOUT)
    return content


def revision_key(template_name: str, plan, *parts) -> str:
    """The day is part of it: what a document says of lateness depends on the date."""
    names = ":".join(str(part) for part in (plan.pk, plan.revision, timezone.localdate(), *parts))
    return f"reports:revision:{template_name}:{template_version()}:{names}"


def cache_key(template_name: str, context: dict) -> str:
    digest = hashlib.sha256()
    digest.update(template_version().encode())
    digest.update(json.dumps(context, sort_keys=True, ensure_ascii=False).encode())
    return f"reports:pdf:{template_name}:{digest.hexdigest()}"


def template_version() -> str:
    """A hash of the document templates and stylesheets: read once per process in production (a deploy
    restarts the processes), on each call under DEBUG so that an edit shows without a restart."""
    return template_hash() if settings.DEBUG else cached_template_hash()


def template_hash() -> str:
    digest = hashlib.sha256(renderer().encode())
    for place in DOCUMENT_FILES:
        paths = [place] if place.is_file() else sorted(place.rglob("*"))
        for path in paths:
            if path.is_file() and path.suffix in (".html", ".css", ".py"):
                digest.update(path.name.encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()


cached_template_hash = functools.cache(template_hash)


@functools.cache
def renderer() -> str:
    return f"weasyprint {version('weasyprint')} fontpkg-sarabun {version('fontpkg-sarabun')}"
