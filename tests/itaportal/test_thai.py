import datetime
from decimal import Decimal

import pytest

from itaportal import thai


def test_digits_convert_both_ways():
    assert thai.thai_digits("ITA 2567: 92.40") == "ITA ๒๕๖๗: ๙๒.๔๐"
    assert thai.arabic_digits("๙๒.๔๐") == "92.40"


def test_dates_use_the_buddhist_era_and_thai_months():
    assert thai.month_abbr(datetime.date(2024, 10, 1)) == "ต.ค. 2567"
    assert thai.month_range(datetime.date(2024, 10, 1), datetime.date(2025, 9, 1)) == "ต.ค. 2567 - ก.ย. 2568"
    assert thai.date_full(datetime.date(2025, 2, 2)) == "2 กุมภาพันธ์ 2568"
    assert thai.date_short(datetime.date(2025, 2, 2)) == "2 ก.พ. 2568"


@pytest.mark.parametrize(
    "text, month",
    [("ต.ค. ๒๕๖๗", (2024, 10)), ("ก.ย. 2568", (2025, 9)), ("ตุลาคม 2567", (2024, 10)),
     ("2024-10", (2024, 10)), ("2025-09-01", (2025, 9)), (" มี.ค. ๒๕๖๘ ", (2025, 3))],
)
def test_months_are_read_as_people_write_them(text, month):
    assert thai.parse_month(text) == datetime.date(*month, 1)


@pytest.mark.parametrize("text", ["", "ต.ค.", "Octember 2567", "2567"])
def test_a_month_it_cannot_read_is_an_error(text):
    with pytest.raises(ValueError):
        thai.parse_month(text)


def test_scores_have_two_decimals():
    assert thai.score(Decimal("92.4")) == "92.40"
    assert thai.score(None) == "–"
