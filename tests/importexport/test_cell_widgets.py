"""Cell widgets read Thai digits, separators, Excel's number and date cells, and refuse the rest."""
import datetime
from decimal import Decimal

import pytest

from itaportal.spreadsheets.widgets import (
    CellError,
    IntegerWidget,
    MonthWidget,
    ScoreWidget,
    TextWidget,
    UrlListWidget,
    clean_text,
    to_decimal,
)


@pytest.mark.parametrize("typed, expected", [
    ("1,234.5", Decimal("1234.5")), ("๑,๒๓๔", Decimal("1234")), (" 92.4 ", Decimal("92.4")), (92.4, Decimal("92.4")),
    (7, Decimal(7)), ("1e1", Decimal("10")), ("-0", Decimal("0")),
])
def test_numbers_are_read_with_thai_digits_and_thousands_separators(typed, expected):
    assert to_decimal(typed) == expected


@pytest.mark.parametrize("typed", ["12,34", "1,2345", "NaN", "Infinity", "1e999", float("nan"), True, "", "๙๒.๔๐.๑",
                                   datetime.date(2024, 1, 1)])
def test_what_is_not_a_number_is_refused(typed):
    with pytest.raises(CellError):
        to_decimal(typed)


def test_excels_float_noise_is_forgiven_but_a_third_decimal_is_not():
    assert ScoreWidget().clean(92.40000000001) == Decimal("92.40")
    assert ScoreWidget().clean(99.99999999999) == Decimal("100.00")
    with pytest.raises(CellError):
        ScoreWidget().clean("92.401")


def test_a_percent_may_carry_a_percent_sign_but_not_a_fraction():
    widget = IntegerWidget(0, 100, percent=True)

    assert widget.clean("๘๐ %") == 80
    assert widget.clean(80.0) == 80
    with pytest.raises(CellError):
        widget.clean("80.5")


@pytest.mark.parametrize("typed, expected", [
    ("มี.ค. ๒๕๖๘", datetime.date(2025, 3, 1)), ("มีนาคม 2568", datetime.date(2025, 3, 1)),
    ("มี.ค.2568", datetime.date(2025, 3, 1)), ("2025-03", datetime.date(2025, 3, 1)),
    (datetime.datetime(2025, 3, 17, 10, 0), datetime.date(2025, 3, 1)),
])
def test_months_are_read_in_thai_iso_or_from_excel_dates(typed, expected):
    assert MonthWidget().clean(typed) == expected


@pytest.mark.parametrize("typed", ["มี.ค.", "2568", "13/2568", "ต.ค. 99999999999999999999", "2024-00", "x-y"])
def test_what_is_not_a_month_is_refused(typed):
    with pytest.raises(CellError):
        MonthWidget().clean(typed)


def test_text_loses_control_characters_and_windows_line_ends_but_keeps_thai_digits():
    assert clean_text("  ขั้นตอน ๑\r\n\x00ขั้นตอน ๒\x0b  ") == "ขั้นตอน ๑\nขั้นตอน ๒"


def test_a_leading_apostrophe_that_guards_a_formula_is_dropped():
    assert TextWidget().clean("'- ประชุม") == "- ประชุม"
    assert TextWidget().clean("'ปอ'") == "'ปอ'"


def test_links_are_one_per_line_and_each_is_checked():
    assert UrlListWidget().clean("https://a.go.th  https://b.go.th\n") == "https://a.go.th\nhttps://b.go.th"
    with pytest.raises(CellError):
        UrlListWidget().clean("https://a.go.th javascript:alert(1)")
