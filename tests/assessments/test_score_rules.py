from decimal import Decimal

import pytest

from assessments.models import ItemScore
from assessments.scoring import compute, round2

D = Decimal


def computed(assessment, level, code):
    return round2(compute(assessment).get(level, code).computed)


@pytest.mark.parametrize(
    "number, published",
    [("1", "96.03"), ("2", "96.75"), ("3", "98.97"), ("4", "93.25"), ("5", "96.11")],
)
def test_iit_indicators_are_the_mean_of_their_items_as_published(assessment_2567, number, published):
    assert computed(assessment_2567, "indicator", number) == D(published)


def test_oit_indicators_are_built_from_pass_fail_items(assessment_2567):
    # 9.3 and 9.4 each miss one item (O17, O19): 75 each, so 9 = (100+100+75+75+100)/5.
    assert computed(assessment_2567, "subindicator", "9.3") == D("75.00")
    assert computed(assessment_2567, "subindicator", "9.4") == D("75.00")
    assert computed(assessment_2567, "indicator", "9") == D("90.00")
    assert computed(assessment_2567, "indicator", "10") == D("100.00")


def test_tool_scores_are_the_mean_of_their_indicators(assessment_2567):
    assert computed(assessment_2567, "tool", "IIT") == D("96.22")
    assert computed(assessment_2567, "tool", "OIT") == D("95.00")
    assert computed(assessment_2567, "tool", "EIT") == D("85.12")


def test_the_overall_is_the_weighted_sum_of_the_tools(assessment_2567):
    assert computed(assessment_2567, "overall", "overall") == D("92.40")


def test_eit_indicators_are_kept_as_reported(assessment_2567):
    figure = compute(assessment_2567).get("indicator", "6")
    assert figure.computed is None
    assert figure.value == D("94.18")


def test_the_seed_is_level_a_passed_and_7_62_above_2566(assessment_2567):
    assert assessment_2567.level().code == "A"
    assert assessment_2567.passed()
    assert assessment_2567.change() == D("7.62")


@pytest.mark.parametrize(
    "score, band",
    [("100", "AA"), ("95", "AA"), ("94.99", "A"), ("85", "A"), ("84.99", "B"), ("75", "B"), ("65", "C"),
     ("55", "D"), ("50", "E"), ("49.99", "F"), ("0", "F")],
)
def test_bands_follow_the_frameworks_table(assessment_2567, score, band):
    assert assessment_2567.framework.band_for(D(score)).code == band


def test_85_is_the_pass_mark(assessment_2567):
    framework = assessment_2567.framework
    assert framework.passes(D("85.00"))
    assert not framework.passes(D("84.99"))


def test_a_missing_item_leaves_its_indicator_uncomputed(assessment_2567):
    ItemScore.objects.filter(assessment=assessment_2567, item__code="I2").delete()
    figures = compute(assessment_2567)
    assert figures.get("indicator", "1").computed is None
    # the tool then falls back on the reported indicator
    assert round2(figures.get("tool", "IIT").computed) == D("96.22")


def test_without_a_reported_overall_the_score_is_the_computed_one(assessment_2567):
    assessment_2567.overall = None
    assessment_2567.save()
    assert round2(assessment_2567.score()) == D("92.40")
