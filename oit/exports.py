"""The OIT checklist as a spreadsheet, for the agency's members: the columns the import reads, so the
file comes back unchanged."""
from __future__ import annotations

import io

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.utils import translation
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_safe

from itaportal.spreadsheets.formats import FORMATS
from oit.access import get_workspace_for_user
from oit.resources import ChecklistResource


def filename(workspace, extension: str) -> str:
    """"รายการOIT-อบต.ปอ-2568.xlsx": what the agency would name the file itself."""
    organization = workspace.organization
    return f"รายการOIT-{organization.short_name or organization.slug}-{workspace.year}.{extension}"


@require_safe
@login_required
def checklist(request, org_slug: str, year: int, fmt: str):
    workspace, _membership = get_workspace_for_user(request.user, org_slug, year)
    format_class = FORMATS.get(fmt)
    if format_class is None:
        raise Http404("no such format")
    file_format = format_class()
    with translation.override("th"):
        dataset = ChecklistResource(workspace=workspace).export(force_native_type=file_format.native_types)
        content = file_format.export_data(dataset)
    # FileResponse writes the Thai name in RFC 5987 form (filename*=utf-8''…), as the PDF downloads do.
    content_type = file_format.get_content_type() + ("; charset=utf-8" if fmt == "csv" else "")
    response = FileResponse(io.BytesIO(content), as_attachment=True, filename=filename(workspace, fmt),
                            content_type=content_type)
    patch_cache_control(response, private=True, no_cache=True)
    return response
