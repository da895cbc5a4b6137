"""Evidence files are never served from MEDIA_URL: members of the agency fetch them through here."""
from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.views.decorators.http import require_safe

from measures.access import get_evidence_for_user
from measures.models import Evidence


def file_response(evidence: Evidence, *, cache: str) -> FileResponse:
    file_type = evidence.file_type()
    if file_type is None:  # stored before the content check, or tampered with: do not serve it
        raise Http404("unknown evidence type")
    try:
        handle = evidence.file.open("rb")
    except FileNotFoundError:
        raise Http404("evidence file missing") from None
    response = FileResponse(
        handle, content_type=file_type.content_type, as_attachment=not file_type.inline,
        filename=evidence.original_name,
    )
    response["Cache-Control"] = cache
    if file_type.content_type.startswith("image/"):
        # Checked at upload; still, an image must never run as a page of this site.
        response["Content-Security-Policy"] = "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'"
    return response


@login_required
@require_safe
def download(request, pk: int):
    return file_response(get_evidence_for_user(request.user, pk), cache="private, no-store")
