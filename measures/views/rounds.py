"""A progress round: every division's reports, approval, and reopening with a reason."""
from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from agencies.access import membership_for
from measures.access import get_plan_for_user, get_round_for_user
from measures.forms import ReopenForm
from measures.models.board import build_boards, mark_editable
from measures.services import RoundLocked, approve_round, reopen_round


def _round_page(request, plan, progress_round, *, form=None, status=200):
    reports = progress_round.reports.select_related("reported_by").prefetch_related("evidence")
    board = build_boards(plan, [progress_round], today=timezone.localdate(), reports=reports)[progress_round.pk]
    membership = membership_for(request.user, plan.organization)
    mark_editable([board], membership)
    return render(request, "measures/round_detail.html", {
        "plan": plan,
        "organization": plan.organization,
        "membership": membership,
        "round": progress_round,
        "board": board,
        "events": progress_round.events.select_related("by"),
        "form": form or ReopenForm(),
    }, status=status)


@login_required
def detail(request, org_slug: str, year: int, months: int):
    plan = get_plan_for_user(request.user, org_slug, year)
    progress_round = get_round_for_user(request.user, plan, months)
    return _round_page(request, plan, progress_round)


@login_required
@require_POST
def approve(request, org_slug: str, year: int, months: int):
    plan = get_plan_for_user(request.user, org_slug, year)
    progress_round = get_round_for_user(request.user, plan, months, approve=True)
    try:
        approve_round(round=progress_round, by=request.user)
    except RoundLocked:
        messages.warning(request, _("The round was already approved."))
    else:
        messages.success(request, _("The round is approved: its reports can no longer be changed."))
    return redirect("measures-round", org_slug=org_slug, year=year, months=months)


@login_required
@require_POST
def reopen(request, org_slug: str, year: int, months: int):
    plan = get_plan_for_user(request.user, org_slug, year)
    progress_round = get_round_for_user(request.user, plan, months, approve=True)
    form = ReopenForm(request.POST)
    if not form.is_valid():
        return _round_page(request, plan, progress_round, form=form, status=400)
    try:
        reopen_round(round=progress_round, by=request.user, reason=form.cleaned_data["reason"])
    except RoundLocked:
        messages.warning(request, _("The round is already open."))
    else:
        messages.success(request, _("The round is reopened; the reason is kept in its history."))
    return redirect("measures-round", org_slug=org_slug, year=year, months=months)
