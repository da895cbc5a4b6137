"""import_scores / export_scores / import_measures / export_measures on the command line."""
from decimal import Decimal
from io import StringIO

import openpyxl
import pytest
from django.core.management import CommandError, call_command

from assessments.models import ItemScore
from tests.importexport.helpers import measure_snapshot, score_snapshot


def run(*args):
    out, err = StringIO(), StringIO()
    try:
        call_command(*args, stdout=out, stderr=err)
        code = 0
    except CommandError as error:
        code = error.returncode
        err.write(str(error))
    return code, out.getvalue(), err.getvalue()


def test_export_scores_writes_a_csv_with_a_bom_and_the_code_score_header(tmp_path, assessment_2567):
    path = tmp_path / "scores.csv"
    code, out, _ = run("export_scores", "--org", "po", "--year", "2567", "--output", str(path))

    data = path.read_bytes()
    assert code == 0
    assert out == f"Wrote 73 scores of po ITA 2567 to {path}.\n"
    assert data.startswith(b"\xef\xbb\xbfcode,score,")
    assert "I1,93.81," in data.decode("utf-8-sig")


@pytest.mark.parametrize("suffix", ["csv", "xlsx"])
def test_exported_scores_import_back_with_no_changes(tmp_path, assessment_2567, suffix):
    path = tmp_path / f"scores.{suffix}"
    before = score_snapshot(assessment_2567)
    run("export_scores", "--org", "po", "--year", "2567", "--output", str(path))

    code, out, err = run("import_scores", str(path), "--org", "po", "--year", "2567")

    assert (code, err) == (0, "")
    assert out == f"Imported scores.{suffix}: 0 new, 0 updated, 73 unchanged.\n"
    assert score_snapshot(assessment_2567) == before


@pytest.mark.parametrize("suffix", ["csv", "xlsx"])
def test_exported_measures_import_back_with_no_changes_or_history(tmp_path, plan, suffix):
    path = tmp_path / f"measures.{suffix}"
    before = measure_snapshot(plan)
    code, out, _ = run("export_measures", "--org", "po", "--year", "2568", "--output", str(path))
    assert (code, out) == (0, f"Wrote 17 measures of po 2568 to {path}.\n")

    code, out, err = run("import_measures", str(path), "--org", "po", "--year", "2568")

    assert (code, err) == (0, "")
    assert out == f"Imported measures.{suffix}: 0 new, 0 updated, 17 unchanged.\n"
    assert measure_snapshot(plan) == before


def test_a_dry_run_prints_each_change_and_saves_nothing(tmp_path, assessment_2567):
    path = tmp_path / "scores.csv"
    path.write_text("code,score\nI1,๙๕.๐๐\nO17,ผ่าน\nI2,94.29\n", encoding="utf-8")

    code, out, _ = run("import_scores", str(path), "--org", "po", "--year", "2567", "--dry-run")

    assert code == 0
    assert out.splitlines() == [
        "Would import scores.csv: 0 new, 2 updated, 1 unchanged.",
        "  row 2 changed I1: score: 93.81 → 95.00",
        "  row 3 changed O17: score: 0.00 → 100.00",
        "Dry run: nothing was saved.",
    ]
    assert ItemScore.objects.get(assessment=assessment_2567, item__code="I1").score == Decimal("93.81")


def test_a_bad_file_prints_every_problem_in_thai_and_exits_1(tmp_path, assessment_2567):
    path = tmp_path / "scores.csv"
    path.write_text("code,score\nI1,95\nI2,120\nXX,1\nI1,90\n", encoding="utf-8")
    before = score_snapshot(assessment_2567)

    code, out, err = run("import_scores", str(path), "--org", "po", "--year", "2567")

    assert code == 1
    assert out == ""
    assert err.splitlines() == [
        "แถวที่ 3 คอลัมน์ B (score) ค่า “120”: คะแนนต้องอยู่ระหว่าง 0 ถึง 100",
        "แถวที่ 4 คอลัมน์ A (code) ค่า “XX”: ไม่รู้จักรหัสนี้: กรอบการประเมิน ITA 2567 ไม่มีรหัสนี้ "
        "ตัวอย่างรหัส: I1, E1, O1, IND1, SUB9.1, IIT, OVERALL",
        "แถวที่ 5 คอลัมน์ A (code) ค่า “I1”: ซ้ำกับแถวที่ 2: ให้เหลือไว้เพียงแถวเดียว",
        f"{path}: 3 problems; nothing was imported.",
    ]
    assert score_snapshot(assessment_2567) == before


def test_a_bad_measures_file_exits_1_and_saves_nothing(tmp_path, plan):
    path = tmp_path / "measures.csv"
    path.write_text("theme,number,title,start_month,end_month\n1,1,ใหม่,ก.ย. 2568,ต.ค. 2567\n", encoding="utf-8")
    before = measure_snapshot(plan)

    code, _, err = run("import_measures", str(path), "--org", "po", "--year", "2568")

    assert code == 1
    assert "แถวที่ 2 คอลัมน์ E (end_month) ค่า “ต.ค. 2567”: เดือนสิ้นสุดอยู่ก่อนเดือนเริ่มต้น" in err
    assert measure_snapshot(plan) == before


def test_a_file_that_is_not_a_spreadsheet_exits_1(tmp_path, assessment_2567):
    path = tmp_path / "scores.xlsx"
    path.write_bytes(b"not a zip at all")

    code, _, err = run("import_scores", str(path), "--org", "po", "--year", "2567")

    assert code == 1
    assert "ไฟล์นี้ไม่ใช่ไฟล์ Excel (.xlsx) หรือไฟล์เสียหาย" in err


@pytest.mark.parametrize("args", [
    ("import_scores", "{file}", "--org", "nowhere", "--year", "2567"),
    ("import_scores", "{file}", "--org", "po", "--year", "2599"),
    ("import_scores", "{missing}", "--org", "po", "--year", "2567"),
    ("import_scores", "{odd}", "--org", "po", "--year", "2567"),
    ("export_scores", "--org", "nowhere", "--year", "2567", "--output", "{file}"),
    ("export_scores", "--org", "po", "--year", "2560", "--output", "{file}"),
    ("export_scores", "--org", "po", "--year", "2567", "--output", "{odd}"),
    ("import_measures", "{file}", "--org", "po", "--year", "2560"),
    ("export_measures", "--org", "nowhere", "--year", "2568", "--output", "{file}"),
    ("export_measures", "--org", "po", "--year", "2570", "--output", "{file}"),
])
def test_an_unknown_agency_year_or_file_exits_2_with_a_clear_message(tmp_path, assessment_2567, args):
    good = tmp_path / "scores.csv"
    good.write_text("code,score\nI1,95\n", encoding="utf-8")
    (tmp_path / "scores.txt").write_text("code,score\n", encoding="utf-8")
    names = {"file": str(good), "missing": str(tmp_path / "nope.csv"), "odd": str(tmp_path / "scores.txt")}

    code, out, err = run(*[arg.format(**names) for arg in args])

    assert code == 2
    assert err.strip()


def test_an_xlsx_export_has_a_bold_header_and_number_cells(tmp_path, assessment_2567):
    path = tmp_path / "scores.xlsx"
    run("export_scores", "--org", "po", "--year", "2567", "--output", str(path))

    sheet = openpyxl.load_workbook(path).worksheets[0]
    assert [cell.value for cell in sheet[1]][:2] == ["code", "score"]
    assert sheet["A1"].font.bold
    assert sheet["B2"].value == 92.4 and sheet["B2"].number_format == "0.00"


def test_scores_for_a_year_without_an_assessment_start_one(tmp_path, po, other_org):
    path = tmp_path / "scores.csv"
    path.write_text("code,score\nOVERALL,88.00\n", encoding="utf-8")

    code, out, _ = run("import_scores", str(path), "--org", "other", "--year", "2567")

    assert code == 0
    assert out.splitlines()[0] == "Started the assessment other ITA 2567."
    assert other_org.assessments.get(year=2567).overall == 88
