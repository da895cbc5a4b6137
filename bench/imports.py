"""Peak memory and time of reading spreadsheets up to the upload limit, accepted and refused ones.

Each file is read in a process of its own (as a worker would read an upload), through the same code the
admin and the import commands use, and the process's peak resident memory is printed. The files are
made here: large but valid ones, and the hostile shapes that once exhausted memory (one cell in column
XFD per row, a sheet that unpacks to gigabytes, 200,000 CSV rows).

    python bench/imports.py [--runs 3]

Synthetic files only; nothing is written to a database.
"""
from __future__ import annotations

import argparse
import io
import statistics
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
THAI = "จัดประชุมชี้แจงเจ้าหน้าที่เรื่องการป้องกันผลประโยชน์ทับซ้อน "

CHILD = """
import os, sys, time
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "itaportal.settings")
os.environ.setdefault("DEBUG", "1")
import django
django.setup()
from itaportal.spreadsheets.formats import format_for, SheetReadError
path = sys.argv[1]
start = time.perf_counter()
try:
    dataset = format_for(path).create_dataset(open(path, "rb").read())
    outcome = f"read {len(dataset)} rows"
except SheetReadError as error:
    outcome = "refused: " + str(error)[:70]
seconds = time.perf_counter() - start
# VmHWM is this process's own peak (getrusage's maxrss keeps the parent's across exec on Linux).
peak_kb = next(int(line.split()[1]) for line in open("/proc/self/status") if line.startswith("VmHWM:"))
print(peak_kb / 1024, seconds, outcome, sep="\\t")
"""


def xlsx(rows) -> bytes:
    import openpyxl

    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet()
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def xfd_sheet(rows: int) -> bytes:
    """One cell per row, in Excel's last column: tiny on disk, 16,384 cells a row once padded."""
    body = "".join(f'<row r="{n}"><c r="XFD{n}" t="inlineStr"><is><t>x</t></is></c></row>' for n in range(1, rows + 1))
    return package(f'<dimension ref="A1:XFD{rows}"/><sheetData>{body}</sheetData>')


def bomb_sheet(rows: int) -> bytes:
    """Many rows of many short cells: compresses a hundred times over."""
    row = "".join(f'<c t="n"><v>{n}</v></c>' for n in range(40))
    body = "".join(f"<row>{row}</row>" for _ in range(rows))
    return package(f"<sheetData>{body}</sheetData>")


def package(sheet_xml: str) -> bytes:
    """A minimal XLSX around one sheet's XML."""
    files = {
        "[Content_Types].xml": (
            '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.'
            'spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="'
            'application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>'),
        "_rels/.rels": (
            '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
            'officeDocument" Target="xl/workbook.xml"/></Relationships>'),
        "xl/workbook.xml": (
            '<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
            'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>'
            '<sheet name="data" sheetId="1" r:id="rId1"/></sheets></workbook>'),
        "xl/_rels/workbook.xml.rels": (
            '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
            'worksheet" Target="worksheets/sheet1.xml"/></Relationships>'),
        "xl/worksheets/sheet1.xml": (
            '<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
            f"{sheet_xml}</worksheet>"),
    }
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for name, text in files.items():
            archive.writestr(name, text)
    return out.getvalue()


def padded_csv(rows: int, target: int) -> bytes:
    head = "theme,number,title,steps,divisions,start_month,end_month,follow_up\n"
    line_length = ((target - len(head.encode())) // rows - 90) // 3  # Thai letters take 3 bytes in UTF-8
    text = THAI * (line_length // len(THAI) + 1)
    body = "".join(f"1,{n},{text[:line_length]},ขั้นตอน,สำนักปลัด,ต.ค. 2567,ก.ย. 2568,รายงาน\n" for n in range(rows))
    return (head + body).encode()[:target].rsplit(b"\n", 1)[0] + b"\n"


def cases():
    """(label, extension, a function that makes the file), so that only one file is in memory at a time."""
    limit = 5 * 1024 * 1024
    return [
        ("CSV, 5,000 rows of Thai text (accepted)", "csv", lambda: padded_csv(5000, limit - 1024)),
        ("XLSX, 5,000 rows x 20 columns of Thai text (accepted)", "xlsx",
         lambda: xlsx([[f"{THAI}{n}-{c}" for c in range(20)] for n in range(5000)])),
        ("XLSX, 2,000 rows of one cell in column XFD (refused)", "xlsx", lambda: xfd_sheet(2000)),
        ("XLSX, 200,000 rows x 40 cells, unpacks to 168 MB (refused)", "xlsx", lambda: bomb_sheet(200_000)),
        ("XLSX, 58,000 rows x 40 cells, no dimension, 49 MB (refused)", "xlsx", lambda: bomb_sheet(58_000)),
        ("CSV, 200,000 rows (refused)", "csv", lambda: b"code,score\n" + b"I1,50\n" * 200_000),
        ("CSV, 5 MB of blank lines (refused)", "csv", lambda: b"code,score\n" + b"\n" * (limit - 20)),
        ("CSV, one byte over 5 MB (refused)", "csv", lambda: b"code,score\n" + b"I1,50," + b" " * limit),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    print(f"{'file':62} {'size':>9} {'peak MB (median)':>17} {'seconds':>8}  outcome")
    with tempfile.TemporaryDirectory() as folder:
        for label, extension, make in cases():
            data = make()
            path = Path(folder) / f"file.{extension}"
            path.write_bytes(data)
            peaks, seconds, outcome = [], [], ""
            for _ in range(args.runs):
                result = subprocess.run([sys.executable, "-c", CHILD, str(path)], cwd=ROOT, capture_output=True,
                                        text=True, timeout=600)
                if result.returncode != 0:
                    outcome = "crashed: " + result.stderr.strip().splitlines()[-1][:60]
                    break
                peak, elapsed, outcome = result.stdout.strip().split("\t")
                peaks.append(float(peak))
                seconds.append(float(elapsed))
            size = f"{len(data) / 1024:,.1f} KB"
            peak = f"{statistics.median(peaks):,.0f}" if peaks else "–"
            time = f"{statistics.median(seconds):.2f}" if seconds else "–"
            print(f"{label:62} {size:>9} {peak:>17} {time:>8}  {outcome}")


if __name__ == "__main__":
    main()
