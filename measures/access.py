"""Fetch each object for the user, or refuse: 404 outside the user's agency (its existence is not
disclosed), 403 inside it when the role does not allow the action. Every view goes through these."""
from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from agencies.access import require_membership
from agencies.models import Division
from measures.models import Evidence, Measure, Plan, ProgressReport, ProgressRound


def get_plan_for_user(user, org_slug: str, year: int, *, manage: bool = False) -> Plan:
    plan = get_object_or_404(
        Plan.objects.select_related("organization"),
        organization__slug=org_slug, fiscal_year=year,
    )
    membership = require_membership(user, plan.organization)
    if manage and not membership.can_manage_plan():
        raise PermissionDenied("only the agency's admins manage its plan")
    return plan


def get_measure_for_user(user, plan: Plan, theme: int, number: int) -> Measure:
    require_membership(user, plan.organization)
    measure = get_object_or_404(
        Measure.objects.select_related("theme").prefetch_related("divisions"),
        plan=plan, theme__number=theme, number=number,
    )
    measure.plan = plan
    return measure


def get_round_for_user(user, plan: Plan, months: int, *, approve: bool = False) -> ProgressRound:
    membership = require_membership(user, plan.organization)
    progress_round = get_object_or_404(ProgressRound, plan=plan, months=months)
    progress_round.plan = plan
    if approve and not membership.can_approve():
        raise PermissionDenied("only admins and executives approve a round")
    return progress_round


def get_report_for_user(
    user, progress_round: ProgressRound, measure: Measure, division_id: int, *, edit: bool = False
) -> ProgressReport:
    """The division's report on the measure in the round; a new, unsaved one if none was written yet."""
    membership = require_membership(user, progress_round.plan.organization)
    division = get_object_or_404(Division, pk=division_id, organization=progress_round.plan.organization)
    if measure.plan_id != progress_round.plan_id or not measure.is_responsible(division):
        raise Http404("this division does not report on this measure")
    if edit and not membership.can_edit_part(division.pk):
        raise PermissionDenied("staff edit only their own division's reports")
    report = (
        ProgressReport.objects.select_related("reported_by")
        .filter(round=progress_round, measure=measure, division=division)
        .first()
    )
    if report is None:
        report = ProgressReport(round=progress_round, measure=measure, division=division)
    report.round, report.measure, report.division = progress_round, measure, division
    return report


def get_evidence_for_user(user, pk: int) -> Evidence:
    evidence = get_object_or_404(
        Evidence.objects.select_related("report__round__plan__organization", "report__division"), pk=pk
    )
    require_membership(user, evidence.report.round.plan.organization)
    return evidence


def get_public_plan(org_slug: str, year: int) -> Plan:
    return get_object_or_404(
        Plan.objects.select_related("organization"),
        organization__slug=org_slug, fiscal_year=year, status=Plan.Status.PUBLISHED,
    )


def get_public_round(plan: Plan, months: int) -> ProgressRound:
    progress_round = get_object_or_404(
        ProgressRound, plan=plan, months=months, status=ProgressRound.Status.APPROVED
    )
    progress_round.plan = plan
    return progress_round


def get_public_evidence(plan: Plan, pk: int) -> Evidence:
    """Evidence of a published plan, once its round is approved and its report submitted (drafts stay inside)."""
    return get_object_or_404(
        Evidence.objects.select_related("report"),
        pk=pk, report__round__plan=plan, report__round__status=ProgressRound.Status.APPROVED,
        report__submitted_at__isnull=False,
    )
