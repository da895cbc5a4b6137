"""The public page of a published plan and its evidence files, at stable URLs agencies cite as OIT evidence
(the documents are served by reports/public.py)."""
from __future__ import annotations

from django.shortcuts import render
from django.utils import timezone, translation
from django.views.decorators.http import require_safe

from measures.access import get_public_evidence, get_public_plan
from measures.pages import PublicPage
from measures.views.evidence import file_response


@require_safe
def plan(request, org_slug: str, year: int):
    public_plan = get_public_plan(org_slug, year)
    # The agency's publication, cited as evidence: Thai whatever the visitor's browser prefers.
    with translation.override("th"):
        return render(request, "measures/public_plan.html", {
            "plan": public_plan,
            "organization": public_plan.organization,
            "page": PublicPage(public_plan, timezone.localdate()),
        })


@require_safe
def evidence(request, org_slug: str, year: int, pk: int):
    public_plan = get_public_plan(org_slug, year)
    return file_response(get_public_evidence(public_plan, pk), cache="public, max-age=300")
