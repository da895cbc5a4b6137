"""A division's progress report on a measure in a round: save as draft, or submit."""
from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from agencies.access import membership_for
from measures.access import get_measure_for_user, get_plan_for_user, get_report_for_user, get_round_for_user
from measures.forms import ProgressReportForm, evidence_max_bytes
from measures.models import ProgressReport
from measures.services import RoundLocked, StaleReport, save_report


def _page(request, report, form, *, status=200, latest=None):
    plan = report.round.plan
    return render(request, "measures/report_form.html", {
        "plan": plan,
        "organization": plan.organization,
        "membership": membership_for(request.user, plan.organization),
        "report": report,
        "round": report.round,
        "measure": report.measure,
        "form": form,
        "locked": report.round.is_locked(),
        "latest": latest,
        "max_bytes": evidence_max_bytes(),
    }, status=status)


def _fresh(report: ProgressReport) -> ProgressReport:
    """The report as stored now (a form may have changed the instance in memory), or a blank one."""
    current = (
        ProgressReport.objects.select_related("reported_by").prefetch_related("evidence")
        .filter(round=report.round, measure=report.measure, division=report.division).first()
    ) or ProgressReport()
    current.round, current.measure, current.division = report.round, report.measure, report.division
    return current


@login_required
def edit(request, org_slug: str, year: int, months: int, theme: int, number: int, division_id: int):
    plan = get_plan_for_user(request.user, org_slug, year)
    progress_round = get_round_for_user(request.user, plan, months)
    measure = get_measure_for_user(request.user, plan, theme, number)
    report = get_report_for_user(request.user, progress_round, measure, division_id, edit=True)
    if request.method != "POST":
        return _page(request, report, ProgressReportForm(instance=report))
    if progress_round.is_locked():
        return _page(request, report, ProgressReportForm(instance=report), status=409)

    submitting = request.POST.get("action") == "submit"
    form = ProgressReportForm(request.POST, request.FILES, instance=report, submitting=submitting)
    if not form.is_valid():
        return _page(request, report, form, status=400)
    try:
        save_report(
            report=form.save(commit=False), expected_version=form.cleaned_data["version"], by=request.user,
            submit=submitting, files=form.cleaned_data["files"], remove=form.cleaned_data["remove"],
        )
    except RoundLocked:
        current = _fresh(report)
        return _page(request, current, ProgressReportForm(instance=current), status=409)
    except StaleReport:
        latest = _fresh(report)
        # Keep what this person typed, now against the latest version: saving again is a deliberate choice.
        data = request.POST.copy()
        data["version"] = latest.version
        form = ProgressReportForm(data, instance=_fresh(report), submitting=submitting)
        form.is_valid()
        return _page(request, latest, form, status=409, latest=latest)
    messages.success(request, _("The report is submitted.") if submitting else _("The draft is saved."))
    url = reverse("measures-detail", args=[org_slug, year, theme, number])
    return redirect(f"{url}#report-{months}-{division_id}")

