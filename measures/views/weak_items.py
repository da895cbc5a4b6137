"""The plan's weak items: what scored below the pass mark and which measures answer it."""
from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render

from agencies.access import membership_for
from measures.access import get_plan_for_user
from measures.weak_items import weak_items


@login_required
def page(request, org_slug: str, year: int):
    plan = get_plan_for_user(request.user, org_slug, year)
    membership = membership_for(request.user, plan.organization)
    if not membership.can_approve():
        raise PermissionDenied("only admins and executives read the weak items")
    rows = weak_items(plan)
    return render(request, "measures/weak_items.html", {
        "plan": plan,
        "organization": plan.organization,
        "membership": membership,
        "assessment": plan.assessment,
        "pass_mark": plan.assessment.framework.pass_mark if plan.assessment else None,
        "rows": rows,
        "unanswered": sum(row.unanswered for row in rows),
    })
