"""Starting next fiscal year's plan from this year's: copied, a year later, a draft, atomic."""
import datetime
from io import StringIO
from unittest import mock

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from assessments.loading import load_framework
from assessments.models import Assessment
from measures.models import Measure, Plan, ProgressReport, ProgressRound, ThemeItem
from measures.rollover import RolloverError, rollover_plan


def framework_2568(codes):
    """An ITA 2568 framework that has only the given items, each carrying on the ITA 2567 item of its code."""
    return load_framework({"year": 2568, "name": "ITA 2568", "tools": [{
        "code": "IIT", "name": "IIT", "weight": 100,
        "indicators": [{"number": 1, "name": "x", "items": [{"code": code, "text": code} for code in codes]}],
    }], "item_map": [{"from_year": 2567, "same_code": codes}]})


def test_it_copies_themes_measures_and_divisions_a_year_later_as_a_draft(plan, six_months):
    outcome = rollover_plan(plan=plan)

    new = outcome.plan
    assert (new.fiscal_year, new.status, new.approved_on, new.assessment) == (2569, Plan.Status.DRAFT, None, None)
    assert (new.signer_name, new.title, new.limitations) == (plan.signer_name, plan.title, plan.limitations)
    assert new.themes.count() == 7
    assert list(new.themes.values_list("title", flat=True)) == list(plan.themes.values_list("title", flat=True))
    assert new.measures.count() == 17
    first = new.measures.get(theme__number=1, number=3)
    assert (first.start_month, first.end_month) == (datetime.date(2025, 10, 1), datetime.date(2026, 9, 1))
    assert list(first.divisions.values_list("name", flat=True)) == ["สำนักปลัด"]
    assert new.measures.get(theme__number=1, number=1).all_divisions


def test_progress_is_not_copied_and_the_rounds_start_open_a_year_later(plan, six_months):
    ProgressRound.objects.filter(pk=six_months.pk).update(status=ProgressRound.Status.APPROVED)

    new = rollover_plan(plan=plan).plan

    assert ProgressReport.objects.filter(round__plan=new).count() == 0
    assert list(new.rounds.values_list("months", "status", "due_on")) == [
        (6, "open", datetime.date(2026, 4, 30)), (12, "open", datetime.date(2026, 10, 31))]


def test_without_ita_2568_results_the_new_plan_has_no_assessment_and_says_so(plan):
    with translation.override("th"):
        outcome = rollover_plan(plan=plan)

    assert outcome.plan.assessment is None
    assert outcome.warnings[0] == (
        "อบต.ปอ ยังไม่มีผลการประเมิน ITA 2568 แผนใหม่จึงยังไม่ได้อ้างอิงผลการประเมิน ให้เลือกในแผนเมื่อได้รับผลแล้ว")


def test_without_an_ita_2568_framework_the_item_links_are_dropped_with_a_warning(plan):
    outcome = rollover_plan(plan=plan)

    assert ThemeItem.objects.filter(theme__plan=outcome.plan).count() == 0
    assert any("I1, I2, I3, O7" in warning and "2568" in warning for warning in outcome.warnings)


def test_item_links_follow_the_item_map_into_the_next_framework(plan):
    framework = framework_2568(["I1", "I2", "O7"])

    outcome = rollover_plan(plan=plan)

    links = ThemeItem.objects.filter(theme__plan=outcome.plan, theme__number=1).order_by("order")
    assert [(link.item.code, link.item.framework_id) for link in links] == [
        ("I1", framework.pk), ("I2", framework.pk), ("O7", framework.pk)]
    unmapped = next(warning for warning in outcome.warnings if "I3" in warning)
    assert "O8" in unmapped and "I1," not in unmapped
    pending = outcome.plan.themes.get(number=1).pending_items.splitlines()
    assert [line.split()[0] for line in pending] == ["I3", "O8", "O9", "O10"]
    assert pending[0].endswith("(ITA 2567)")


def test_the_new_plan_is_based_on_ita_2568_when_its_results_are_in(plan):
    framework = framework_2568(["I1"])
    assessment = Assessment.objects.create(organization=plan.organization, year=2568, framework=framework)

    with translation.override("th"):
        outcome = rollover_plan(plan=plan)

    assert outcome.plan.assessment == assessment
    assert not any("ยังไม่มีผลการประเมิน" in warning for warning in outcome.warnings)


def test_it_refuses_when_the_next_plan_exists_and_copies_nothing(plan):
    rollover_plan(plan=plan)
    counts = (Plan.objects.count(), Measure.objects.count())

    with pytest.raises(RolloverError) as error, translation.override("th"):
        rollover_plan(plan=plan)

    assert "มีแผนของปีงบประมาณ 2569 แล้ว" in str(error.value)
    assert (Plan.objects.count(), Measure.objects.count()) == counts


def test_a_failure_half_way_leaves_no_plan_behind(plan):
    with mock.patch("measures.rollover.copy_measures", side_effect=RuntimeError("disk full")), \
            pytest.raises(RuntimeError):
        rollover_plan(plan=plan)

    assert not Plan.objects.filter(fiscal_year=2569).exists()


def run(*args):
    out = StringIO()
    try:
        call_command("rollover_plan", *args, stdout=out)
        return 0, out.getvalue()
    except CommandError as error:
        return error.returncode, str(error)


def test_the_command_starts_the_plan_and_prints_the_warnings(plan):
    code, out = run("--org", "po", "--from-year", "2568", "--to-year", "2569")

    lines = out.splitlines()
    assert code == 0
    assert lines[0] == "Started plan po 2569 from 2568: 7 themes, 17 measures, 2 rounds (draft)."
    assert lines[1].startswith("Warning: อบต.ปอ ยังไม่มีผลการประเมิน ITA 2568")
    assert Plan.objects.filter(organization=plan.organization, fiscal_year=2569).exists()


def test_the_command_refuses_an_existing_plan_with_exit_1(plan):
    run("--org", "po", "--from-year", "2568")

    code, message = run("--org", "po", "--from-year", "2568", "--to-year", "2569")

    assert code == 1
    assert "2569" in message


@pytest.mark.parametrize("args", [("--org", "nowhere", "--from-year", "2568"), ("--org", "po", "--from-year", "2560")])
def test_the_command_exits_2_for_an_unknown_agency_or_plan(plan, args):
    assert run(*args)[0] == 2


def test_the_command_refuses_a_year_that_is_not_later(plan):
    code, message = run("--org", "po", "--from-year", "2568", "--to-year", "2567")

    assert code == 1
    assert "2568" in message
    assert not Plan.objects.filter(fiscal_year=2567).exclude(pk=plan.pk).exists()
