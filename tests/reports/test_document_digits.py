"""Thai digits by default; with the plan's choice turned off, Arabic digits everywhere, stored
paragraphs, headings and page numbers included. URLs and file names are kept as typed."""
from __future__ import annotations

import re

import pytest

from itaportal.thai import thai_digits
from reports.digits import Verbatim, localize
from tests.reports.conftest import flat, pdftotext, render_demo

THAI_DIGIT = re.compile("[๐-๙]")


@pytest.fixture(scope="module")
def arabic(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        return render_demo(thai_digits=False)


def test_with_arabic_digits_there_is_no_thai_digit_left(arabic):
    for document in (arabic.measures, arabic.progress):
        text = pdftotext(document)
        assert not THAI_DIGIT.search(text), THAI_DIGIT.search(text)


def test_with_arabic_digits_every_figure_is_in_arabic(arabic):
    text = flat(pdftotext(arabic.measures))
    for figure in [*arabic.indicator_scores, *arabic.tool_scores, arabic.overall, *arabic.item_scores.values()]:
        assert figure in text, figure
    assert "1. ผลการประเมิน ITA" in text and "2.1 กระบวนการปฏิบัติงาน" in text
    assert "- 2 -" in pdftotext(arabic.measures, first=2, last=2).splitlines()


def test_stored_paragraphs_follow_the_choice(arabic, demo_text):
    # The demo's paragraphs are stored with Thai digits ("(I๑, I๒)", "๗.๖๒ คะแนน").
    assert "(I1, I2)" in flat(pdftotext(arabic.measures))
    assert "(I๑, I๒)" in flat(demo_text)


def test_with_thai_digits_the_progress_report_keeps_urls_and_file_names_as_typed(demo):
    text = flat(pdftotext(demo.progress))
    assert "https://www.po.go.th/news/123" in text
    assert "รายงานการประชุม-1-2568.pdf" in text
    assert "ร้อยละ ๔๐" in text


def test_localize_converts_every_string_but_verbatim_ones():
    data = {"a": "ปี 2568", "b": ["I1", {"c": "92.40"}], "d": Verbatim("https://x/1"), "e": True, "f": None}
    assert localize(data, thai_digits=True) == {
        "a": "ปี ๒๕๖๘", "b": ["I๑", {"c": "๙๒.๔๐"}], "d": "https://x/1", "e": True, "f": None,
    }
    assert localize({"a": thai_digits("2568")}, thai_digits=False) == {"a": "2568"}
