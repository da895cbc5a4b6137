"""load_demo builds the demo agency from its data files, every figure and measure of the seed, and is idempotent."""
import re
import tomllib
from io import StringIO

import pytest
from django.core import serializers
from django.core.management import CommandError, call_command

from agencies.models import Membership
from assessments.models import Assessment, IndicatorScore, ItemScore, ToolScore
from measures.models import Measure, Plan, Theme, ThemeItem
from measures.seeding import DEMO_DIR

PLAN_FILE = DEMO_DIR / "po-2568.toml"
AGENCY_FILE = DEMO_DIR / "po.toml"
TRACKED = [Assessment, ToolScore, IndicatorScore, ItemScore, Plan, Theme, ThemeItem, Measure, Membership]


def snapshot():
    """Every field of every row, but a plan's revision: it is a cache token, new after any save."""
    return {
        model.__name__: serializers.serialize(
            "json", model.objects.order_by("pk"),
            fields=[f.name for f in model._meta.concrete_fields if f.name != "revision"],
        )
        for model in TRACKED
    }


@pytest.fixture
def debug(settings):
    settings.DEBUG = True


def test_running_it_twice_leaves_the_same_data(db, debug):
    call_command("load_demo", stdout=StringIO())
    first = snapshot()
    call_command("load_demo", stdout=StringIO())
    assert snapshot() == first


def test_it_prints_the_demo_users_and_their_passwords(db, debug):
    out = StringIO()
    call_command("load_demo", stdout=out)
    for username in ("po-admin", "po-executive", "po-staff", "po-finance"):
        assert re.search(rf"{username}\s+\w+\s+password: ita-demo-2568", out.getvalue())


def test_it_refuses_to_run_without_debug(db, settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG=1"):
        call_command("load_demo")
    assert not Plan.objects.exists()


def test_the_demo_users_can_log_in_with_the_printed_password(client, po):
    response = client.post("/accounts/login/", {"username": "po-staff", "password": "ita-demo-2568"})
    assert response.status_code == 302
    assert response.wsgi_request.user.username == "po-staff"


def test_the_demo_holds_every_score_of_the_seed(assessment_2567):
    data = tomllib.loads(AGENCY_FILE.read_text())["assessments"][1]
    assert ItemScore.objects.filter(assessment=assessment_2567).count() == 59 == len(data["items"])
    assert IndicatorScore.objects.filter(assessment=assessment_2567).count() == 10
    assert ToolScore.objects.filter(assessment=assessment_2567).count() == 3
    assert str(assessment_2567.overall) == "92.40"
    assert str(ItemScore.objects.get(assessment=assessment_2567, item__code="E9").score) == "42.37"
    assert str(ItemScore.objects.get(assessment=assessment_2567, item__code="O17").score) == "0.00"


def test_the_plan_has_seven_themes_and_seventeen_measures_grouped_as_in_the_seed(plan):
    assert list(plan.themes.values_list("number", flat=True)) == [1, 2, 3, 4, 5, 6, 7]
    counts = [theme.measures.count() for theme in plan.themes.all()]
    assert counts == [5, 1, 2, 2, 2, 2, 3]
    assert plan.measures.count() == 17


def test_every_theme_links_the_items_of_its_tables(plan):
    codes = set(ThemeItem.objects.filter(theme__plan=plan).values_list("item__code", flat=True))
    assert len(codes) == 59  # every item of ITA 2567 is discussed in exactly one theme
    theme_4 = plan.themes.get(number=4)
    assert list(theme_4.theme_items.values_list("item__code", flat=True)) == ["I10", "I11", "I12"]


def test_measures_keep_their_divisions_and_timeline(plan):
    assert plan.measures.filter(all_divisions=True).count() == 6
    finance = plan.measures.filter(divisions__name="กองคลัง").count()
    palad = plan.measures.filter(divisions__name="สำนักปลัด").count()
    assert (finance, palad) == (3, 8)
    assert {(m.start_month.isoformat(), m.end_month.isoformat()) for m in plan.measures.all()} == {
        ("2024-10-01", "2025-09-01")
    }


def test_no_extraction_fault_of_the_source_pdf_survives(plan):
    texts = [plan.results_intro, plan.results_text, plan.analysis_intro, plan.measures_intro,
             plan.limitations_intro, plan.limitations, plan.recommendations]
    texts += [t.title + t.analysis for t in plan.themes.all()]
    texts += [m.title + m.steps + m.follow_up for m in plan.measures.all()]
    text = "\n".join(texts)
    assert "ตำบลปอ" in text
    for fault in ["ตำบลโป", "ตำบลพอ", "อบต. โป", "ร ำ ย ง ำ น", "ดา เนิน", "สม่าเสมอ", "1๑", "0๑", "(๐"]:
        assert fault not in text, fault
    assert not re.search("[\u1780-\u17ff]", text), "Khmer letters left inside รายงาน"


def test_the_plan_file_carries_the_limitations_and_recommendations(plan):
    assert len(plan.limitation_list()) == 2
    assert len(plan.recommendation_list()) == 2
    assert plan.recommendation_list()[0].startswith("ควรดำเนินการสรรหาบุคลากร")


def test_the_agency_has_the_divisions_named_in_the_seed(po):
    names = set(po.divisions.values_list("name", flat=True))
    assert {"สำนักปลัด", "กองคลัง", "กองช่าง"} <= names
