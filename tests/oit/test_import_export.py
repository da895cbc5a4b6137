"""The OIT checklist as a spreadsheet: the resource, import_oit / export_oit and the export download."""
from __future__ import annotations

import csv
import io
from io import StringIO
from urllib.parse import quote

import openpyxl
import pytest
import tablib
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import translation

from agencies.models import Division
from assessments.loading import framework_file, load_framework_file
from assessments.models import Item
from itaportal.spreadsheets.admin import blank_template
from itaportal.spreadsheets.formats import SheetCSV, SheetXLSX
from oit.documents import document_links
from oit.forms import status_label
from oit.models import EvidenceLink, Workspace, WorkspaceItem
from oit.resources import ChecklistResource
from oit.services import ItemChange, open_workspace, save_item

HEADER = ["code", "division", "status", "urls", "note"]


@pytest.fixture
def framework_2568(po):
    return load_framework_file(framework_file(2568))


@pytest.fixture
def workspace(framework_2568, po):
    return open_workspace(organization=po, year=2568)


@pytest.fixture
def filled(workspace, po):
    """O1 prepared by สำนักปลัด with two links and a note; O2 ready, by กองคลัง; the rest untouched."""
    palad, finance = po.divisions.get(name="สำนักปลัด"), po.divisions.get(name="กองคลัง")
    save_item(item=item(workspace, "O1"), by=None, change=ItemChange(
        status="in_progress", note="รอผังใหม่\n=ราคากลาง", division=palad, assign=True,
        urls=["https://www.po.go.th/structure", "https://example.org/รายงาน-2568"]))
    save_item(item=item(workspace, "O2"), by=None, change=ItemChange(
        status="ready", note="=SUM(A1)", division=finance, assign=True, urls=["https://www.po.go.th/exec"]))
    return workspace


def item(workspace, code) -> WorkspaceItem:
    return WorkspaceItem.objects.select_related("item", "division", "workspace").get(
        workspace=workspace, item__code=code)


def snapshot(workspace) -> dict:
    return {
        "items": sorted(WorkspaceItem.objects.filter(workspace=workspace).values_list(
            "item__code", "division__name", "status", "note", "updated_by")),
        "links": sorted(EvidenceLink.objects.filter(workspace_item__workspace=workspace).values_list(
            "workspace_item__item__code", "order", "url")),
        "history": (WorkspaceItem.history.filter(workspace=workspace).count(),
                    EvidenceLink.history.filter(workspace_item__workspace=workspace).count()),
    }


def links(workspace, code) -> list[str]:
    return [link.url for link in item(workspace, code).links.all()]


def run(*args):
    out, err = StringIO(), StringIO()
    try:
        call_command(*args, stdout=out, stderr=err)
        code = 0
    except CommandError as error:
        code = error.returncode
        err.write(str(error))
    return code, out.getvalue(), err.getvalue()


def write_csv(path, *rows, header=HEADER):
    with open(path, "w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def write_xlsx(path, *rows, header=HEADER):
    book = openpyxl.Workbook()
    book.active.append(header)
    for row in rows:
        book.active.append(list(row))
    book.save(path)
    return path


def import_rows(workspace, *rows, header=HEADER, dry_run=False, user=None):
    with translation.override("th"):
        return ChecklistResource(workspace=workspace).import_data(
            tablib.Dataset(*rows, headers=header), dry_run=dry_run, user=user)


def problems(result) -> list[str]:
    return [str(problem) for problem in result.problems]


# -- round trips ---------------------------------------------------------------------------------

@pytest.mark.parametrize("suffix", ["csv", "xlsx"])
def test_an_exported_checklist_imports_back_with_no_changes_or_history(tmp_path, filled, suffix):
    path = tmp_path / f"oit.{suffix}"
    before = snapshot(filled)
    code, out, _ = run("export_oit", "--org", "po", "--year", "2568", "--output", str(path))
    assert (code, out) == (0, f"Wrote 26 OIT items of po ITA 2568 to {path}.\n")

    code, out, err = run("import_oit", str(path), "--org", "po", "--year", "2568")

    assert (code, err) == (0, "")
    assert out == f"Imported oit.{suffix}: 0 new, 0 updated, 26 unchanged.\n"
    assert snapshot(filled) == before


def test_the_csv_export_has_the_import_columns_and_one_link_per_line(tmp_path, filled):
    path = tmp_path / "oit.csv"
    run("export_oit", "--org", "po", "--year", "2568", "--output", str(path))

    data = path.read_bytes()
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert data.startswith(b"\xef\xbb\xbfcode,division,status,urls,note\r\n")
    assert [row[0] for row in rows[1:]] == [f"O{n}" for n in range(1, 27)]
    o1, o2, o3 = rows[1:4]
    assert o1[0:2] == ["O1", "สำนักปลัด"]
    assert o1[3] == "https://www.po.go.th/structure\nhttps://example.org/รายงาน-2568"
    assert o1[4] == "รอผังใหม่\n=ราคากลาง"
    assert o2[1] == "กองคลัง" and o2[3] == "https://www.po.go.th/exec"
    assert o2[4] == "'=SUM(A1)"  # Excel would run it as a formula
    assert o3[1] == o3[3] == o3[4] == ""


def test_the_xlsx_export_reads_back_with_openpyxl(tmp_path, filled):
    path = tmp_path / "oit.xlsx"
    run("export_oit", "--org", "po", "--year", "2568", "--output", str(path))

    sheet = openpyxl.load_workbook(path).worksheets[0]
    assert [cell.value for cell in sheet[1]] == HEADER
    assert sheet["A1"].font.bold
    assert [sheet["A2"].value, sheet["B2"].value] == ["O1", "สำนักปลัด"]
    assert sheet["D2"].value == "https://www.po.go.th/structure\nhttps://example.org/รายงาน-2568"
    assert sheet["E3"].value == "=SUM(A1)" and sheet["E3"].data_type == "s"
    assert sheet.max_row == 27


def test_the_status_is_written_in_the_portals_words_and_read_back(filled):
    with translation.override("th"):
        dataset = ChecklistResource(workspace=filled).export()
        words = [status_label("in_progress"), status_label("ready"), status_label("not_started")]
    assert [dataset[0][2], dataset[1][2], dataset[2][2]] == words == ["กำลังจัดทำ", "พร้อมส่ง", "ยังไม่เริ่ม"]
    assert not import_rows(filled, *[list(row) for row in dataset]).problems


def test_the_automatic_document_links_are_not_in_the_file(workspace, po, plan):
    Item.objects.filter(framework=workspace.framework, code="O20").update(role=Item.Role.MEASURES_DOCUMENT)
    plan.status = plan.Status.PUBLISHED
    plan.save()
    assert document_links(workspace, "https://ita.example.go.th")  # the portal shows one for O20

    with translation.override("th"):
        dataset = ChecklistResource(workspace=workspace).export()

    o20 = next(row for row in dataset if row[0] == "O20")
    assert o20[3] == ""


# -- what an import changes ------------------------------------------------------------------------

def test_an_xlsx_import_assigns_divisions_statuses_links_and_notes(tmp_path, workspace):
    path = write_xlsx(
        tmp_path / "oit.xlsx",
        ["O1", "สำนักปลัด", "กำลังจัดทำ", "https://www.po.go.th/a\nhttps://www.po.go.th/b", "รอภาพ"],
        ["o2", " กองคลัง ", "พร้อมส่ง", "https://www.po.go.th/c", ""],
        ["O๓", "กองช่าง", "ready", "", "ส่งแล้ว"],
    )

    code, out, err = run("import_oit", str(path), "--org", "po", "--year", "2568")

    assert (code, err) == (0, "")
    assert out.splitlines()[0] == "Imported oit.xlsx: 0 new, 3 updated, 0 unchanged."
    o1, o2, o3 = item(workspace, "O1"), item(workspace, "O2"), item(workspace, "O3")
    assert (o1.division.name, o1.status, o1.note) == ("สำนักปลัด", "in_progress", "รอภาพ")
    assert links(workspace, "O1") == ["https://www.po.go.th/a", "https://www.po.go.th/b"]
    assert (o2.division.name, o2.status, links(workspace, "O2")) == ("กองคลัง", "ready", ["https://www.po.go.th/c"])
    assert (o3.division.name, o3.status, o3.note, links(workspace, "O3")) == ("กองช่าง", "ready", "ส่งแล้ว", [])
    assert item(workspace, "O4").status == "not_started"


def test_thai_headers_are_read_like_the_english_keys(workspace):
    with translation.override("th"):
        headers = ChecklistResource(workspace=workspace).template_headers()
    result = import_rows(workspace, ["O1", "กองคลัง", "กำลังจัดทำ", "", ""], header=headers)

    assert not result.problems
    assert item(workspace, "O1").division.name == "กองคลัง"


@pytest.mark.parametrize("typed, status", [
    ("ยังไม่เริ่ม", "not_started"), ("กำลังจัดทำ", "in_progress"), ("พร้อมส่ง", "ready"),
    ("not_started", "not_started"), ("in_progress", "in_progress"), ("ready", "ready"),
    ("Ready to submit", "ready"), (" พร้อม ส่ง ", "ready"),
])
def test_it_reads_a_status_as_the_thai_label_or_the_code(workspace, typed, status):
    other = "ready" if status == "in_progress" else "in_progress"
    save_item(item=item(workspace, "O5"), by=None, change=ItemChange(status=other, note="", urls=[]))
    result = import_rows(workspace, ["O5", "", typed, "", ""])

    assert problems(result) == []
    assert item(workspace, "O5").status == status


def test_an_empty_status_leaves_the_status_as_it_is(filled):
    import_rows(filled, ["O2", "กองคลัง", "", "https://www.po.go.th/exec", "=SUM(A1)"])

    assert item(filled, "O2").status == "ready"


def test_an_address_typed_without_https_is_completed(workspace):
    typed = "www.po.go.th/ita/o1 https://www.po.go.th/x\nwww.po.go.th/ita/o1"
    result = import_rows(workspace, ["O1", "", "", typed, ""])

    assert problems(result) == []
    assert links(workspace, "O1") == ["https://www.po.go.th/ita/o1", "https://www.po.go.th/x"]


def test_empty_cells_unassign_the_division_and_remove_the_links(filled):
    import_rows(filled, ["O1", "", "in_progress", "", ""])

    o1 = item(filled, "O1")
    assert (o1.division, o1.note, links(filled, "O1")) == (None, "", [])


def test_links_are_kept_in_the_files_order(filled):
    import_rows(filled, ["O1", "สำนักปลัด", "in_progress",
                         "https://example.org/รายงาน-2568\nhttps://www.po.go.th/new\nhttps://www.po.go.th/structure",
                         "รอผังใหม่\n=ราคากลาง"])

    assert links(filled, "O1") == [
        "https://example.org/รายงาน-2568", "https://www.po.go.th/new", "https://www.po.go.th/structure"]


def test_a_column_left_out_of_the_file_is_left_as_it_is(filled):
    import_rows(filled, ["O1", "พร้อมส่ง"], header=["code", "status"])

    o1 = item(filled, "O1")
    assert (o1.status, o1.division.name, o1.note) == ("ready", "สำนักปลัด", "รอผังใหม่\n=ราคากลาง")
    assert len(links(filled, "O1")) == 2


def test_an_import_saves_as_the_person_who_imports(workspace, people):
    import_rows(workspace, ["O1", "", "ready", "", ""], user=people["admin"])

    o1 = item(workspace, "O1")
    assert o1.updated_by == people["admin"]
    assert o1.history.first().history_type == "~"


# -- bad rows ------------------------------------------------------------------------------------

def test_every_bad_cell_is_reported_in_thai_with_its_row_and_column_and_nothing_is_saved(filled, other_org):
    Division.objects.create(organization=other_org, name="กองสาธารณสุข")
    before = snapshot(filled)

    result = import_rows(
        filled,
        ["O3", "กองช่าง", "พร้อมส่ง", "https://www.po.go.th/ok", "ดี"],  # good, but the file is refused
        ["O99", "", "", "", ""],
        ["O4", "กองสาธารณสุข", "", "", ""],
        ["O5", "", "เสร็จ", "", ""],
        ["O6", "", "", "https://www.po.go.th/ok\nftp://files.po.go.th/a", ""],
        ["O7", "", "", "javascript:alert(1)", ""],
        ["O3", "", "", "", ""],
    )

    assert problems(result) == [
        "แถวที่ 3 คอลัมน์ A (code) ค่า “O99”: ITA 2568 ไม่มีรายการ OIT รหัสนี้ รายการ OIT มีรหัส O1 ถึง O26",
        "แถวที่ 4 คอลัมน์ B (division) ค่า “กองสาธารณสุข”: ไม่รู้จักกอง/สำนัก “กองสาธารณสุข” "
        "กอง/สำนักของหน่วยงานมี: สำนักปลัด, กองคลัง, กองช่าง, กองการศึกษา ศาสนาและวัฒนธรรม",
        f"แถวที่ 5 คอลัมน์ C (status) ค่า “เสร็จ”: {choose_from()}",
        "แถวที่ 6 คอลัมน์ D (urls) ค่า “https://www.po.go.th/ok ftp://files.po.go.th/a”: "
        "ftp://files.po.go.th/a ไม่ใช่ที่อยู่เว็บ (ต้องขึ้นต้นด้วย http:// หรือ https://)",
        "แถวที่ 7 คอลัมน์ D (urls) ค่า “javascript:alert(1)”: "
        "javascript:alert(1) ไม่ใช่ที่อยู่เว็บ (ต้องขึ้นต้นด้วย http:// หรือ https://)",
        "แถวที่ 8 คอลัมน์ A (code) ค่า “O3”: ซ้ำกับแถวที่ 2: ให้เหลือไว้เพียงแถวเดียว",
    ]
    assert snapshot(filled) == before


def choose_from() -> str:
    with translation.override("th"):
        words = ", ".join(f"{status_label(code)} ({code})" for code in ("not_started", "in_progress", "ready"))
        return translation.gettext("Choose from: %(words)s.") % {"words": words}


def test_an_address_too_long_for_the_portal_is_refused(workspace):
    result = import_rows(workspace, ["O1", "", "", "https://www.po.go.th/" + "a" * 500, ""])

    [problem] = problems(result)
    assert problem.startswith("แถวที่ 2 คอลัมน์ D (urls) ค่า “https://www.po.go.th/aaa")
    assert problem.endswith("ยาวเกินไป: มี 521 ตัวอักษร ได้ไม่เกิน 500 ตัวอักษร")
    assert links(workspace, "O1") == []


def test_a_file_without_the_code_column_is_refused(workspace):
    result = import_rows(workspace, ["สำนักปลัด", "ready"], header=["division", "status"])

    assert len(result.problems) == 1 and "(code)" in problems(result)[0]
    assert item(workspace, "O1").division is None


def test_a_bad_row_at_the_end_rolls_back_the_rows_before_it(tmp_path, filled):
    before = snapshot(filled)
    path = write_xlsx(tmp_path / "oit.xlsx", *[[f"O{n}", "กองช่าง", "พร้อมส่ง", "", ""] for n in range(1, 27)],
                      ["O1", "", "", "", ""])

    code, out, err = run("import_oit", str(path), "--org", "po", "--year", "2568")

    assert (code, out) == (1, "")
    assert err.splitlines()[-1] == f"{path}: 1 problem; nothing was imported."
    assert snapshot(filled) == before


# -- the commands --------------------------------------------------------------------------------

def test_a_dry_run_prints_each_change_and_saves_nothing(tmp_path, filled):
    path = write_csv(tmp_path / "oit.csv",
                     ["O1", "กองคลัง", "พร้อมส่ง", "www.po.go.th/structure", "รอผังใหม่\n=ราคากลาง"],
                     ["O2", "กองคลัง", "ready", "https://www.po.go.th/exec", "'=SUM(A1)"])
    before = snapshot(filled)

    code, out, err = run("import_oit", str(path), "--org", "po", "--year", "2568", "--dry-run")

    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert lines[0] == "Would import oit.csv: 0 new, 1 updated, 1 unchanged."
    assert lines[1].startswith("  row 2 changed O1: division: สำนักปลัด → กองคลัง; status: ")
    assert "urls: https://www.po.go.th/structure https://example.org/รายงาน-2568 → https://www.po.go.th/structure" \
        in lines[1]
    assert lines[-1] == "Dry run: nothing was saved."
    assert snapshot(filled) == before


def test_a_bad_file_prints_one_line_per_problem_and_exits_1(tmp_path, filled):
    path = write_csv(tmp_path / "oit.csv", ["O1", "กองไม่มี", "", "", ""], ["X1", "", "", "", ""])
    before = snapshot(filled)

    code, out, err = run("import_oit", str(path), "--org", "po", "--year", "2568")

    assert (code, out) == (1, "")
    lines = err.splitlines()
    assert len(lines) == 3
    assert lines[0].startswith("แถวที่ 2 คอลัมน์ B (division) ค่า “กองไม่มี”:")
    assert lines[1].startswith("แถวที่ 3 คอลัมน์ A (code) ค่า “X1”:")
    assert lines[2] == f"{path}: 2 problems; nothing was imported."
    assert snapshot(filled) == before


def test_an_import_for_a_year_without_a_workspace_opens_it(tmp_path, framework_2568, po):
    path = write_csv(tmp_path / "oit.csv", ["O1", "สำนักปลัด", "กำลังจัดทำ", "", ""])

    code, out, _ = run("import_oit", str(path), "--org", "po", "--year", "2568")

    assert code == 0
    assert out.splitlines()[:2] == ["Opened the OIT workspace po ITA 2568.",
                                    "Imported oit.csv: 0 new, 1 updated, 0 unchanged."]
    workspace = Workspace.objects.get(organization=po, year=2568)
    assert workspace.items.count() == 26
    assert item(workspace, "O1").status == "in_progress"


@pytest.mark.parametrize("extra", [["--dry-run"], []])
def test_a_workspace_opened_by_a_dry_run_or_a_bad_file_is_not_kept(tmp_path, framework_2568, po, extra):
    path = write_csv(tmp_path / "oit.csv", ["O1", "สำนักปลัด", "กำลังจัดทำ" if extra else "ผิด", "", ""])

    code, out, _ = run("import_oit", str(path), "--org", "po", "--year", "2568", *extra)

    assert code == (0 if extra else 1)
    assert out.splitlines()[:1] == (["Would open the OIT workspace po ITA 2568."] if extra else [])
    assert not Workspace.objects.filter(organization=po, year=2568).exists()


@pytest.mark.parametrize("args", [
    ("import_oit", "{file}", "--org", "nowhere", "--year", "2568"),
    ("import_oit", "{file}", "--org", "po", "--year", "2599"),
    ("import_oit", "{missing}", "--org", "po", "--year", "2568"),
    ("import_oit", "{odd}", "--org", "po", "--year", "2568"),
    ("export_oit", "--org", "nowhere", "--year", "2568", "--output", "{out}"),
    ("export_oit", "--org", "po", "--year", "2567", "--output", "{out}"),
    ("export_oit", "--org", "po", "--year", "2568", "--output", "{odd}"),
])
def test_an_unknown_agency_year_or_file_exits_2_with_a_clear_message(tmp_path, workspace, args):
    good = write_csv(tmp_path / "oit.csv", ["O1", "", "ready", "", ""])
    (tmp_path / "oit.txt").write_text("code,status\n", encoding="utf-8")
    names = {"file": str(good), "missing": str(tmp_path / "nope.csv"), "odd": str(tmp_path / "oit.txt"),
             "out": str(tmp_path / "out.csv")}
    before = snapshot(workspace)

    code, out, err = run(*[arg.format(**names) for arg in args])

    assert code == 2
    assert err.strip() and out == ""
    assert snapshot(workspace) == before
    assert not (tmp_path / "out.csv").exists()


def test_the_messages_for_an_unknown_agency_and_year_say_what_to_do(tmp_path, workspace):
    good = write_csv(tmp_path / "oit.csv", ["O1", "", "ready", "", ""])

    assert run("import_oit", str(good), "--org", "nowhere", "--year", "2568")[2] == \
        "No organization with the slug 'nowhere'."
    assert run("import_oit", str(good), "--org", "po", "--year", "2599")[2] == \
        "No OIT workspace of po for 2599, and ITA 2599 is not loaded: load its framework first."
    assert run("export_oit", "--org", "po", "--year", "2567", "--output", str(tmp_path / "x.csv"))[2] == \
        "No OIT workspace of po for 2567: open it first (import_oit opens it)."


# -- the resource for admin ------------------------------------------------------------------------

def test_an_export_of_items_of_two_workspaces_is_refused(workspace, framework_2568, other_org):
    other = open_workspace(organization=other_org, year=2568)
    items = WorkspaceItem.objects.filter(workspace__in=[workspace, other])

    with pytest.raises(ValueError):
        ChecklistResource().export(queryset=items)


def test_an_export_of_a_filtered_list_needs_no_workspace(filled):
    dataset = ChecklistResource().export(queryset=WorkspaceItem.objects.filter(workspace=filled, item__code="O2"))

    assert dataset.headers == HEADER
    assert list(dataset[0])[:2] == ["O2", "กองคลัง"]


def test_the_blank_template_has_thai_headers_and_a_column_guide(db):
    book = openpyxl.load_workbook(io.BytesIO(blank_template(ChecklistResource(), SheetXLSX())))

    assert [cell.value for cell in book.worksheets[0][1]] == [
        "รหัส (code)", "กอง/สำนัก (division)", "สถานะ (status)", "ลิงก์หลักฐาน (urls)", "หมายเหตุ (note)"]
    guide = [row[0].value for row in book.worksheets[1].iter_rows()]
    assert "ลิงก์หลักฐาน (urls)" in guide and "รายการที่ไม่อยู่ในไฟล์" in guide


# -- the download --------------------------------------------------------------------------------

def export_url(fmt="xlsx", year=2568) -> str:
    return reverse("oit-export", args=["po", year, fmt])


def test_a_member_downloads_the_checklist_as_xlsx(client, filled, people):
    client.force_login(people["neighbour"])

    response = client.get(export_url("xlsx"))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert response["Content-Disposition"] == f"attachment; filename*=utf-8''{quote('รายการOIT-อบต.ปอ-2568.xlsx')}"
    assert "private" in response["Cache-Control"]
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).worksheets[0]
    assert [cell.value for cell in sheet[1]] == HEADER
    assert [sheet["A2"].value, sheet["B2"].value] == ["O1", "สำนักปลัด"]


def test_a_member_downloads_the_checklist_as_csv_and_it_imports_back_unchanged(client, filled, people):
    client.force_login(people["executive"])
    before = snapshot(filled)

    response = client.get(export_url("csv"))

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == f"attachment; filename*=utf-8''{quote('รายการOIT-อบต.ปอ-2568.csv')}"
    data = b"".join(response.streaming_content)
    assert data.startswith(b"\xef\xbb\xbfcode,division,status,urls,note\r\n")
    result = import_rows(filled, *[list(row) for row in SheetCSV().create_dataset(data)])
    assert (problems(result), result.totals["skip"]) == ([], 26)
    assert snapshot(filled) == before


def test_an_outsider_gets_404(client, filled, people):
    client.force_login(people["outsider"])

    assert client.get(export_url("xlsx")).status_code == 404


def test_the_download_needs_login(client, filled):
    response = client.get(export_url("csv"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login") + "?next=")


@pytest.mark.parametrize("fmt", ["json", "xls", "pdf"])
def test_a_format_other_than_xlsx_or_csv_is_404(client, filled, people, fmt):
    client.force_login(people["admin"])

    assert client.get(export_url(fmt)).status_code == 404


def test_a_year_without_a_workspace_is_404(client, filled, people):
    client.force_login(people["admin"])

    assert client.get(export_url("xlsx", year=2567)).status_code == 404


def test_the_download_refuses_a_post(client, filled, people):
    client.force_login(people["admin"])

    assert client.post(export_url("csv")).status_code == 405
