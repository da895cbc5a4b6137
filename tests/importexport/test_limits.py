"""Spreadsheets are bounded: size, rows, columns, and what an XLSX declares and unpacks to are checked
before the cells are read, on every path (admin, commands), with a message that says what to do."""
from __future__ import annotations

import io
import re
import zipfile

import openpyxl
import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import translation

from itaportal.spreadsheets.formats import SheetCSV, SheetReadError, SheetXLSX
from tests.importexport.helpers import score_snapshot

XFD = 16384  # Excel's last column


def xlsx(fill) -> bytes:
    book = openpyxl.Workbook()
    fill(book.active)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def rewrite_sheet(data: bytes, change) -> bytes:
    """The same XLSX with its first sheet's XML changed."""
    source, out = zipfile.ZipFile(io.BytesIO(data)), io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            content = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                content = change(content)
            target.writestr(item, content)
    return out.getvalue()


def refusal(file_format, data: bytes) -> str:
    with translation.override("th"), pytest.raises(SheetReadError) as error:
        file_format.create_dataset(data)
    return str(error.value)


def test_one_cell_in_column_xfd_per_row_is_refused_before_the_rows_are_padded(db):
    data = xlsx(lambda sheet: [sheet.cell(row=n, column=XFD, value="x") for n in range(1, 2001)])
    assert len(data) < 30_000
    assert "16,384" in refusal(SheetXLSX(), data)


def test_a_sheet_that_declares_a_million_rows_is_refused_before_reading_them(db):
    data = rewrite_sheet(xlsx(lambda sheet: sheet.append(["code", "score"])),
                         lambda xml: re.sub(rb'<dimension ref="[^"]*"', b'<dimension ref="A1:B1000000"', xml))
    assert "5,000" in refusal(SheetXLSX(), data)


def test_a_sheet_that_hides_its_rows_behind_a_small_dimension_is_still_refused(db):
    def fill(sheet):
        sheet.append(["code", "score"])
        sheet.cell(row=900_000, column=1, value="I1")
    data = rewrite_sheet(xlsx(fill), lambda xml: re.sub(rb'<dimension ref="[^"]*"', b'<dimension ref="A1:B2"', xml))
    assert "5,000" in refusal(SheetXLSX(), data)


def test_an_xlsx_that_unpacks_to_more_than_the_limit_is_refused_unread(db):
    data = xlsx(lambda sheet: [sheet.append(["x" * 30_000]) for _ in range(2_000)])
    assert len(data) < 5 * 1024 * 1024
    assert "MB" in refusal(SheetXLSX(), data)


def test_a_csv_of_200000_rows_is_refused(db):
    data = ("code,score\n" + "I1,50\n" * 200_000).encode()
    assert "5,000" in refusal(SheetCSV(), data)


def test_a_csv_with_too_many_columns_is_refused(db):
    assert "51" in refusal(SheetCSV(), ("code,score," + ",".join(f"c{n}" for n in range(49)) + "\n").encode())


def test_a_file_over_the_size_limit_is_refused(db):
    data = b"code,score\n" + b"I1,50," + b" " * (5 * 1024 * 1024)
    assert "5.0" in refusal(SheetCSV(), data)


def test_a_file_at_the_limits_is_read_whole(db):
    rows = "".join(f"I{n},50\n" for n in range(5000))
    assert len(SheetCSV().create_dataset(("code,score\n" + rows).encode())) == 5000
    data = xlsx(lambda sheet: [sheet.append(["code", "score"])] + [sheet.append([f"I{n}", 50]) for n in range(5000)])
    assert len(SheetXLSX().create_dataset(data)) == 5000


def test_trailing_empty_columns_and_formatted_empty_rows_do_not_count(db):
    data = ("code,score" + "," * 80 + "\nI1,50" + "," * 80 + "\n").encode()
    assert SheetCSV().create_dataset(data).headers == ["code", "score"]


def test_the_import_command_refuses_a_large_file_before_reading_it(assessment_2567, tmp_path):
    path = tmp_path / "scores.csv"
    path.write_bytes(b"code,score\n" + b"I1,50\n" * 1_000_000)
    before = score_snapshot(assessment_2567)
    with pytest.raises(CommandError) as error:
        call_command("import_scores", str(path), "--org", "po", "--year", "2567")
    assert error.value.returncode == 1
    assert score_snapshot(assessment_2567) == before


def test_admin_refuses_a_large_upload_with_a_thai_message(client, agency_admin, assessment_2567):
    client.force_login(agency_admin)
    upload = io.BytesIO(b"code,score\n" + b"I1,50\n" * 1_000_000)
    upload.name = "scores.csv"
    response = client.post(reverse("admin:assessments_assessment_import"), {
        "target": assessment_2567.pk, "resource": "0", "format": "1", "import_file": upload})
    assert response.status_code == 200
    assert "ไฟล์มีขนาด" in response.content.decode()
    assert "confirm_form" not in response.context


def test_a_csv_of_blank_lines_is_refused_before_it_fills_memory(db):
    assert "5,000" in refusal(SheetCSV(), b"code,score\n" + b"\n" * (5 * 1024 * 1024 - 20))
