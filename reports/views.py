"""Downloads of an agency's documents, for its members: the PDFs and their HTML previews."""
from __future__ import annotations

import io

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import NoReverseMatch, reverse
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_safe

from agencies.models import Membership
from measures.models import Plan, ProgressRound
from reports import cache, measures_data, progress_data
from reports.html import render_html


def _get_plan_for_user(user, org_slug: str, year: int) -> Plan:
    """The agency's plan for the fiscal year, for any member of the agency (superusers too);
    404 for everyone else, so an outsider learns nothing about what exists."""
    plan = get_object_or_404(
        Plan.objects.select_related("organization", "assessment__framework"),
        organization__slug=org_slug, fiscal_year=year,
    )
    if not user.is_superuser and not Membership.objects.filter(
        user=user, organization=plan.organization
    ).exists():
        raise Http404("not a member of this agency")
    return plan


def _get_round_for_user(user, org_slug: str, year: int, months: int) -> ProgressRound:
    plan = _get_plan_for_user(user, org_slug, year)
    progress_round = get_object_or_404(ProgressRound, plan=plan, months=months)
    progress_round.plan = plan
    return progress_round


def filename(kind: str, plan: Plan, suffix: str = "") -> str:
    """"มาตรการ-อบต.ปอ-2568.pdf": what the agency would name the file itself."""
    organization = plan.organization
    return f"{kind}-{organization.short_name or organization.slug}-{plan.fiscal_year}{suffix}.pdf"


def pdf_response(content: bytes, name: str) -> FileResponse:
    # FileResponse writes the Thai name in RFC 5987 form (filename*=utf-8''…).
    response = FileResponse(io.BytesIO(content), as_attachment=True, filename=name,
                            content_type="application/pdf")
    patch_cache_control(response, private=True, no_cache=True)
    return response


def preview_fonts() -> dict | None:
    """Sarabun as the portal's pages serve it, if they do; else the reader's own Thai font."""
    try:
        return {weight: reverse("measures-font", args=[f"Sarabun-{weight.title()}.ttf"])
                for weight in ("regular", "bold")}
    except NoReverseMatch:
        return None


def html_response(html: str) -> HttpResponse:
    response = HttpResponse(html, content_type="text/html; charset=utf-8")
    patch_cache_control(response, private=True, no_cache=True)
    return response


@require_safe
@login_required
def measures_pdf(request, org_slug: str, year: int):
    plan = _get_plan_for_user(request.user, org_slug, year)
    return pdf_response(cache.measures_pdf(plan), filename("มาตรการ", plan))


@require_safe
@login_required
def measures_html(request, org_slug: str, year: int):
    plan = _get_plan_for_user(request.user, org_slug, year)
    context = measures_data.measures_context(plan)
    return html_response(render_html(measures_data.TEMPLATE, context, fonts=preview_fonts()))


@require_safe
@login_required
def progress_pdf(request, org_slug: str, year: int, months: int):
    progress_round = _get_round_for_user(request.user, org_slug, year, months)
    name = filename("รายงานผล", progress_round.plan, f"-รอบ{months}เดือน")
    return pdf_response(cache.progress_pdf(progress_round), name)


@require_safe
@login_required
def progress_html(request, org_slug: str, year: int, months: int):
    progress_round = _get_round_for_user(request.user, org_slug, year, months)
    context = progress_data.progress_context(progress_round)
    return html_response(render_html(progress_data.TEMPLATE, context, fonts=preview_fonts()))
