"""Cell widgets: read what people type in Thai offices' spreadsheets, write what they read back.

Every `clean` accepts a cell as a file gives it: text from a CSV (Thai digits, spaces, thousands
separators, a BOM), or Excel's own types from an XLSX (int, float such as 92.40000000001, date,
bool). A cell that cannot be read raises `CellError` with a message for the person who typed it.
"""
from __future__ import annotations

import datetime
import re
import unicodedata
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.translation import gettext_lazy as _
from import_export.widgets import Widget

from itaportal.thai import arabic_digits, month_abbr, parse_month

# Excel writes 92.4 as 92.40000000001 now and then; closer than this to a 2-decimal figure is that figure.
FLOAT_NOISE = Decimal("0.000001")
# Beyond these a number is a typing accident, and Decimal arithmetic on it gets slow.
LARGEST = Decimal("1e12")
_SPACES = re.compile(r"[\s\u200b\u200c\u200d\u2060\ufeff]+")
_THOUSANDS = re.compile(r"^[+-]?\d{1,3}(,\d{3})+(\.\d*)?$")
# A spreadsheet opened from CSV runs a cell that starts with one of these as a formula.
FORMULA_STARTS = ("=", "+", "-", "@")


class CellError(ValueError):
    """A cell that cannot be read; the message is for the person who typed it."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return str(self.message)


def is_blank(value) -> bool:
    return value is None or (isinstance(value, str) and clean_text(value) == "")


def clean_text(value) -> str:
    """Cell text without the control characters, BOMs and stray spaces that copying brings."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).replace("\r\n", "\n").replace("\r", "\n")
    text = "".join(
        ch for ch in text
        if ch in "\n\t" or unicodedata.category(ch) not in ("Cc", "Cf", "Cs")
    )
    text = "\n".join(line.strip() for line in text.split("\n")).strip()
    # A leading apostrophe is how our CSV export keeps Excel from running a cell as a formula.
    if text.startswith("'") and text[1:2] in FORMULA_STARTS:
        text = text[1:]
    return text


def squeeze(value) -> str:
    """Text with every space removed: the form in which names and codes are compared."""
    return _SPACES.sub("", clean_text(value))


def to_decimal(value) -> Decimal:
    if isinstance(value, (bool, datetime.date, datetime.time, datetime.timedelta)):
        raise CellError(_("Expected digits (such as 92.40) here."))
    if isinstance(value, float):
        number = Decimal(repr(value))
    elif isinstance(value, (int, Decimal)):
        number = Decimal(value)
    else:
        text = arabic_digits(squeeze(value))
        if _THOUSANDS.match(text):
            text = text.replace(",", "")
        try:
            number = Decimal(text)
        except (InvalidOperation, ValueError):
            raise CellError(_("Expected digits (such as 92.40) here.")) from None
    if not number.is_finite() or abs(number) >= LARGEST:
        raise CellError(_("Expected digits (such as 92.40) here."))
    return number


def to_places(number: Decimal, places: int) -> Decimal:
    """The number with `places` decimals, forgiving float noise but not a real extra decimal."""
    rounded = number.quantize(Decimal(1).scaleb(-places))
    if abs(number - rounded) > FLOAT_NOISE:
        if places == 0:
            raise CellError(_("Not a whole number."))
        raise CellError(_("A score has at most two decimals."))
    return rounded


class TextWidget(Widget):
    """Free text; Excel line breaks become newlines and spaces at the ends go. An empty cell clears
    the text, or with `keep_on_blank` leaves it as it is."""

    def __init__(self, max_length: int | None = None, keep_on_blank: bool = False):
        super().__init__()
        self.max_length, self.keep_on_blank = max_length, keep_on_blank

    def clean(self, value, row=None, **kwargs) -> str | None:
        text = clean_text(value)
        if not text and self.keep_on_blank:
            return None
        if self.max_length and len(text) > self.max_length:
            raise CellError(
                _("%(n)s characters: cut it to %(max)s or fewer.") % {"max": self.max_length, "n": len(text)}
            )
        return text

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else str(value)


class ScoreWidget(Widget):
    """A score 0–100 with at most two decimals; pass/fail items also take ผ่าน/ไม่ผ่าน, yes/no, 1/0."""

    PASSED = {"ผ่าน", "yes", "y", "pass", "passed", "true", "ใช่", "มี", "✓", "✔"}
    NOT_PASSED = {"ไม่ผ่าน", "no", "n", "fail", "failed", "false", "ไม่ใช่", "ไม่มี", "✗", "✘"}
    HUNDRED = Decimal("100.00")
    ZERO = Decimal("0.00")

    def clean(self, value, row=None, pass_fail: bool = False, **kwargs) -> Decimal | None:
        if is_blank(value):
            return None
        word = squeeze(value).lower() if isinstance(value, str) else None
        if pass_fail:
            return self.pass_fail(value, word)
        if word in self.PASSED or word in self.NOT_PASSED or isinstance(value, bool):
            raise CellError(_("Only pass/fail items take ผ่าน/ไม่ผ่าน; this one takes a score 0–100."))
        number = to_decimal(value)
        if not Decimal(0) <= number <= Decimal(100):
            raise CellError(_("A score must be between 0 and 100."))
        return to_places(number, 2)

    def pass_fail(self, value, word: str | None) -> Decimal:
        if value is True or word in self.PASSED:
            return self.HUNDRED
        if value is False or word in self.NOT_PASSED:
            return self.ZERO
        try:
            number = to_decimal(value)
        except CellError:
            number = None
        if number in (Decimal(1), Decimal(100)):
            return self.HUNDRED
        if number == Decimal(0):
            return self.ZERO
        raise CellError(_("A pass/fail item takes 100 or ผ่าน (passed), 0 or ไม่ผ่าน (not passed)."))

    def render(self, value, obj=None, force_native_type=False, **kwargs):
        if value is None:
            return ""
        return value if force_native_type else f"{value:.2f}"


class IntegerWidget(Widget):
    """A whole number within bounds, typed with Thai or Arabic digits, or from an Excel number cell."""

    def __init__(self, minimum: int, maximum: int, percent: bool = False):
        super().__init__()
        self.minimum, self.maximum, self.percent = minimum, maximum, percent

    def clean(self, value, row=None, **kwargs) -> int | None:
        if is_blank(value):
            return None
        if self.percent and isinstance(value, str):
            value = clean_text(value).rstrip("%").rstrip()
        number = int(to_places(to_decimal(value), 0))
        if not self.minimum <= number <= self.maximum:
            raise CellError(
                _("Give an integer in the range %(lo)s–%(hi)s.") % {"lo": self.minimum, "hi": self.maximum}
            )
        return number

    def render(self, value, obj=None, force_native_type=False, **kwargs):
        if value is None:
            return ""
        return value if force_native_type else str(value)


# Years (C.E.) outside this range are typing accidents, e.g. a C.E. year written where B.E. is meant.
EARLIEST_YEAR, LATEST_YEAR = 1950, 2200
_LETTER_DIGIT = re.compile(r"(?<=[^\d\s-])(?=\d)")


class MonthWidget(Widget):
    """A month as 'ต.ค. ๒๕๖๗', 'ต.ค.2567', 'ตุลาคม 2567', ISO '2024-10', or an Excel date cell."""

    def clean(self, value, row=None, **kwargs) -> datetime.date | None:
        if is_blank(value):
            return None
        if isinstance(value, datetime.datetime):
            value = value.date()
        if isinstance(value, datetime.date):
            month = value.replace(day=1)
        else:
            text = _LETTER_DIGIT.sub(" ", clean_text(value).replace("\n", " "))
            try:
                month = parse_month(text)
            except (ValueError, TypeError, OverflowError):
                raise CellError(self.error()) from None
        if not EARLIEST_YEAR <= month.year <= LATEST_YEAR:
            raise CellError(self.error())
        return month

    @staticmethod
    def error():
        return _("Not a month: write it like ต.ค. 2567 or 2024-10.")

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else month_abbr(value)


class UrlWidget(Widget):
    """One web address (http or https), or nothing."""

    validator = URLValidator(schemes=["http", "https"])

    def __init__(self, max_length: int = 500):
        super().__init__()
        self.max_length = max_length

    def clean(self, value, row=None, **kwargs) -> str:
        url = squeeze(value)
        if url:
            self.check(url)
        return url

    def check(self, url: str) -> None:
        if len(url) > self.max_length:
            raise CellError(
                _("%(n)s characters: cut it to %(max)s or fewer.") % {"max": self.max_length, "n": len(url)}
            )
        try:
            self.validator(url)
        except ValidationError:
            raise CellError(_("Not a web address (it should start with https:// or http://).")) from None

    def render(self, value, obj=None, **kwargs):
        return value or ""


class UrlListWidget(UrlWidget):
    """Web addresses, one per line (spaces between them are read as line breaks)."""

    def __init__(self):
        super().__init__(max_length=2000)

    def clean(self, value, row=None, **kwargs) -> str:
        urls = [part for part in re.split(r"\s+", clean_text(value)) if part]
        for url in urls:
            self.check(url)
        return "\n".join(urls)


class ChoiceWidget(Widget):
    """One of a model's choices, by its code, its English or Thai label, or a common synonym."""

    def __init__(self, choices, synonyms: dict[str, str] | None = None):
        super().__init__()
        self.choices = choices
        self.synonyms = synonyms or {}

    def spellings(self) -> dict[str, str]:
        from django.utils import translation

        known = {squeeze(code).lower(): code for code in self.choices.values}
        for language in ("en", "th"):
            with translation.override(language):
                known.update({squeeze(str(label)).lower(): code for code, label in self.choices.choices})
        known.update({squeeze(word).lower(): code for word, code in self.synonyms.items()})
        return known

    def clean(self, value, row=None, **kwargs) -> str | None:
        if is_blank(value):
            return None
        code = self.spellings().get(squeeze(value).lower())
        if code is None:
            raise CellError(
                _("Choose from: %(words)s.") % {"words": ", ".join(str(label) for _code, label in self.choices.choices)}
            )
        return code

    def render(self, value, obj=None, **kwargs):
        return str(self.choices(value).label) if value else ""
