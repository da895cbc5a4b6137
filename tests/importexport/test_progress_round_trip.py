"""Exporting a round's progress reports and importing the file back changes nothing."""
import pytest

from measures.resources import ProgressResource
from tests.importexport.helpers import problems, progress_snapshot, through


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_exporting_and_importing_the_progress_changes_nothing(six_months, fmt):
    before = progress_snapshot(six_months)
    exported = ProgressResource(round=six_months).export(force_native_type=fmt == "xlsx")

    result = ProgressResource(round=six_months).import_data(through(exported, fmt))

    assert problems(result) == []
    assert (result.totals["new"], result.totals["update"], result.totals["skip"]) == (0, 0, 2)
    assert progress_snapshot(six_months) == before


def test_the_export_names_measures_by_code_and_status_by_its_thai_label(six_months):
    exported = ProgressResource(round=six_months).export()
    rows = [dict(zip(exported.headers, row)) for row in exported]

    assert exported.headers == ["measure", "division", "status", "percent", "done", "result", "problems", "links"]
    assert [(r["measure"], r["division"], r["status"], r["percent"]) for r in rows] == [
        ("1.1", "สำนักปลัด", "อยู่ระหว่างดำเนินการ", "50"),
        ("1.1", "กองคลัง", "ดำเนินการแล้ว", "100"),
    ]
