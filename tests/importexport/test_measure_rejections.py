"""A measures file with bad rows is refused, each problem named in Thai, and nothing is saved."""
from django.utils import translation

from measures.resources import MeasureResource
from tests.importexport.helpers import measure_snapshot, problems, sheet

HEADERS = ("theme", "number", "title", "divisions", "start_month", "end_month")


def run(plan, *rows, headers=HEADERS):
    with translation.override("th"):
        result = MeasureResource(plan=plan).import_data(sheet(headers, *rows))
        return problems(result)


def test_an_unknown_division_is_refused_naming_the_agencys_divisions(plan):
    assert run(plan, [1, 3, "มาตรการ", "สำนักปลัด, กองสาธารณสุข", "ต.ค. 2567", "ก.ย. 2568"]) == [
        "แถวที่ 2 คอลัมน์ D (divisions) ค่า “สำนักปลัด, กองสาธารณสุข”: ไม่รู้จักกอง/สำนัก “กองสาธารณสุข” "
        "กอง/สำนักของหน่วยงานมี: สำนักปลัด, กองคลัง, กองช่าง, กองการศึกษา ศาสนาและวัฒนธรรม "
        "หรือใส่ ทุกสำนัก/กอง หากทุกกอง/สำนักรับผิดชอบ"]


def test_a_division_of_another_agency_is_unknown(plan, other_org):
    other_org.divisions.create(name="กองสาธารณสุข")

    assert "ไม่รู้จักกอง/สำนัก “กองสาธารณสุข”" in run(
        plan, [1, 3, "มาตรการ", "กองสาธารณสุข", "ต.ค. 2567", "ก.ย. 2568"])[0]


def test_a_month_that_cannot_be_read_is_refused(plan):
    assert run(plan, [1, 3, "มาตรการ", "สำนักปลัด", "ตุลา 67", "ก.ย. 2568"]) == [
        "แถวที่ 2 คอลัมน์ E (start_month) ค่า “ตุลา 67”: ไม่ใช่เดือน: เขียนแบบ ต.ค. 2567 หรือ 2024-10"]


def test_a_year_written_in_the_common_era_after_a_thai_month_is_refused(plan):
    assert run(plan, [1, 3, "มาตรการ", "สำนักปลัด", "ต.ค. 2024", "ก.ย. 2568"]) == [
        "แถวที่ 2 คอลัมน์ E (start_month) ค่า “ต.ค. 2024”: ไม่ใช่เดือน: เขียนแบบ ต.ค. 2567 หรือ 2024-10"]


def test_a_month_thirteen_is_refused(plan):
    assert run(plan, [1, 3, "มาตรการ", "สำนักปลัด", "2024-13", "ก.ย. 2568"])[0].startswith(
        "แถวที่ 2 คอลัมน์ E (start_month) ค่า “2024-13”: ไม่ใช่เดือน")


def test_an_end_before_the_start_is_refused(plan):
    assert run(plan, [1, 3, "มาตรการ", "สำนักปลัด", "ก.ย. 2568", "ต.ค. 2567"]) == [
        "แถวที่ 2 คอลัมน์ F (end_month) ค่า “ต.ค. 2567”: เดือนสิ้นสุดอยู่ก่อนเดือนเริ่มต้น"]


def test_the_same_measure_twice_is_refused(plan):
    assert run(plan, [1, 3, "ก", "สำนักปลัด", "ต.ค. 2567", "ก.ย. 2568"],
               [1, 3, "ข", "สำนักปลัด", "ต.ค. 2567", "ก.ย. 2568"]) == [
        "แถวที่ 3 คอลัมน์ B (number) ค่า “3”: ซ้ำกับแถวที่ 2: ให้เหลือไว้เพียงแถวเดียว"]


def test_a_theme_that_is_not_in_the_plan_needs_a_title(plan):
    assert run(plan, [8, 1, "มาตรการ", "สำนักปลัด", "ต.ค. 2567", "ก.ย. 2568"]) == [
        "แถวที่ 2 คอลัมน์ A (theme) ค่า “8”: ไม่มีประเด็นที่ 8 ในแผน: ใส่ชื่อประเด็นเพื่อเพิ่มประเด็นนี้"]


def test_a_new_measure_needs_its_title_divisions_and_months(plan):
    assert run(plan, [1, 9], headers=("theme", "number")) == [
        "แถวที่ 2: มาตรการใหม่ต้องมี “มาตรการ/แนวทาง (title)”",
        "แถวที่ 2: มาตรการใหม่ต้องมี “ผู้รับผิดชอบ (divisions)”",
        "แถวที่ 2: มาตรการใหม่ต้องมี “เดือนเริ่มต้น (start_month)”",
        "แถวที่ 2: มาตรการใหม่ต้องมี “เดือนสิ้นสุด (end_month)”",
    ]


def test_an_existing_measures_title_may_not_be_emptied(plan):
    assert run(plan, [1, 1, ""], headers=("theme", "number", "title")) == [
        "แถวที่ 2 คอลัมน์ C (title) ค่า “”: ช่องนี้เว้นว่างไม่ได้"]


def test_two_titles_for_one_theme_are_refused(plan):
    found = run(plan, [1, 1, "ชื่อใหม่"], [1, 2, "ชื่อใหม่อีกชื่อ"], headers=("theme", "number", "theme_title"))

    assert found == ["แถวที่ 3 คอลัมน์ C (theme_title) ค่า “ชื่อใหม่อีกชื่อ”: ชื่อประเด็นไม่ตรงกับที่ระบุไว้ในแถวที่ 2"]


def test_a_theme_title_longer_than_the_model_allows_is_refused(plan):
    found = run(plan, [1, 1, "ก" * 301], headers=("theme", "number", "theme_title"))

    assert found == [f"แถวที่ 2 คอลัมน์ C (theme_title) ค่า “{'ก' * 59}…”: ยาวเกินไป: มี 301 ตัวอักษร ได้ไม่เกิน 300 ตัวอักษร"]


def test_a_theme_number_must_be_a_whole_number(plan):
    assert run(plan, ["1.5", 1, "x"], headers=("theme", "number", "title")) == [
        "แถวที่ 2 คอลัมน์ A (theme) ค่า “1.5”: ไม่ใช่จำนวนเต็ม"]


def test_a_refused_file_saves_nothing_not_even_its_good_rows(plan):
    before = measure_snapshot(plan)
    found = run(plan, [1, 1, "ชื่อใหม่", "สำนักปลัด", "ต.ค. 2567", "ก.ย. 2568"],
                [9, 1, "มาตรการใหม่", "สำนักปลัด", "ต.ค. 2567", "ก.ย. 2568"],
                [1, 2, "ชื่อใหม่", "สำนักปลัด", "ต.ค. 2567", "ก.ย. 2566"])

    assert len(found) == 2
    assert measure_snapshot(plan) == before
