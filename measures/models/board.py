"""Where a plan stands in a round: each measure's parts (one per responsible division) and their reports.

Built from a fixed number of queries whatever the size of the plan, for the dashboard, the round page
and the public page.
"""
from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from agencies.models import Division
from measures.models.plans import Measure, Plan, Theme
from measures.models.progress import ProgressReport, ProgressRound

STATUSES = [
    ProgressReport.Status.DONE, ProgressReport.Status.IN_PROGRESS, ProgressReport.Status.NOT_STARTED,
]


@dataclass
class Part:
    """One division's share of a measure in a round, reported or not."""

    round: ProgressRound
    measure: Measure
    division: Division
    report: ProgressReport | None
    today: datetime.date
    editable: bool = False  # set by the page for the person looking at it

    STATES = {
        "submitted": _("submitted"), "draft": _("draft"), "missing": _("not reported"), "overdue": _("overdue"),
    }

    @property
    def submitted(self) -> bool:
        return self.report is not None and self.report.is_submitted()

    @property
    def status(self) -> str:
        return self.report.status if self.report else ProgressReport.Status.NOT_STARTED

    @property
    def percent(self) -> int:
        return self.report.percent if self.report else 0

    @property
    def overdue(self) -> bool:
        return not self.submitted and self.round.is_past_due(self.today)

    @property
    def state(self) -> str:
        if self.submitted:
            return "submitted"
        if self.overdue:
            return "overdue"
        return "draft" if self.report is not None else "missing"

    def state_label(self) -> str:
        return str(self.STATES[self.state])

    def get_status_display(self) -> str:
        return ProgressReport.Status(self.status).label


@dataclass
class MeasureProgress:
    measure: Measure
    parts: list[Part]

    @property
    def percent(self) -> int:
        return round(sum(part.percent for part in self.parts) / len(self.parts)) if self.parts else 0

    @property
    def status(self) -> str:
        """Done when every division is done, not started while none has started."""
        statuses = {part.status for part in self.parts}
        if statuses == {ProgressReport.Status.DONE}:
            return ProgressReport.Status.DONE
        if not statuses or statuses == {ProgressReport.Status.NOT_STARTED}:
            return ProgressReport.Status.NOT_STARTED
        return ProgressReport.Status.IN_PROGRESS

    def get_status_display(self) -> str:
        return ProgressReport.Status(self.status).label

    def reported(self) -> list[Part]:
        return [part for part in self.parts if part.report is not None]

    def unreported(self) -> list[Part]:
        return [part for part in self.parts if part.report is None]


@dataclass
class ThemeProgress:
    theme: Theme
    measures: list[MeasureProgress] = field(default_factory=list)

    @property
    def percent(self) -> int:
        if not self.measures:
            return 0
        return round(sum(m.percent for m in self.measures) / len(self.measures))

    @property
    def done(self) -> int:
        return sum(1 for m in self.measures if m.status == ProgressReport.Status.DONE)


@dataclass
class StatusCount:
    status: str
    label: str
    count: int
    total: int

    @property
    def percent(self) -> int:
        return round(100 * self.count / self.total) if self.total else 0


@dataclass
class Board:
    round: ProgressRound
    measures: list[MeasureProgress]
    today: datetime.date

    @property
    def parts(self) -> list[Part]:
        return [part for progress in self.measures for part in progress.parts]

    def themes(self) -> list[ThemeProgress]:
        themes: dict[int, ThemeProgress] = {}
        for progress in self.measures:
            theme = progress.measure.theme
            themes.setdefault(theme.pk, ThemeProgress(theme)).measures.append(progress)
        return list(themes.values())

    def by_status(self) -> list[StatusCount]:
        counts = Counter(progress.status for progress in self.measures)
        return [
            StatusCount(status, ProgressReport.Status(status).label, counts[status], len(self.measures))
            for status in STATUSES
        ]

    def submitted(self) -> int:
        return sum(1 for part in self.parts if part.submitted)

    def overdue(self) -> list[Part]:
        return [part for part in self.parts if part.overdue]

    def for_division(self, division_id: int) -> list[Part]:
        return [part for part in self.parts if part.division.pk == division_id]

    def divisions(self) -> list[dict]:
        """Per division: parts expected, submitted and overdue."""
        rows: dict[int, dict] = {}
        for part in self.parts:
            row = rows.setdefault(
                part.division.pk, {"division": part.division, "expected": 0, "submitted": 0, "overdue": 0}
            )
            row["expected"] += 1
            row["submitted"] += part.submitted
            row["overdue"] += part.overdue
        return sorted(rows.values(), key=lambda row: (row["division"].order, row["division"].name))


def plan_measures(plan: Plan):
    return plan.measures.select_related("theme").prefetch_related("divisions")


def build_boards(
    plan: Plan,
    rounds: list[ProgressRound],
    *,
    today: datetime.date,
    measures: list[Measure] | None = None,
    reports=None,
    divisions: list[Division] | None = None,
) -> dict[int, Board]:
    """One board per round, keyed by round pk. `reports` may narrow or prefetch (e.g. submitted only)."""
    measures = list(plan_measures(plan)) if measures is None else measures
    divisions = list(plan.organization.divisions.all()) if divisions is None else divisions
    by_id = {division.pk: division for division in divisions}
    if reports is None:
        # By round ids, not through a join on the plan: the index on round_id then serves it whatever the
        # planner's statistics say (the join read every report of every agency on a large database).
        reports = ProgressReport.objects.filter(round_id__in=[r.pk for r in rounds])
    found = {(r.round_id, r.measure_id, r.division_id): r for r in reports}
    boards = {}
    for progress_round in rounds:
        progresses = []
        for measure in measures:
            if not measure.runs_by(progress_round.ends_on):
                continue
            parts = [
                Part(progress_round, measure, by_id[division_id],
                     found.get((progress_round.pk, measure.pk, division_id)), today)
                for division_id in measure.responsible_division_ids(list(by_id))
                if division_id in by_id
            ]
            parts.sort(key=lambda part: (part.division.order, part.division.name))
            progresses.append(MeasureProgress(measure, parts))
        boards[progress_round.pk] = Board(progress_round, progresses, today)
    return boards


def mark_editable(boards, membership) -> None:
    """Which parts this member may edit: their own division's (or any, for admins) in open rounds."""
    for board in boards:
        for part in board.parts:
            part.editable = not part.round.is_locked() and membership.can_edit_part(part.division.pk)


def current_round(rounds: list[ProgressRound]) -> ProgressRound | None:
    """The round people are working on: the first still open, else the last one."""
    for progress_round in rounds:
        if not progress_round.is_locked():
            return progress_round
    return rounds[-1] if rounds else None
