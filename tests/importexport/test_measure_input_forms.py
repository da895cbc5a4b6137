"""A measures file is read the way people type it: Thai months, Excel dates, division lists, new themes."""
import datetime

import pytest
from django.utils import translation

from measures.models import Measure, Theme
from measures.resources import MeasureResource
from tests.importexport.helpers import from_bytes, measure_snapshot, problems, sheet, to_bytes

HEADERS = ("theme", "number", "title", "divisions", "start_month", "end_month")


def run(plan, *rows, headers=HEADERS, dry_run=False):
    with translation.override("th"):
        result = MeasureResource(plan=plan).import_data(sheet(headers, *rows), dry_run=dry_run)
        assert problems(result) == []
        return result


@pytest.mark.parametrize("typed", ["ต.ค. ๒๕๖๗", "ต.ค.2567", "ตุลาคม 2567", "2024-10", "2024-10-01", " ต.ค.  2567 ",
                                   datetime.datetime(2024, 10, 1), datetime.date(2024, 10, 15)])
def test_a_month_is_read_however_it_was_typed(plan, typed):
    run(plan, [1, 3, "มาตรการ", "สำนักปลัด", typed, "ก.ย. 2568"])

    assert plan.measures.get(theme__number=1, number=3).start_month == datetime.date(2024, 10, 1)


def test_an_excel_date_cell_in_an_xlsx_is_a_month(plan):
    data = to_bytes(sheet(HEADERS, [1, 3, "มาตรการ", "สำนักปลัด", datetime.datetime(2025, 3, 1),
                                    datetime.datetime(2025, 9, 1)]), "xlsx")
    result = MeasureResource(plan=plan).import_data(from_bytes(data, "xlsx"))

    assert problems(result) == []
    measure = plan.measures.get(theme__number=1, number=3)
    assert (measure.start_month, measure.end_month) == (datetime.date(2025, 3, 1), datetime.date(2025, 9, 1))


def test_divisions_are_separated_by_commas_or_line_breaks_and_spaces_do_not_matter(plan):
    run(plan, [1, 3, "มาตรการ", "สำนักปลัด\nกองคลัง, กองการศึกษา  ศาสนาและวัฒนธรรม", "ต.ค. 2567", "ก.ย. 2568"])

    measure = plan.measures.get(theme__number=1, number=3)
    assert not measure.all_divisions
    assert sorted(measure.divisions.values_list("name", flat=True)) == [
        "กองการศึกษา ศาสนาและวัฒนธรรม", "กองคลัง", "สำนักปลัด"]


@pytest.mark.parametrize("typed", ["ทุกสำนัก/กอง", "ทุกกอง/สำนัก", " ทุกสำนัก / กอง "])
def test_all_divisions_is_written_as_the_seed_writes_it(plan, typed):
    run(plan, [1, 3, "มาตรการ", typed, "ต.ค. 2567", "ก.ย. 2568"])

    measure = plan.measures.get(theme__number=1, number=3)
    assert measure.all_divisions
    assert measure.divisions.count() == 0


def test_a_new_measure_is_added_to_its_theme(plan):
    result = run(plan, [2, 2, "มาตรการใหม่", "กองช่าง", "ม.ค. 2568", "มี.ค. 2568"])

    assert (result.totals["new"], result.totals["update"]) == (1, 0)
    measure = plan.measures.get(theme__number=2, number=2)
    assert measure.title == "มาตรการใหม่"
    assert list(measure.divisions.values_list("name", flat=True)) == ["กองช่าง"]


def test_a_theme_given_with_its_title_is_added_to_the_plan(plan):
    run(plan, [8, 1, "มาตรการใหม่", "สำนักปลัด", "ต.ค. 2567", "ก.ย. 2568", "ประเด็นเพิ่มเติม"],
        [8, 2, "มาตรการที่สอง", "กองคลัง", "ต.ค. 2567", "ก.ย. 2568", ""],
        headers=(*HEADERS, "theme_title"))

    theme = Theme.objects.get(plan=plan, number=8)
    assert theme.title == "ประเด็นเพิ่มเติม"
    assert sorted(theme.measures.values_list("number", flat=True)) == [1, 2]


def test_a_different_theme_title_renames_the_theme(plan):
    result = run(plan, [1, 1, "ชื่อประเด็นใหม่"], [1, 2, "ชื่อประเด็นใหม่"], headers=("theme", "number", "theme_title"))

    assert Theme.objects.get(plan=plan, number=1).title == "ชื่อประเด็นใหม่"
    assert [str(change) for change in result.changes] == [
        "1.1: theme_title: กระบวนการปฏิบัติงานที่โปร่งใสและมีประสิทธิภาพ → ชื่อประเด็นใหม่"]


def test_columns_left_out_of_the_file_are_left_alone(plan):
    measure = plan.measures.get(theme__number=1, number=1)
    run(plan, [1, 1, "ติดตามทุกไตรมาส"], headers=("theme", "number", "follow_up"))

    measure.refresh_from_db()
    assert measure.follow_up == "ติดตามทุกไตรมาส"
    assert measure.title == "การประชุมพนักงาน"
    assert measure.all_divisions


def test_a_dry_run_lists_the_changes_and_saves_nothing(plan):
    before = measure_snapshot(plan)
    result = run(plan, [1, 1, "ชื่อใหม่", "สำนักปลัด", "ต.ค. 2567", "มี.ค. 2568"], dry_run=True)

    assert [str(change) for change in result.changes] == [
        "1.1: title: การประชุมพนักงาน → ชื่อใหม่; divisions: ทุกสำนัก/กอง → สำนักปลัด; end_month: ก.ย. 2568 → มี.ค. 2568"]
    assert (result.totals["new"], result.totals["update"]) == (0, 1)
    assert measure_snapshot(plan) == before


def test_measures_not_in_the_file_are_kept(plan):
    run(plan, [1, 1, "ชื่อใหม่"], headers=("theme", "number", "title"))

    assert Measure.objects.filter(plan=plan).count() == 17
