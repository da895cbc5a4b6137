"""Exporting a plan's measures and importing the file back changes nothing, and leaves no history."""
import pytest

from itaportal.spreadsheets.widgets import TextWidget
from measures.resources import MeasureResource
from tests.importexport.helpers import measure_snapshot, problems, through, to_bytes


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_exporting_and_importing_the_measures_changes_nothing(plan, fmt):
    before = measure_snapshot(plan)
    exported = MeasureResource(plan=plan).export(force_native_type=fmt == "xlsx")

    result = MeasureResource(plan=plan).import_data(through(exported, fmt))

    assert problems(result) == []
    assert (result.totals["new"], result.totals["update"], result.totals["skip"]) == (0, 0, 17)
    assert result.changes == []
    assert measure_snapshot(plan) == before


def test_the_export_writes_the_seed_documents_table(plan):
    exported = MeasureResource(plan=plan).export()
    first = dict(zip(exported.headers, exported[0]))

    assert exported.headers == ["theme", "theme_title", "number", "title", "steps", "divisions", "start_month",
                                "end_month", "follow_up"]
    assert first["theme"] == "1"
    assert first["number"] == "1"
    assert first["title"] == "การประชุมพนักงาน"
    assert first["divisions"] == "ทุกสำนัก/กอง"
    assert (first["start_month"], first["end_month"]) == ("ต.ค. 2567", "ก.ย. 2568")
    assert len(exported) == 17


def test_a_csv_export_keeps_excel_from_reading_a_step_as_a_formula(plan):
    exported = MeasureResource(plan=plan).export()
    csv_text = to_bytes(exported, "csv").decode("utf-8-sig")

    assert "'- จัดให้มีการประชุมพนักงาน" in csv_text
    assert TextWidget().clean(through(exported, "csv")[0][4]).startswith("- จัดให้มีการประชุมพนักงาน")


def test_a_title_changed_in_the_file_is_the_only_change(plan):
    exported = MeasureResource(plan=plan).export()
    rows = [list(row) for row in exported]
    rows[0][3] = "การประชุมพนักงานประจำเดือน"
    changed = type(exported)(*rows, headers=exported.headers)

    result = MeasureResource(plan=plan).import_data(through(changed, "xlsx"))

    assert (result.totals["new"], result.totals["update"]) == (0, 1)
    assert [str(change) for change in result.changes] == [
        "1.1: title: การประชุมพนักงาน → การประชุมพนักงานประจำเดือน"]
    measure = plan.measures.get(theme__number=1, number=1)
    assert measure.title == "การประชุมพนักงานประจำเดือน"
    assert measure.history.count() == 2
