"""Everything a round's progress report shows, as plain data (the cache key is its hash).

One entry per measure and responsible division: a measure of all divisions expects a report from
every division of the agency. A division has reported once its report is submitted (a saved draft
has not). A measure that starts after the round's period is not expected in that round.
"""
from __future__ import annotations

import datetime

from django.utils import timezone

from itaportal import thai
from measures.models import Measure, ProgressReport, ProgressRound
from reports.digits import Verbatim, localize
from reports.text import text_blocks

TEMPLATE = "reports/progress.html"
STATUSES = ("done", "in_progress", "not_started", "not_reported")


def progress_context(progress_round: ProgressRound) -> dict:
    plan = progress_round.plan
    organization = plan.organization
    divisions = list(organization.divisions.all())
    reports = {
        (report.measure_id, report.division_id): report
        for report in ProgressReport.objects.filter(round=progress_round, submitted_at__isnull=False)
        .select_related("reported_by").prefetch_related("evidence")
    }
    themes = []
    measures = list(Measure.objects.filter(plan=plan).select_related("theme").prefetch_related("divisions"))
    for theme in plan.themes.all():
        rows = [
            measure_entry(measure, divisions, reports, progress_round.ends_on)
            for measure in measures if measure.theme_id == theme.id
        ]
        themes.append({
            "number": str(theme.number), "title": theme.title, "measures": rows,
            "counts": count([entry for row in rows for entry in row["entries"]]),
        })
    data = {
        "document": "progress",
        "organization": {"name": organization.name, "short_name": organization.short_name},
        "fiscal_year": str(plan.fiscal_year),
        "thai_digits": plan.thai_digits,
        "round": round_facts(progress_round),
        "themes": themes,
        "totals": count([e for theme in themes for row in theme["measures"] for e in row["entries"]]),
    }
    return localize(data, thai_digits=plan.thai_digits)


def round_facts(progress_round: ProgressRound) -> dict:
    start, end = progress_round.starts_on, progress_round.ends_on
    approved_at = progress_round.approved_at
    return {
        "months": str(progress_round.months),
        # "(1 ต.ค. – 31 มี.ค.)": the round's span as the NACC names it, without the years
        "span": f"{start.day} {thai.MONTH_ABBREVIATIONS[start.month - 1]} – "
                f"{end.day} {thai.MONTH_ABBREVIATIONS[end.month - 1]}",
        "period": f"{thai.date_full(start)} – {thai.date_full(end)}",
        "due_on": thai.date_full(progress_round.due_on) if progress_round.due_on else None,
        "approved": progress_round.is_locked(),
        "approved_on": thai.date_full(timezone.localtime(approved_at).date()) if approved_at else None,
    }


def measure_entry(measure: Measure, divisions, reports: dict, ends_on: datetime.date) -> dict:
    responsible = divisions if measure.all_divisions else list(measure.divisions.all())
    expected = measure.start_month <= ends_on
    return {
        "code": f"{measure.theme.number}.{measure.number}",
        "title": measure.title,
        "expected": expected,
        "starts": thai.month_abbr(measure.start_month),
        "entries": [
            division_entry(division, reports.get((measure.pk, division.pk)))
            for division in responsible
        ] if expected else [],
    }


def division_entry(division, report: ProgressReport | None) -> dict:
    if report is None:
        return {"division": division.name, "status": "not_reported"}
    reporter = report.reported_by
    submitted = timezone.localtime(report.submitted_at)
    return {
        "division": division.name,
        "status": report.status,
        "percent": str(report.percent),
        "done": text_blocks(report.done),
        "result": text_blocks(report.result),
        "problems": text_blocks(report.problems),
        "links": [{"text": Verbatim(link), "href": Verbatim(link) if live else None}
                  for link, live in report.shown_links()],
        "files": [Verbatim(evidence.original_name) for evidence in report.evidence.all()],
        "reported_by": (reporter.get_full_name() or Verbatim(reporter.get_username())) if reporter else "",
        "reported_on": f"{thai.date_short(submitted.date())} {submitted:%H:%M} น.",
    }


def count(entries: list[dict]) -> dict:
    counts = dict.fromkeys(STATUSES, 0)
    for entry in entries:
        counts[entry["status"]] += 1
    return {**{key: str(value) for key, value in counts.items()}, "expected": str(len(entries))}
