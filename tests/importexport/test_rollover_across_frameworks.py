"""Roll-over across frameworks: items follow the item maps (same code, renumbered, merged) and their roles;
items the maps do not reach are listed to the admin and kept on their themes to choose, never dropped."""
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

from assessments.loading import load_all_frameworks, load_framework
from assessments.models import Framework, Item
from measures.models import Plan, ThemeItem
from measures.rollover import rollover_plan


@pytest.fixture
def frameworks(po):
    return {framework.year: framework for framework in load_all_frameworks()}


def codes(plan, theme):
    return list(ThemeItem.objects.filter(theme__plan=plan, theme__number=theme).order_by("order")
                .values_list("item__code", flat=True))


def test_2567_to_2569_maps_the_measures_document_items_and_lists_the_unmapped(plan, frameworks):
    with translation.override("th"):
        outcome = rollover_plan(plan=plan, to_year=2570)

    new = outcome.plan
    theme_7 = new.themes.get(number=7)
    assert {"O25", "O26"} <= set(codes(new, 7))
    assert ThemeItem.objects.get(theme=theme_7, item__code="O25").item.role == Item.Role.MEASURES_DOCUMENT
    assert set(ThemeItem.objects.filter(theme__plan=new).values_list("item__framework__year", flat=True)) == {2569}
    # Merged: 2567 O26–O29 (No Gift Policy) all carry on as 2569 O20, linked once.
    assert codes(new, 7).count("O20") == 1
    # 2567 O7, O8, O9 (theme 1) and O2 (theme 3) have no successor in 2569: listed, kept to choose.
    warning = next(w for w in outcome.warnings if "ตารางเทียบรายการ" in w)
    assert all(code in warning for code in ("O2", "O7", "O8", "O9"))
    pending = new.themes.get(number=1).pending_items.splitlines()
    assert [line.split()[0] for line in pending] == ["O7", "O8", "O9"]
    assert pending[0] == "O7 แผนยุทธศาสตร์หรือแผนพัฒนาหน่วยงาน (ITA 2567)"
    assert new.themes.get(number=7).pending_items == ""


def test_a_chain_of_maps_is_followed_through_the_years_between(plan, po):
    def framework(year, code, from_year, from_code):
        return load_framework({"year": year, "name": f"ITA {year}", "tools": [{"code": "OIT", "name": "OIT", "weight": 100,
                               "indicators": [{"number": 10, "name": "x", "items": [{"code": code, "text": code}]}]}],
                               "item_map": [{"from_year": from_year, "pairs": [{"from": from_code, "to": code}]}]})
    framework(2568, "X30", 2567, "O30")
    target = framework(2569, "Y7", 2568, "X30")

    new = rollover_plan(plan=plan, to_year=2570).plan

    assert codes(new, 7) == ["Y7"]  # theme 7 cites O30 (ITA 2567), which became X30, then Y7
    assert ThemeItem.objects.get(theme__plan=new, theme__number=7).item.framework == target


def test_a_framework_without_a_map_carries_nothing_silently(plan, po):
    load_framework({"year": 2568, "name": "ITA 2568", "tools": [{"code": "IIT", "name": "IIT", "weight": 100,
                    "indicators": [{"number": 1, "name": "x", "items": [{"code": "I1", "text": "renumbered"}]}]}]})

    outcome = rollover_plan(plan=plan)

    assert ThemeItem.objects.filter(theme__plan=outcome.plan).count() == 0
    assert outcome.plan.themes.get(number=1).pending_items.splitlines()[0].startswith("I1 ")
    assert any("I1, I2, I3" in warning for warning in outcome.warnings)


def test_items_to_choose_carry_on_to_the_next_roll_over(plan, frameworks):
    first = rollover_plan(plan=plan, to_year=2570).plan
    Plan.objects.filter(pk=first.pk).update(fiscal_year=2569)  # pretend it was the 2569 plan, then roll on
    first.refresh_from_db()

    second = rollover_plan(plan=first, to_year=2571).plan

    assert "O7 แผนยุทธศาสตร์" in second.themes.get(number=1).pending_items


def test_the_command_rolls_over_across_frameworks_and_prints_the_unmapped(plan, frameworks):
    out = StringIO()

    call_command("rollover_plan", "--org", "po", "--from-year", "2568", "--to-year", "2570", stdout=out)

    assert "Started plan po 2570 from 2568: 7 themes, 17 measures" in out.getvalue()
    assert "O7, O8, O9" in out.getvalue()
    assert Framework.objects.get(year=2569).items.get(code="O25").themeitem_set.filter(
        theme__plan__fiscal_year=2570).exists()


def test_the_admin_action_rolls_over_to_a_chosen_year_and_lists_the_items_to_choose(client, agency_admin, plan,
                                                                                    frameworks):
    client.force_login(agency_admin)

    response = client.post(reverse("admin:measures_plan_changelist"),
                           {"action": "rollover", "_selected_action": [plan.pk], "to_year": "2570"}, follow=True)

    new = Plan.objects.get(organization=plan.organization, fiscal_year=2570)
    page = response.content.decode()
    assert "ตารางเทียบรายการไม่มีรายการที่สืบต่อใน ITA 2569 สำหรับ: O7, O8, O9" in page
    themes = client.get(reverse("admin:measures_theme_changelist") + "?pending=yes").context["cl"].result_list
    assert {theme.plan_id for theme in themes} == {new.pk}
    theme_page = client.get(reverse("admin:measures_theme_change", args=[new.themes.get(number=1).pk]))
    assert "O7 แผนยุทธศาสตร์หรือแผนพัฒนาหน่วยงาน (ITA 2567)" in theme_page.content.decode()


def test_the_admin_action_refuses_a_year_out_of_range_and_copies_nothing(client, agency_admin, plan):
    client.force_login(agency_admin)

    response = client.post(reverse("admin:measures_plan_changelist"),
                           {"action": "rollover", "_selected_action": [plan.pk], "to_year": "99"}, follow=True)

    assert "กรอกปีงบประมาณเป็นพุทธศักราช เช่น 2570" in " ".join(str(m) for m in response.context["messages"])
    assert Plan.objects.filter(organization=plan.organization).count() == 1


def test_admin_filters_the_unconfirmed_items_of_a_framework(client, agency_admin, frameworks):
    client.force_login(agency_admin)
    framework = frameworks[2569]

    response = client.get(reverse("admin:assessments_item_changelist"),
                          {"framework__id__exact": framework.pk, "confirmed__exact": "0"})

    listed = {item.code for item in response.context["cl"].result_list}
    assert listed == set(framework.items.filter(confirmed=False).values_list("code", flat=True))
    assert {"O2", "O5", "O6", "O7", "I1"} <= listed and "O25" not in listed


def test_the_frameworks_list_names_the_items_the_documents_answer(client, agency_admin, frameworks):
    client.force_login(agency_admin)

    page = client.get(reverse("admin:assessments_framework_changelist")).content.decode()

    assert "O25" in page and "O26" in page and "O34" in page


def test_an_agency_admin_cannot_change_an_item_map(client, agency_admin, frameworks):
    client.force_login(agency_admin)
    item = frameworks[2568].items.get(code="O12")
    link = item.successor_links.get()

    client.post(reverse("admin:assessments_item_change", args=[item.pk]), {
        "code": "O12", "text": item.text, "kind": item.kind, "order": item.order, "framework": item.framework_id,
        "indicator": item.indicator_id, "successor_links-TOTAL_FORMS": "1", "successor_links-INITIAL_FORMS": "1",
        "successor_links-0-id": link.pk, "successor_links-0-from_item": item.pk, "successor_links-0-DELETE": "on"})

    assert item.successor_links.filter(pk=link.pk).exists()
