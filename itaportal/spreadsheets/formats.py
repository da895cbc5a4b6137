"""Reading and writing CSV and XLSX files the way Excel in a Thai office makes them.

Rows keep the numbers Excel shows (the header is row 1; blank lines stay where they are), CSV is
written UTF-8 with a BOM so Excel opens Thai correctly, and read as UTF-8 or as Windows Thai (cp874),
which Thai Excel uses for a plain "CSV" save.
"""
from __future__ import annotations

import csv
import io
import re
import zipfile
from decimal import Decimal
from pathlib import Path

import tablib
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext
from import_export.formats import base_formats

from itaportal.spreadsheets.widgets import FORMULA_STARTS, is_blank


class SheetReadError(ValueError):
    """The file itself cannot be read (not the format it claims, damaged, wrong encoding)."""


def limit(name: str) -> int:
    return getattr(settings, name, DEFAULT_LIMITS[name])


# A file is read whole into memory: these keep the largest one at a few tens of megabytes, whatever it holds.
DEFAULT_LIMITS = {
    "IMPORT_MAX_BYTES": 5 * 1024 * 1024,
    "IMPORT_MAX_ROWS": 5000,
    "IMPORT_MAX_COLUMNS": 50,
    "IMPORT_MAX_UNPACKED_BYTES": 50 * 1024 * 1024,  # an XLSX is a zip: what its parts unpack to
}


def check_size(size: int) -> None:
    if size > limit("IMPORT_MAX_BYTES"):
        raise SheetReadError(gettext("The file is %(size)s; the largest file accepted is %(limit)s.") % {
            "size": filesizeformat(size), "limit": filesizeformat(limit("IMPORT_MAX_BYTES"))})


def too_many_rows() -> SheetReadError:
    return SheetReadError(gettext("The file has more than %(n)s rows below the header; split it into smaller "
                                  "files.") % {"n": f"{limit('IMPORT_MAX_ROWS'):,}"})


def too_many_columns(count: int) -> SheetReadError:
    return SheetReadError(gettext("The file has %(count)s columns; at most %(n)s are read. Delete the columns "
                                  "that are not needed.") % {"count": f"{count:,}", "n": limit("IMPORT_MAX_COLUMNS")})


def trimmed(row: list) -> list:
    """The row without its empty cells at the end (Excel leaves them after deleted columns)."""
    end = len(row)
    while end and is_blank(row[end - 1]):
        end -= 1
    return row[:end]


def to_dataset(rows: list[list]) -> tablib.Dataset:
    """Rows of cells, the first one the header, as a Dataset of equal-width rows."""
    rows = [list(row) for row in rows]
    while rows and all(is_blank(cell) for cell in rows[-1]):
        rows.pop()  # Excel keeps formatted but empty rows at the end
    if not rows:
        return tablib.Dataset()
    width = max(len(row) for row in rows)
    headers = ["" if cell is None else str(cell) for cell in rows[0]] + [""] * (width - len(rows[0]))
    dataset = tablib.Dataset(headers=headers)
    for row in rows[1:]:
        dataset.append(row + [None] * (width - len(row)))
    return dataset


def decode(data: bytes | str) -> str:
    if isinstance(data, str):
        return data.lstrip("\ufeff")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp874")
    except UnicodeDecodeError:
        raise SheetReadError(
            gettext("The file is neither UTF-8 nor Windows Thai text: in Excel, save it as “CSV UTF-8”.")
        ) from None


def read_csv(data: bytes | str) -> tablib.Dataset:
    check_size(len(data))
    text = decode(data)
    first_line = text.split("\n", 1)[0]
    delimiter = ","
    if "," not in first_line:
        delimiter = next((d for d in (";", "\t") if d in first_line), ",")
    rows = []
    try:
        for row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter):
            row = trimmed(row)
            if len(row) > limit("IMPORT_MAX_COLUMNS"):
                raise too_many_columns(len(row))
            rows.append(row)
            if len(rows) > limit("IMPORT_MAX_ROWS") + 1:  # blank lines count too: millions of them are no file
                raise too_many_rows()
    except csv.Error as error:
        raise SheetReadError(gettext("CSV reader failed (%(error)s).") % {"error": error}) from None
    return to_dataset(rows)


def check_package(data: bytes) -> None:
    """Refuses an XLSX whose parts unpack to more than the limit, before anything is unpacked."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            unpacked = sum(member.file_size for member in package.infolist())
    except (zipfile.BadZipFile, OSError, ValueError):
        raise SheetReadError(gettext("This is not an Excel (.xlsx) file, or the file is damaged.")) from None
    if unpacked > limit("IMPORT_MAX_UNPACKED_BYTES"):
        raise SheetReadError(gettext("The file unpacks to %(size)s; at most %(limit)s is read. Save only the "
                                     "sheet to import in a new file.") % {
            "size": filesizeformat(unpacked), "limit": filesizeformat(limit("IMPORT_MAX_UNPACKED_BYTES"))})


DIMENSION = re.compile(rb"<(?:\w+:)?dimension\s+ref=\"[A-Z]*\$?(\d*)(?::\$?([A-Z]+)\$?(\d+))?\"")


def check_dimension(head: bytes) -> None:
    """The size the sheet declares (<dimension ref="A1:K70"/>), read from its first bytes."""
    from openpyxl.utils import column_index_from_string

    found = DIMENSION.search(head.split(b"sheetData", 1)[0])
    if found is None or not found[2]:
        return
    if column_index_from_string(found[2].decode()) > limit("IMPORT_MAX_COLUMNS"):
        raise too_many_columns(column_index_from_string(found[2].decode()))
    if int(found[3]) > limit("IMPORT_MAX_ROWS") + 1:
        raise too_many_rows()


def sheet_rows(cells_by_row) -> list[list]:
    """Rows of values from openpyxl's parser, checked against the limits while they are read.

    openpyxl's worksheets pad every row to the widest column and every gap between rows with empty ones:
    one cell in column XFD, or in row 1,000,000, would make millions of empty cells. Its parser gives each
    row's cells as they are stored, so the limits are checked before any padding is made.
    """
    rows: list[list] = []
    for number, cells in cells_by_row:
        values = {cell["column"]: cell["value"] for cell in cells if not is_blank(cell["value"])}
        if not values:
            continue  # a formatted but empty row
        if max(values) > limit("IMPORT_MAX_COLUMNS"):
            raise too_many_columns(max(values))
        if number > limit("IMPORT_MAX_ROWS") + 1:
            raise too_many_rows()
        rows.extend([] for _ in range(number - 1 - len(rows)))  # blank lines keep Excel's row numbers
        rows.append([values.get(column) for column in range(1, max(values) + 1)])
    return rows


def read_xlsx(data: bytes) -> tablib.Dataset:
    """The first sheet. openpyxl's own readers are used step by step: its read-only workbook would first
    scan a whole sheet that declares no size, which takes seconds on a hostile file."""
    from openpyxl.reader.excel import ExcelReader
    from openpyxl.styles.stylesheet import apply_stylesheet
    from openpyxl.worksheet._reader import WorkSheetParser

    check_size(len(data))
    check_package(data)
    try:
        reader = ExcelReader(io.BytesIO(data), read_only=True, data_only=True)
        reader.read_manifest()
        reader.read_strings()
        reader.read_workbook()
        apply_stylesheet(reader.archive, reader.wb)
        path = next(rel.target for _, rel in reader.parser.find_sheets() if rel.target in reader.valid_files)
        with reader.archive.open(path) as source:
            check_dimension(source.read(64 * 1024))
        book = reader.wb
        with reader.archive.open(path) as source:
            parser = WorkSheetParser(source, reader.shared_strings, data_only=True, epoch=book.epoch,
                                     date_formats=book._date_formats, timedelta_formats=book._timedelta_formats)
            return to_dataset(sheet_rows(parser.parse()))
    except SheetReadError:
        raise
    except Exception:  # openpyxl raises many kinds of errors on a file that is not XLSX
        raise SheetReadError(gettext("This is not an Excel (.xlsx) file, or the file is damaged.")) from None


def csv_cell(value) -> str:
    if value is None:
        return ""
    text = str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def write_csv(dataset: tablib.Dataset) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(dataset.headers or [])
    for row in dataset:
        writer.writerow([csv_cell(value) for value in row])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def write_xlsx(dataset: tablib.Dataset, notes: list[list[str]] | None = None) -> bytes:
    """The rows on the first sheet; `notes` (an explanation of the columns) on a second sheet."""
    import openpyxl
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    from openpyxl.styles import Alignment, Font

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = gettext("data")
    def legal(row):  # control characters cannot be stored in XLSX; they carry no meaning in a cell anyway
        return [ILLEGAL_CHARACTERS_RE.sub("", v) if isinstance(v, str) else v for v in row]

    sheet.append(legal(dataset.headers or []))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in dataset:
        sheet.append(legal(row))
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            if isinstance(cell.value, str):
                cell.data_type = "s"  # text, even when it starts with "=": never a formula
                cell.alignment = Alignment(wrap_text=True, vertical="top")
            elif isinstance(cell.value, Decimal):
                cell.number_format = "0.00"
    for index, column in enumerate(sheet.columns, start=1):
        longest = max((len(str(cell.value or "")) for cell in column), default=8)
        sheet.column_dimensions[openpyxl.utils.get_column_letter(index)].width = min(60, max(10, longest + 2))
    sheet.freeze_panes = "A2"
    if notes:
        explanation = book.create_sheet(gettext("column guide"))
        for line in notes:
            explanation.append(line)
        explanation.column_dimensions["A"].width = 28
        explanation.column_dimensions["B"].width = 100
        for row in explanation.iter_rows():
            for cell in row:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def with_rows(dataset: tablib.Dataset) -> tablib.Dataset:
    if not len(dataset):
        raise SheetReadError(gettext("Below the header row there is nothing to import."))
    return dataset


class SheetCSV(base_formats.CSV):
    """CSV read as bytes, so that we can tell UTF-8 from Windows Thai, and written with a BOM."""

    native_types = False

    def is_binary(self):
        return True

    def get_read_mode(self):
        return "rb"

    def create_dataset(self, in_stream, **kwargs):
        return with_rows(read_csv(in_stream))

    def export_data(self, dataset, **kwargs):
        return write_csv(dataset)


class SheetXLSX(base_formats.XLSX):
    native_types = True  # scores stay numbers, so Excel can sum them

    def create_dataset(self, in_stream, **kwargs):
        return with_rows(read_xlsx(in_stream))

    def export_data(self, dataset, **kwargs):
        return write_xlsx(dataset, notes=kwargs.get("notes"))


FORMATS = {"csv": SheetCSV, "xlsx": SheetXLSX}


def format_for(path: Path | str):
    """The format of a file by its extension, or None for one we do not read."""
    format_class = FORMATS.get(Path(path).suffix.lower().lstrip("."))
    return format_class() if format_class else None
