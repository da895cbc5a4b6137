"""Files and snapshots for the import/export tests."""
from __future__ import annotations

import tablib

from assessments.models import IndicatorScore, ItemScore, SubIndicatorScore, ToolScore
from itaportal.spreadsheets.formats import SheetCSV, SheetXLSX
from measures.models import Measure, ProgressReport, Theme, ThemeItem

FORMATS = {"csv": SheetCSV, "xlsx": SheetXLSX}


def sheet(headers, *rows) -> tablib.Dataset:
    return tablib.Dataset(*[list(row) for row in rows], headers=list(headers))


def to_bytes(dataset: tablib.Dataset, fmt: str) -> bytes:
    return FORMATS[fmt]().export_data(dataset)


def from_bytes(data: bytes, fmt: str) -> tablib.Dataset:
    return FORMATS[fmt]().create_dataset(data)


def through(dataset: tablib.Dataset, fmt: str) -> tablib.Dataset:
    """The dataset as it comes back after being written to a file of that format."""
    return from_bytes(to_bytes(dataset, fmt), fmt)


def problems(result) -> list[str]:
    return [str(problem) for problem in result.problems]


def score_snapshot(assessment) -> dict:
    assessment.refresh_from_db()
    return {
        "overall": assessment.overall,
        "tools": sorted(ToolScore.objects.filter(assessment=assessment).values_list("tool__code", "score")),
        "indicators": sorted(IndicatorScore.objects.filter(assessment=assessment).values_list(
            "indicator__number", "score")),
        "subs": sorted(SubIndicatorScore.objects.filter(assessment=assessment).values_list(
            "subindicator__code", "score")),
        "items": sorted(ItemScore.objects.filter(assessment=assessment).values_list(
            "item__code", "score", "evidence_url")),
    }


def measure_snapshot(plan) -> dict:
    return {
        "themes": sorted(Theme.objects.filter(plan=plan).values_list("number", "title", "analysis")),
        "links": sorted(ThemeItem.objects.filter(theme__plan=plan).values_list("theme__number", "item__code")),
        "measures": sorted(Measure.objects.filter(plan=plan).values_list(
            "theme__number", "number", "title", "steps", "all_divisions", "start_month", "end_month", "follow_up")),
        "divisions": sorted(Measure.divisions.through.objects.filter(measure__plan=plan).values_list(
            "measure__theme__number", "measure__number", "division__name")),
        "history": Measure.history.filter(plan=plan).count(),
    }


def progress_snapshot(round) -> dict:
    return {
        "reports": sorted(ProgressReport.objects.filter(round=round).values_list(
            "measure__theme__number", "measure__number", "division__name", "status", "percent", "done", "result",
            "problems", "links", "version", "submitted_at")),
        "history": ProgressReport.history.filter(round=round).count(),
    }
