"""The analysis's table of the items below the pass mark, in the real PDF's text layer: there, after the
seven themes and before the measures, where the plan turns it on; absent where it does not.

The demo's weak items are E9 (42.37, answered by 2.1), O17 and O19 (not passed, 0.00). Every demo item
is cited by a theme, so the rendering with the flag on takes O19's citation out of theme 6 to have an
item no measure answers."""
from __future__ import annotations

import pytest
from django.db import transaction

from measures.models import ThemeItem
from measures.seeding import DEMO_DIR, load_agency
from tests.reports.conftest import compact, pdftotext

HEADING = compact("รายการที่ได้คะแนนต่ำกว่าค่าเป้าหมาย (๘๕ คะแนน) และมาตรการที่รองรับ")
UNANSWERED = "ยังไม่มีมาตรการรองรับ"
MEASURES_PART = compact("๓. มาตรการในการส่งเสริมคุณธรรมและความโปร่งใส")


def render(*, flag: bool, thai_digits: bool = True) -> str:
    from reports.pdf import measures_document

    with transaction.atomic():
        organization, _ = load_agency(DEMO_DIR / "po.toml")
        plan = organization.plans.get(fiscal_year=2568)
        plan.weak_items_in_document = flag
        plan.thai_digits = thai_digits
        plan.save()
        ThemeItem.objects.filter(theme__plan=plan, item__code="O19").delete()
        text = pdftotext(measures_document(plan))
        transaction.set_rollback(True)
    return text


@pytest.fixture(scope="module")
def texts(django_db_setup, django_db_blocker) -> dict[str, str]:
    """Without whitespace: the heading and the cells wrap inside Thai words' runs."""
    with django_db_blocker.unblock():
        return {"on": compact(render(flag=True)), "off": compact(render(flag=False))}


def section(text: str) -> str:
    """From the table's heading to the measures part."""
    return text[text.index(HEADING):text.index(MEASURES_PART)]


def test_the_heading_comes_after_the_seven_themes_and_before_the_measures(texts):
    text = texts["on"]
    assert text.index("๒.๗กลไก") < text.index(HEADING) < text.index(MEASURES_PART)


def test_it_lists_each_weak_item_with_its_score(texts):
    table = section(texts["on"])
    for code, score in (("E๙", "๔๒.๓๗"), ("O๑๗", "๐.๐๐"), ("O๑๙", "๐.๐๐")):
        assert code in table and score in table, code
    assert table.index("E๙") < table.index("O๑๗") < table.index("O๑๙")
    assert "รายการคะแนนมาตรการที่รองรับ" in table


def test_an_answered_item_names_its_measures_and_an_unanswered_one_says_it_has_none(texts):
    table = section(texts["on"])
    e9, o17, o19 = table.index("E๙"), table.index("O๑๗"), table.index("O๑๙")
    assert "๒.๑ส่งเสริมการเข้าถึงข้อมูล" in table[e9:o17]
    assert "๕.๑เปิดโอกาส" in table[o17:o19] and "๕.๒เปิดโอกาส" in table[o17:o19]
    assert UNANSWERED in table[o19:]
    assert table.count(UNANSWERED) == 1


def test_the_items_scoring_at_or_above_the_pass_mark_are_not_in_it(texts):
    table = section(texts["on"])
    for code in ("E๔", "E๘", "I๑๐", "O๑๘"):  # 86.10, 87.12, 86.90, passed
        assert code not in table, code


def test_with_the_flag_off_none_of_it_is_there(texts):
    text = texts["off"]
    assert HEADING not in text
    assert UNANSWERED not in text
    assert "มาตรการที่รองรับ" not in text and "ต่ำกว่าค่าเป้าหมาย" not in text
    assert "E๙" in text and "๔๒.๓๗" in text  # still in theme 2's item table


def test_the_section_follows_the_documents_arabic_digits(db):
    text = compact(render(flag=True, thai_digits=False))
    table = text[text.index("รายการที่ได้คะแนนต่ำกว่าค่าเป้าหมาย(85คะแนน)"):text.index("3.มาตรการในการ")]
    assert "E9" in table and "42.37" in table and "O19" in table
