"""Thai conventions: Buddhist-era years, Thai month names and Thai digits."""
from __future__ import annotations

import datetime
from decimal import Decimal

BE_OFFSET = 543
MONTHS = [
    "มกราคม", "กุมภาพันธ์", "มีนาคม", "เมษายน", "พฤษภาคม", "มิถุนายน",
    "กรกฎาคม", "สิงหาคม", "กันยายน", "ตุลาคม", "พฤศจิกายน", "ธันวาคม",
]
MONTH_ABBREVIATIONS = [
    "ม.ค.", "ก.พ.", "มี.ค.", "เม.ย.", "พ.ค.", "มิ.ย.", "ก.ค.", "ส.ค.", "ก.ย.", "ต.ค.", "พ.ย.", "ธ.ค.",
]
_TO_THAI = str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙")
_TO_ARABIC = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")


def thai_digits(text) -> str:
    return str(text).translate(_TO_THAI)


def arabic_digits(text) -> str:
    return str(text).translate(_TO_ARABIC)


def digits(text, *, thai: bool) -> str:
    return thai_digits(text) if thai else arabic_digits(text)


def be_year(value: datetime.date | int) -> int:
    year = value.year if isinstance(value, datetime.date) else int(value)
    return year + BE_OFFSET


def month_abbr(value: datetime.date) -> str:
    """'ต.ค. 2567' for October 2024."""
    return f"{MONTH_ABBREVIATIONS[value.month - 1]} {be_year(value)}"


def month_range(start: datetime.date, end: datetime.date) -> str:
    """'ต.ค. 2567 - ก.ย. 2568', as measures tables write a timeline."""
    return f"{month_abbr(start)} - {month_abbr(end)}"


def date_full(value: datetime.date) -> str:
    """'2 กุมภาพันธ์ 2568', as a signed date is written."""
    return f"{value.day} {MONTHS[value.month - 1]} {be_year(value)}"


def date_short(value: datetime.date) -> str:
    """'2 ก.พ. 2568'."""
    return f"{value.day} {MONTH_ABBREVIATIONS[value.month - 1]} {be_year(value)}"


def score(value: Decimal | float | None) -> str:
    """Scores are published with two decimals."""
    return "–" if value is None else f"{Decimal(value).quantize(Decimal('0.01')):.2f}"


def parse_month(text: str) -> datetime.date:
    """Reads 'ต.ค. ๒๕๖๗', 'ต.ค. 2567', 'ตุลาคม 2567' or ISO '2024-10' / '2024-10-01' as the first of the month."""
    value = arabic_digits(text).strip()
    if value[:4].isdigit() and "-" in value:
        year, month = (int(part) for part in value.split("-")[:2])
        return datetime.date(year, month, 1)
    name, _, year = value.rpartition(" ")
    name = name.replace(" ", "")
    for number, (full, short) in enumerate(zip(MONTHS, MONTH_ABBREVIATIONS), start=1):
        if name in (full, short, short.replace(".", "")):
            return datetime.date(int(year) - BE_OFFSET, number, 1)
    raise ValueError(f"not a month: {text!r}")
