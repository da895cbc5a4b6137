from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from measures.access import get_plan_for_user
from measures.services import publish_plan


@login_required
@require_POST
def publish(request, org_slug: str, year: int):
    plan = get_plan_for_user(request.user, org_slug, year, manage=True)
    publish_plan(plan=plan, by=request.user)
    messages.success(request, _("The plan is published on its public page."))
    return redirect("measures-dashboard", org_slug=org_slug, year=year)
