"""The published documents, for everyone: the measures document of a published plan and the progress
report of each approved round, at stable URLs beside the public page (agencies cite them as OIT evidence)."""
from __future__ import annotations

from urllib.parse import quote

from django.http import HttpResponse
from django.views.decorators.http import require_safe

from measures.access import get_public_plan, get_public_round
from measures.models import Plan
from reports import cache


def pdf_response(content: bytes, filename: str, fallback: str) -> HttpResponse:
    """Inline, with an ASCII name for old clients and the Thai name in RFC 5987 form."""
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f"inline; filename=\"{fallback}\"; filename*=UTF-8''{quote(filename)}"
    response["Cache-Control"] = "public, max-age=300"
    return response


def _names(thai_prefix: str, prefix: str, plan: Plan) -> tuple[str, str]:
    organization = plan.organization
    return (
        f"{thai_prefix}-{organization.short_name or organization.slug}-{plan.fiscal_year}.pdf",
        f"{prefix}-{organization.slug}-{plan.fiscal_year}.pdf",
    )


@require_safe
def measures_pdf(request, org_slug: str, year: int):
    public_plan = get_public_plan(org_slug, year)
    names = _names("มาตรการส่งเสริมคุณธรรมและความโปร่งใส", "measures", public_plan)
    return pdf_response(cache.measures_pdf(public_plan), *names)


@require_safe
def progress_pdf(request, org_slug: str, year: int, months: int):
    public_plan = get_public_plan(org_slug, year)
    public_round = get_public_round(public_plan, months)
    names = _names(f"รายงานผลการดำเนินการ-รอบ-{months}-เดือน", f"progress-{months}", public_plan)
    return pdf_response(cache.progress_pdf(public_round), *names)
