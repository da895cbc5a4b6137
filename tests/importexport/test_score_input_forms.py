"""A scores file is read the way people type it: Thai digits, spaces, Excel's numbers, pass/fail words,
Thai or English headers, a BOM, Windows Thai CSV, blank lines."""
from decimal import Decimal

import pytest
from django.utils import translation

from assessments.models import ItemScore
from assessments.resources import ScoreResource
from tests.importexport.helpers import from_bytes, problems, sheet


def score(assessment, code):
    return ItemScore.objects.get(assessment=assessment, item__code=code).score


def run(assessment, *rows, headers=("code", "score")):
    with translation.override("th"):
        result = ScoreResource(assessment=assessment).import_data(sheet(headers, *rows))
        assert problems(result) == []
        return result


@pytest.mark.parametrize("typed", ["๙๕.๔๐", " 95.4 ", "\u00a095.40\u200b", 95.4, 95.40000000001, "95.40"])
def test_a_score_is_read_however_it_was_typed(assessment_2567, typed):
    run(assessment_2567, ["I1", typed])

    assert score(assessment_2567, "I1") == Decimal("95.40")


def test_a_whole_number_cell_is_a_score(assessment_2567):
    run(assessment_2567, ["I1", 95])

    assert score(assessment_2567, "I1") == Decimal("95.00")


@pytest.mark.parametrize("typed, expected", [
    ("ผ่าน", 100), ("ไม่ผ่าน", 0), ("yes", 100), ("No", 0), ("1", 100), (0, 0), (1.0, 100), ("๑๐๐", 100),
    (True, 100), (False, 0),
])
def test_a_pass_fail_item_takes_words_and_ones_and_zeros(assessment_2567, typed, expected):
    run(assessment_2567, ["O17", typed])

    assert score(assessment_2567, "O17") == expected


@pytest.mark.parametrize("typed", ["o17", " O 17 ", "O๑๗"])
def test_a_code_is_read_in_any_case_with_spaces_and_thai_digits(assessment_2567, typed):
    run(assessment_2567, [typed, "ผ่าน"])

    assert score(assessment_2567, "O17") == 100


def test_tool_indicator_sub_indicator_and_overall_codes_set_the_reported_figures(assessment_2567):
    run(assessment_2567, ["OVERALL", "92.41"], ["EIT", "85.12"], ["IND8", "73.80"], ["SUB9.1", "100"])

    assessment_2567.refresh_from_db()
    assert assessment_2567.overall == Decimal("92.41")
    assert assessment_2567.toolscore_set.get(tool__code="EIT").score == Decimal("85.12")
    assert assessment_2567.indicatorscore_set.get(indicator__number=8).score == Decimal("73.80")
    assert assessment_2567.subindicatorscore_set.get(subindicator__code="9.1").score == 100


def test_the_overall_score_may_be_written_in_thai(assessment_2567):
    run(assessment_2567, ["ภาพรวม", "92.50"])

    assessment_2567.refresh_from_db()
    assert assessment_2567.overall == Decimal("92.50")


@pytest.mark.parametrize("headers", [("รหัส", "คะแนน"), ("รหัส (code)", "คะแนน (score)"), (" CODE ", "Score")])
def test_headers_may_be_thai_english_or_both(assessment_2567, headers):
    run(assessment_2567, ["I1", "95"], headers=headers)

    assert score(assessment_2567, "I1") == 95


def test_an_empty_score_leaves_the_figure_as_it_is(assessment_2567):
    result = run(assessment_2567, ["I1", ""], ["I2", None])

    assert result.totals["skip"] == 2
    assert score(assessment_2567, "I1") == Decimal("93.81")


def test_columns_it_does_not_know_are_ignored_and_named(assessment_2567):
    result = run(assessment_2567, ["I1", "95", "ตรวจแล้ว"], headers=("code", "score", "หมายเหตุ"))

    assert result.ignored_columns == ["หมายเหตุ"]
    assert score(assessment_2567, "I1") == 95


def test_an_evidence_link_is_saved_and_an_empty_cell_clears_it(assessment_2567):
    run(assessment_2567, ["O1", "ผ่าน", " https://po.go.th/structure "], headers=("code", "score", "evidence_url"))
    assert ItemScore.objects.get(assessment=assessment_2567, item__code="O1").evidence_url == "https://po.go.th/structure"

    run(assessment_2567, ["O1", "ผ่าน", ""], headers=("code", "score", "evidence_url"))
    assert ItemScore.objects.get(assessment=assessment_2567, item__code="O1").evidence_url == ""


def test_a_csv_with_a_bom_and_crlf_is_read(assessment_2567):
    dataset = from_bytes("\ufeffcode,score\r\nI1,95.5\r\n".encode("utf-8"), "csv")
    run_dataset = ScoreResource(assessment=assessment_2567).import_data(dataset)

    assert problems(run_dataset) == []
    assert score(assessment_2567, "I1") == Decimal("95.50")


def test_a_csv_saved_by_thai_windows_excel_is_read(assessment_2567):
    dataset = from_bytes("รหัส,คะแนน\r\nO17,ผ่าน\r\n".encode("cp874"), "csv")
    result = ScoreResource(assessment=assessment_2567).import_data(dataset)

    assert problems(result) == []
    assert score(assessment_2567, "O17") == 100


def test_a_csv_separated_by_semicolons_is_read(assessment_2567):
    dataset = from_bytes(b"code;score\nI1;95\n", "csv")

    assert problems(ScoreResource(assessment=assessment_2567).import_data(dataset)) == []
    assert score(assessment_2567, "I1") == 95


def test_blank_lines_are_skipped_and_still_counted_in_row_numbers(assessment_2567):
    dataset = from_bytes(b"code,score\nI1,95\n\n,\nI2,abc\n", "csv")
    with translation.override("th"):
        result = ScoreResource(assessment=assessment_2567).import_data(dataset)
        assert problems(result) == ["แถวที่ 5 คอลัมน์ B (score) ค่า “abc”: ไม่ใช่ตัวเลข"]
