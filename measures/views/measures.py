"""A measure: what it is, who is responsible, when it runs, its reports per round and its history."""
from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone

from agencies.access import membership_for
from measures.access import get_measure_for_user, get_plan_for_user
from measures.pages import MeasurePage


@login_required
def detail(request, org_slug: str, year: int, theme: int, number: int):
    plan = get_plan_for_user(request.user, org_slug, year)
    measure = get_measure_for_user(request.user, plan, theme, number)
    membership = membership_for(request.user, plan.organization)
    return render(request, "measures/measure_detail.html", {
        "plan": plan,
        "organization": plan.organization,
        "membership": membership,
        "measure": measure,
        "page": MeasurePage(plan, measure, membership, timezone.localdate()),
    })
