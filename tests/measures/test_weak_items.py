"""Weak items: the items of the plan's assessment below the pass mark, the measures whose theme cites
each one, the flag for the items no measure answers, and the page admins and executives read.

The demo's weak items (measures/demo/po.toml): E9 42.37 (theme 2, measure 2.1), O17 not passed (theme 5,
5.1 and 5.2), O19 not passed (theme 6, 6.1 and 6.2). Every demo item is cited by a theme, so the tests
that need an unanswered item take O19's citation out of theme 6."""
from __future__ import annotations

from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from assessments.models import Item, ItemScore
from measures.models import Theme, ThemeItem
from measures.weak_items import weak_items
from reports.measures_data import measures_context
from tests.measures.conftest import th

URL = reverse("measures-weak-items", args=["po", 2568])


def uncite(plan, code: str) -> None:
    """As if the agency had not cited the item in any theme."""
    deleted, _ = ThemeItem.objects.filter(theme__plan=plan, item__code=code).delete()
    assert deleted == 1


def set_score(assessment, code: str, score: str) -> None:
    ItemScore.objects.filter(assessment=assessment, item__code=code).update(score=Decimal(score))


def summary(rows) -> list[tuple[str, Decimal, list[str], bool]]:
    return [(row.code, row.score, row.measure_codes, row.unanswered) for row in rows]


def test_it_lists_the_demo_items_below_the_pass_mark_with_the_measures_that_answer_them(plan):
    assert summary(weak_items(plan)) == [
        ("E9", Decimal("42.37"), ["2.1"], False),
        ("O17", Decimal("0"), ["5.1", "5.2"], False),
        ("O19", Decimal("0"), ["6.1", "6.2"], False),
    ]


def test_each_row_carries_its_item_text_and_tool(plan):
    e9, o17, _ = weak_items(plan)
    assert (e9.tool, o17.tool) == ("EIT", "OIT")
    assert e9.item.text == Item.objects.get(framework=plan.assessment.framework, code="E9").text
    assert o17.item.kind == Item.Kind.PASS_FAIL


def test_an_item_no_theme_cites_is_flagged_unanswered(plan):
    uncite(plan, "O19")
    o19 = weak_items(plan)[-1]
    assert (o19.code, o19.measures, o19.unanswered) == ("O19", [], True)


def test_an_item_cited_by_a_theme_without_measures_is_unanswered(plan):
    theme = Theme.objects.create(plan=plan, number=8, title="ประเด็นที่ยังไม่มีมาตรการ")
    uncite(plan, "O19")
    ThemeItem.objects.create(theme=theme, item=Item.objects.get(framework=plan.assessment.framework, code="O19"))
    assert weak_items(plan)[-1].unanswered


def test_the_pass_mark_itself_passes_and_a_cent_below_does_not(plan, assessment_2567):
    set_score(assessment_2567, "E4", "85.00")  # cited by theme 3
    set_score(assessment_2567, "I10", "84.99")  # cited by theme 4
    assert summary(weak_items(plan))[:2] == [
        ("I10", Decimal("84.99"), ["4.1", "4.2"], False),
        ("E9", Decimal("42.37"), ["2.1"], False),
    ]
    assert "E4" not in [row.code for row in weak_items(plan)]


def test_it_follows_the_frameworks_pass_mark(plan, assessment_2567):
    framework = assessment_2567.framework
    framework.pass_mark = Decimal("90")
    framework.save()
    codes = [row.code for row in weak_items(plan)]
    # the demo's items between 85 and 90 (E4 86.10, E5 87.80 ...) are now weak; pass/fail items unchanged
    assert codes == ["I10", "E4", "E5", "E6", "E7", "E8", "E9", "O17", "O19"]


def test_items_without_a_score_are_not_listed(plan, assessment_2567):
    ItemScore.objects.filter(assessment=assessment_2567, item__code="E9").delete()
    assert [row.code for row in weak_items(plan)] == ["O17", "O19"]


def test_an_item_cited_by_two_themes_has_the_measures_of_both_in_order(plan):
    e9 = Item.objects.get(framework=plan.assessment.framework, code="E9")
    ThemeItem.objects.create(theme=plan.themes.get(number=1), item=e9, order=99)
    assert weak_items(plan)[0].measure_codes == ["1.1", "1.2", "1.3", "1.4", "1.5", "2.1"]


def test_a_plan_without_an_assessment_has_no_weak_items(plan):
    plan.assessment = None
    plan.save()
    assert weak_items(plan) == []


def count_queries(plan) -> int:
    plan = type(plan).objects.get(pk=plan.pk)
    with CaptureQueriesContext(connection) as queries:
        weak_items(plan)
    return len(queries)


def test_its_queries_do_not_grow_with_the_number_of_weak_items(plan, assessment_2567):
    demo = count_queries(plan)
    ItemScore.objects.filter(assessment=assessment_2567).update(score=Decimal("0"))
    assert len(weak_items(plan)) == 59
    assert count_queries(plan) == demo <= 5


# The flag: the annual document's data carries the table only where the agency turns it on.

def test_the_document_data_has_no_weak_items_while_the_flag_is_off(plan):
    assert plan.weak_items_in_document is False
    assert measures_context(plan)["weak_items"] is None


def test_the_document_data_has_the_weak_items_when_the_flag_is_on_in_the_documents_digits(plan):
    uncite(plan, "O19")
    plan.weak_items_in_document = True
    plan.save()
    table = measures_context(plan)["weak_items"]
    assert table["pass_mark"] == "๘๕"
    assert [(row["code"], row["score"], [m["code"] for m in row["measures"]]) for row in table["rows"]] == [
        ("E๙", "๔๒.๓๗", ["๒.๑"]), ("O๑๗", "๐.๐๐", ["๕.๑", "๕.๒"]), ("O๑๙", "๐.๐๐", []),
    ]
    assert table["rows"][0]["measures"][0]["title"] == plan.measures.get(theme__number=2, number=1).title


# The page.

@pytest.mark.parametrize("role", ["admin", "executive"])
def test_an_admin_or_executive_reads_the_weak_items(login, people, plan, role):
    response = login(people[role]).get(URL)
    assert response.status_code == 200
    page = response.content.decode()
    assert [row.code for row in response.context["rows"]] == ["E9", "O17", "O19"]
    assert reverse("measures-detail", args=["po", 2568, 2, 1]) in page
    assert reverse("measures-detail", args=["po", 2568, 6, 2]) in page
    assert "42.37" in page
    assert 'class="unanswered"' not in page and 'class="badge overdue"' not in page


def test_the_page_flags_the_item_no_measure_answers_and_counts_them(login, people, plan):
    uncite(plan, "O19")
    response = login(people["admin"]).get(URL)
    page = response.content.decode()
    row = page[page.index('id="item-O19"'):]
    row = row[: row.index("</tr>")]
    assert '<tr id="item-O19" class="unanswered">' in page
    assert th("No measure answers this item") == "ยังไม่มีมาตรการรองรับ"
    assert '<span class="badge overdue">ยังไม่มีมาตรการรองรับ</span>' in row
    assert reverse("measures-detail", args=["po", 2568, 6, 1]) not in page
    assert "ต่ำกว่าเกณฑ์ผ่าน 3 รายการ ในจำนวนนี้ยังไม่มีมาตรการรองรับ 1 รายการ" in page


def test_a_superuser_reads_the_weak_items(client, plan):
    client.force_login(get_user_model().objects.create_superuser(username="root", password="pw-root"))
    assert client.get(URL).status_code == 200


def test_staff_are_refused(login, people, plan):
    assert login(people["owner"]).get(URL).status_code == 403


def test_another_agencys_user_does_not_find_it(login, people, plan):
    assert login(people["outsider"]).get(URL).status_code == 404


def test_an_anonymous_visitor_is_sent_to_log_in(client, plan):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_a_plan_without_an_assessment_says_so(login, people, plan):
    plan.assessment = None
    plan.save()
    response = login(people["admin"]).get(URL)
    assert response.status_code == 200
    assert th("The plan is not based on an ITA assessment yet.") in response.content.decode()


@pytest.mark.parametrize("role, shown", [("admin", True), ("executive", True), ("owner", False)])
def test_the_dashboard_links_to_it_for_admins_and_executives_only(login, people, plan, role, shown):
    page = login(people[role]).get(reverse("measures-dashboard", args=["po", 2568])).content.decode()
    assert (URL in page) is shown
