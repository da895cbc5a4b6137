"""The agency's dashboard for a fiscal year, and the landing page that leads to it."""
from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone

from agencies.access import membership_for
from agencies.models import Organization
from measures.access import get_plan_for_user
from measures.models import Plan
from measures.pages import DashboardPage


@login_required
def home(request):
    """The latest plan of the user's first agency that has one."""
    organizations = Organization.objects.filter(memberships__user=request.user)
    if request.user.is_superuser:
        organizations = Organization.objects.all()
    organizations = organizations.order_by("name")
    plan = Plan.objects.filter(organization__in=organizations).select_related("organization").order_by(
        "organization__name", "-fiscal_year"
    ).first()
    if plan is not None:
        return redirect("measures-dashboard", org_slug=plan.organization.slug, year=plan.fiscal_year)
    organization = organizations.first()
    if organization is None:
        return render(request, "measures/no_agency.html", status=403)
    return render(request, "measures/no_plan.html", {"organization": organization})


@login_required
def dashboard(request, org_slug: str, year: int):
    plan = get_plan_for_user(request.user, org_slug, year)
    membership = membership_for(request.user, plan.organization)
    return render(request, "measures/dashboard.html", {
        "plan": plan,
        "organization": plan.organization,
        "membership": membership,
        "page": DashboardPage(plan, membership, timezone.localdate()),
    })
