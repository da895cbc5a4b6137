"""A measure: what it is, who is responsible, when it runs, its reports per round and its history."""
from __future__ import annotations

import datetime

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone

from measures.access import get_measure_for_user, get_plan_for_user, membership_for
from measures.models import Plan, ProgressReport
from measures.models.board import build_boards, mark_editable
from measures.models.changes import measure_history


def fiscal_months(plan: Plan, measure, rounds) -> list[dict]:
    """The twelve months of the fiscal year, marking those the measure runs in and the rounds' ends."""
    ends = {(r.ends_on.year, r.ends_on.month): r for r in rounds}
    months, day = [], plan.starts_on
    for _ in range(12):
        months.append({
            "date": day,
            "active": measure.start_month <= day <= measure.end_month,
            "round": ends.get((day.year, day.month)),
        })
        day = (day + datetime.timedelta(days=32)).replace(day=1)
    return months


@login_required
def detail(request, org_slug: str, year: int, theme: int, number: int):
    plan = get_plan_for_user(request.user, org_slug, year)
    measure = get_measure_for_user(request.user, plan, theme, number)
    membership = membership_for(request.user, plan.organization)
    rounds = list(plan.rounds.all())
    divisions = list(plan.organization.divisions.all())
    reports = (
        ProgressReport.objects.filter(measure=measure)
        .select_related("reported_by").prefetch_related("evidence")
    )
    boards = build_boards(
        plan, rounds, today=timezone.localdate(), measures=[measure], reports=reports, divisions=divisions
    )
    mark_editable(boards.values(), membership)
    responsible = set(measure.responsible_division_ids([d.pk for d in divisions]))
    return render(request, "measures/measure_detail.html", {
        "plan": plan,
        "organization": plan.organization,
        "membership": membership,
        "measure": measure,
        "responsible": [d for d in divisions if d.pk in responsible],
        "months": fiscal_months(plan, measure, rounds),
        "boards": [boards[r.pk] for r in rounds],
        "history": measure_history(
            measure, divisions={d.pk: d.name for d in divisions}, rounds=rounds
        ),
    })
