"""Sarabun for the web pages, served from the font package: no font files in static, no font CDN."""
from __future__ import annotations

from django.http import FileResponse, Http404
from django.views.decorators.http import require_safe
from fontpkg_sarabun import ROOT

FONTS = {"Sarabun-Regular.ttf", "Sarabun-Bold.ttf", "Sarabun-SemiBold.ttf"}


@require_safe
def font(request, name: str):
    if name not in FONTS:
        raise Http404("no such font")
    response = FileResponse(open(ROOT / "files" / name, "rb"), content_type="font/ttf")
    response["Cache-Control"] = "public, max-age=604800"
    return response
