"""Progress reports of a round come in by measure code and division; an approved round takes none."""
import pytest
from django.utils import translation

from measures.models import ProgressReport, ProgressRound
from measures.resources import ProgressResource
from tests.importexport.helpers import problems, progress_snapshot, sheet

HEADERS = ("measure", "division", "status", "percent", "done", "links")


def run(round, *rows, headers=HEADERS, user=None):
    with translation.override("th"):
        result = ProgressResource(round=round).import_data(sheet(headers, *rows), user=user)
        return result, problems(result)


def report(round, code, division):
    theme, number = code.split(".")
    return ProgressReport.objects.get(round=round, measure__theme__number=theme, measure__number=number,
                                      division__name=division)


@pytest.mark.parametrize("typed, expected", [
    ("ดำเนินการแล้ว", "done"), ("done", "done"), ("ดำเนินการแล้วเสร็จ", "done"), ("อยู่ระหว่างดำเนินการ", "in_progress"),
    ("In progress", "in_progress"), ("ยังไม่ดำเนินการ", "not_started"),
])
def test_a_status_is_read_by_its_thai_label_code_or_a_synonym(six_months, typed, expected):
    percent = {"done": "100", "in_progress": "50", "not_started": "0"}[expected]
    _, found = run(six_months, ["1.1", "สำนักปลัด", typed, percent, "ประชุมแล้ว", ""])

    assert found == []
    assert report(six_months, "1.1", "สำนักปลัด").status == expected


def test_a_new_report_is_filed_by_the_importing_admin_as_version_1(six_months, agency_admin):
    result, found = run(six_months, ["1.3", "สำนักปลัด", "อยู่ระหว่างดำเนินการ", "๖๐%", "มอบหมายแอดมินแล้ว",
                                     "https://po.go.th/a https://facebook.com/po"], user=agency_admin)

    assert found == []
    assert result.totals["new"] == 1
    filed = report(six_months, "1.3", "สำนักปลัด")
    assert (filed.percent, filed.version, filed.reported_by) == (60, 1, agency_admin)
    assert filed.submitted_at is not None
    assert filed.links == "https://po.go.th/a\nhttps://facebook.com/po"


def test_a_changed_report_claims_the_next_version(six_months):
    run(six_months, ["1.1", "สำนักปลัด", "อยู่ระหว่างดำเนินการ", "70", "ดำเนินการตามแผน", ""])

    changed = report(six_months, "1.1", "สำนักปลัด")
    assert (changed.percent, changed.version) == (70, 1)


def test_a_measure_code_read_by_excel_as_a_number_is_still_found(six_months):
    _, found = run(six_months, [1.1, "สำนักปลัด", "อยู่ระหว่างดำเนินการ", 55, "ดำเนินการตามแผน", ""])

    assert found == []
    assert report(six_months, "1.1", "สำนักปลัด").percent == 55


def test_an_unknown_measure_is_refused(six_months):
    _, found = run(six_months, ["9.9", "สำนักปลัด", "ดำเนินการแล้ว", "100", "ดำเนินการตามแผน", ""])

    assert found == ["แถวที่ 2 คอลัมน์ A (measure) ค่า “9.9”: ไม่รู้จักมาตรการนี้: แผนปีงบประมาณ 2568 ไม่มีมาตรการนี้ "
                     "เขียนรหัสเป็นเลขประเด็น จุด และลำดับมาตรการ เช่น 1.2"]


def test_an_unknown_division_is_refused(six_months):
    _, found = run(six_months, ["1.1", "กองสวัสดิการ", "ดำเนินการแล้ว", "100", "ดำเนินการตามแผน", ""])

    assert found[0].startswith("แถวที่ 2 คอลัมน์ B (division) ค่า “กองสวัสดิการ”: ไม่รู้จักกอง/สำนัก “กองสวัสดิการ”")


def test_a_division_not_responsible_for_the_measure_is_refused(six_months):
    _, found = run(six_months, ["1.3", "กองคลัง", "ดำเนินการแล้ว", "100", "ดำเนินการตามแผน", ""])

    assert found == ["แถวที่ 2 คอลัมน์ B (division) ค่า “กองคลัง”: กอง/สำนักนี้ไม่ได้รับผิดชอบมาตรการนี้"]


def test_done_with_less_than_100_percent_is_refused(six_months):
    _, found = run(six_months, ["1.1", "สำนักปลัด", "ดำเนินการแล้ว", "80", "ดำเนินการตามแผน", ""])

    assert found == ["แถวที่ 2 คอลัมน์ D (percent) ค่า “80”: มาตรการที่ดำเนินการแล้วต้องมีความก้าวหน้าร้อยละ 100"]


def test_a_percent_above_100_and_an_unknown_status_are_both_named(six_months):
    _, found = run(six_months, ["1.1", "สำนักปลัด", "เกือบเสร็จ", "120", "ดำเนินการตามแผน", ""])

    assert found == [
        "แถวที่ 2 คอลัมน์ C (status) ค่า “เกือบเสร็จ”: ไม่รู้จักค่านี้ ใช้ค่าใดค่าหนึ่งต่อไปนี้: ยังไม่ดำเนินการ, "
        "อยู่ระหว่างดำเนินการ, ดำเนินการแล้ว",
        "แถวที่ 2 คอลัมน์ D (percent) ค่า “120”: ต้องเป็นจำนวนเต็มตั้งแต่ 0 ถึง 100",
    ]


def test_a_link_that_is_not_a_web_address_is_refused(six_months):
    _, found = run(six_months, ["1.1", "สำนักปลัด", "อยู่ระหว่างดำเนินการ", "50", "ดำเนินการตามแผน", "รูปภาพในไลน์กลุ่ม"])

    assert found == ["แถวที่ 2 คอลัมน์ F (links) ค่า “รูปภาพในไลน์กลุ่ม”: ไม่ใช่ที่อยู่เว็บ (ต้องขึ้นต้นด้วย https:// หรือ http://)"]


def test_the_same_measure_and_division_twice_is_refused(six_months):
    _, found = run(six_months, ["1.1", "สำนักปลัด", "ดำเนินการแล้ว", "100", "ดำเนินการตามแผน", ""],
                   ["1.1", " สำนักปลัด ", "ดำเนินการแล้ว", "100", "ดำเนินการตามแผน", ""])

    assert found == ["แถวที่ 3 คอลัมน์ B (division) ค่า “ สำนักปลัด ”: ซ้ำกับแถวที่ 2: ให้เหลือไว้เพียงแถวเดียว"]


def test_an_approved_round_takes_no_import_at_all(six_months):
    ProgressRound.objects.filter(pk=six_months.pk).update(status=ProgressRound.Status.APPROVED)
    before = progress_snapshot(six_months)

    result, found = run(six_months, ["1.1", "สำนักปลัด", "ดำเนินการแล้ว", "100", "ดำเนินการตามแผน", ""])

    assert found == ["อนุมัติรอบรายงานแล้ว รายงานในรอบนี้จะแก้ไขไม่ได้อีก"]
    assert result.has_errors()
    assert progress_snapshot(six_months) == before
