"""What the plan's pages show, computed only when the template renders the part that needs it.

The templates cache those parts under the plan's revision (measures/revisions.py), the day and what
the reader's role changes; while the plan has not changed, a page costs the queries that find the
plan and check the reader, and none of these.
"""
from __future__ import annotations

import datetime
from functools import cached_property

from agencies.models import Membership
from assessments.models import Assessment
from measures.charts import score_chart
from measures.models import Plan, ProgressReport
from measures.models.board import build_boards, current_round, mark_editable, plan_measures
from measures.models.changes import measure_history

# The keys change with every edit and every day; this only bounds how long memory is held.
TIMEOUT = 24 * 60 * 60


class PlanPage:
    every_year = False  # the chart: the plan's assessment and the year before, or every year the agency has

    def __init__(self, plan: Plan, today: datetime.date):
        self.plan = plan
        self.today = today
        self.timeout = TIMEOUT

    @cached_property
    def rounds(self) -> list:
        return list(self.plan.rounds.all())

    @cached_property
    def chart(self) -> dict | None:
        if self.plan.assessment_id is None:
            return None
        assessment = Assessment.objects.select_related("framework").get(pk=self.plan.assessment_id)
        return score_chart(assessment, every_year=self.every_year)


class DashboardPage(PlanPage):
    every_year = True

    def __init__(self, plan: Plan, membership: Membership | None, today: datetime.date):
        super().__init__(plan, today)
        self.membership = membership

    @cached_property
    def boards(self) -> dict:
        boards = build_boards(self.plan, self.rounds, today=self.today)
        mark_editable(boards.values(), self.membership)
        return boards

    @cached_property
    def round_boards(self) -> list:
        return [self.boards[r.pk] for r in self.rounds]

    @cached_property
    def board(self):
        current = current_round(self.rounds)
        return self.boards[current.pk] if current else None

    @cached_property
    def own(self) -> list:
        division_id = self.membership.division_id if self.membership else None
        return self.board.for_division(division_id) if self.board and division_id else []

    @cached_property
    def years(self) -> list[int]:
        return list(self.plan.organization.plans.values_list("fiscal_year", flat=True))


class MeasurePage(PlanPage):
    def __init__(self, plan: Plan, measure, membership: Membership | None, today: datetime.date):
        super().__init__(plan, today)
        self.measure = measure
        self.membership = membership

    @cached_property
    def divisions(self) -> list:
        return list(self.plan.organization.divisions.all())

    @cached_property
    def boards(self) -> list:
        reports = (
            ProgressReport.objects.filter(measure=self.measure)
            .select_related("reported_by").prefetch_related("evidence")
        )
        boards = build_boards(self.plan, self.rounds, today=self.today, measures=[self.measure], reports=reports,
                              divisions=self.divisions)
        mark_editable(boards.values(), self.membership)
        return [boards[r.pk] for r in self.rounds]

    @cached_property
    def responsible(self) -> list:
        responsible = set(self.measure.responsible_division_ids([d.pk for d in self.divisions]))
        return [d for d in self.divisions if d.pk in responsible]

    @cached_property
    def months(self) -> list[dict]:
        return fiscal_months(self.plan, self.measure, self.rounds)

    @cached_property
    def history(self) -> list:
        return measure_history(self.measure, divisions={d.pk: d.name for d in self.divisions}, rounds=self.rounds)


class PublicPage(PlanPage):
    @cached_property
    def evidence(self) -> dict[str, str]:
        return self.plan.evidence_codes()

    @cached_property
    def approved(self) -> list:
        return [r for r in self.rounds if r.is_locked()]

    @cached_property
    def measures(self) -> list:
        return list(plan_measures(self.plan))

    @cached_property
    def boards(self) -> list:
        # Drafts stay inside the agency even in an approved round.
        reports = (
            ProgressReport.objects.submitted().filter(round__in=self.approved)
            .select_related("reported_by").prefetch_related("evidence")
        )
        boards = build_boards(self.plan, self.approved, today=self.today, reports=reports, measures=self.measures)
        return [boards[r.pk] for r in self.approved]


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
