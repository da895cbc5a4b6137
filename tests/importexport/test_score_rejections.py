"""A scores file with bad rows is refused, each problem named in Thai with its Excel row, column and value."""
from django.utils import translation

from assessments.resources import ScoreResource
from tests.importexport.helpers import problems, score_snapshot, sheet


def run(assessment, *rows, headers=("code", "score")):
    with translation.override("th"):
        result = ScoreResource(assessment=assessment).import_data(sheet(headers, *rows))
        return problems(result)


def test_a_score_above_100_is_refused_with_its_row_column_and_value(assessment_2567):
    assert run(assessment_2567, ["I1", "120"]) == [
        "แถวที่ 2 คอลัมน์ B (score) ค่า “120”: คะแนนต้องอยู่ระหว่าง 0 ถึง 100"]


def test_a_negative_score_is_refused(assessment_2567):
    assert run(assessment_2567, ["I1", "-1"]) == [
        "แถวที่ 2 คอลัมน์ B (score) ค่า “-1”: คะแนนต้องอยู่ระหว่าง 0 ถึง 100"]


def test_every_bad_row_is_named_at_once_and_nothing_is_saved(assessment_2567):
    before = score_snapshot(assessment_2567)
    found = run(assessment_2567, ["I1", "95"], ["I2", "abc"], ["I3", "90"], ["I4", "101"], ["ZZ1", "50"])

    assert found == [
        "แถวที่ 3 คอลัมน์ B (score) ค่า “abc”: ไม่ใช่ตัวเลข",
        "แถวที่ 5 คอลัมน์ B (score) ค่า “101”: คะแนนต้องอยู่ระหว่าง 0 ถึง 100",
        "แถวที่ 6 คอลัมน์ A (code) ค่า “ZZ1”: ไม่รู้จักรหัสนี้: กรอบการประเมิน ITA 2567 ไม่มีรหัสนี้ "
        "ตัวอย่างรหัส: I1, E1, O1, IND1, SUB9.1, IIT, OVERALL",
    ]
    assert score_snapshot(assessment_2567) == before


def test_the_same_code_twice_is_refused_naming_the_first_row(assessment_2567):
    assert run(assessment_2567, ["I1", "95"], ["I2", "95"], ["i1 ", "96"]) == [
        "แถวที่ 4 คอลัมน์ A (code) ค่า “i1 ”: ซ้ำกับแถวที่ 2: ให้เหลือไว้เพียงแถวเดียว"]


def test_a_code_of_another_years_framework_is_unknown(assessment_2567):
    found = run(assessment_2567, ["O36", "100"])

    assert found[0].startswith("แถวที่ 2 คอลัมน์ A (code) ค่า “O36”: ไม่รู้จักรหัสนี้")


def test_a_sub_indicator_code_without_its_prefix_is_unknown(assessment_2567):
    found = run(assessment_2567, [9.1, "90"])

    assert found[0].startswith("แถวที่ 2 คอลัมน์ A (code) ค่า “9.1”: ไม่รู้จักรหัสนี้")


def test_a_pass_fail_item_refuses_a_partial_score(assessment_2567):
    assert run(assessment_2567, ["O1", "50"]) == [
        "แถวที่ 2 คอลัมน์ B (score) ค่า “50”: ข้อที่ประเมินแบบผ่าน/ไม่ผ่าน ใส่ 100 หรือ ผ่าน (ผ่าน) และ 0 หรือ "
        "ไม่ผ่าน (ไม่ผ่าน)"]


def test_a_percent_item_refuses_passed_or_not(assessment_2567):
    assert run(assessment_2567, ["I1", "ผ่าน"]) == [
        "แถวที่ 2 คอลัมน์ B (score) ค่า “ผ่าน”: ใช้ ผ่าน/ไม่ผ่าน ได้เฉพาะข้อที่ประเมินแบบผ่าน/ไม่ผ่าน "
        "ข้อนี้ต้องใส่คะแนน 0–100"]


def test_a_third_decimal_is_refused(assessment_2567):
    assert run(assessment_2567, ["I1", "92.405"]) == [
        "แถวที่ 2 คอลัมน์ B (score) ค่า “92.405”: คะแนนมีทศนิยมได้ไม่เกินสองตำแหน่ง"]


def test_a_european_decimal_comma_is_not_read_as_a_thousands_separator(assessment_2567):
    assert run(assessment_2567, ["I1", "92,40"]) == ["แถวที่ 2 คอลัมน์ B (score) ค่า “92,40”: ไม่ใช่ตัวเลข"]


def test_an_evidence_link_on_an_indicator_is_refused(assessment_2567):
    found = run(assessment_2567, ["IND1", "96.03", "https://po.go.th/x"], headers=("code", "score", "evidence_url"))

    assert found == ["แถวที่ 2 คอลัมน์ C (evidence_url) ค่า “https://po.go.th/x”: "
                     "ลิงก์หลักฐานใส่ได้เฉพาะข้อคำถาม (I…, E…, O…)"]


def test_an_evidence_link_that_is_not_a_web_address_is_refused(assessment_2567):
    found = run(assessment_2567, ["O1", "100", "po.go.th"], headers=("code", "score", "evidence_url"))

    assert found == ["แถวที่ 2 คอลัมน์ C (evidence_url) ค่า “po.go.th”: "
                     "ไม่ใช่ที่อยู่เว็บ (ต้องขึ้นต้นด้วย https:// หรือ http://)"]


def test_an_empty_code_is_refused(assessment_2567):
    assert run(assessment_2567, ["", "90"]) == ["แถวที่ 2 คอลัมน์ A (code) ค่า “”: ช่องนี้เว้นว่างไม่ได้"]


def test_a_file_without_a_code_column_is_refused_on_row_1(assessment_2567):
    assert run(assessment_2567, ["I1", "90"], headers=("รหัสข้อ", "score")) == [
        "แถวที่ 1: ไฟล์ไม่มีคอลัมน์ “รหัส (code)”"]


def test_a_column_given_twice_is_refused(assessment_2567):
    assert run(assessment_2567, ["I1", "90", "91"], headers=("code", "score", "คะแนน")) == [
        "แถวที่ 1 คอลัมน์ C (คะแนน) ค่า “”: คอลัมน์นี้ซ้ำกัน"]


def test_a_new_figure_with_only_an_evidence_link_needs_a_score(assessment_2567):
    assessment_2567.itemscore_set.filter(item__code="O1").delete()
    found = run(assessment_2567, ["O1", "", "https://po.go.th/o1"], headers=("code", "score", "evidence_url"))

    assert found == ["แถวที่ 2 คอลัมน์ B (score) ค่า “”: รายการที่ยังไม่มีในผลการประเมินต้องใส่คะแนน"]
