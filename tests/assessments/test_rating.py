"""The rating as data: five levels with per-tool minimums since ITA 2568, AA–F before, with the rule that decided it."""
from decimal import Decimal

import pytest
from django.utils import translation

from agencies.models import Organization
from assessments.loading import framework_file, load_framework_file
from assessments.models import Assessment, ToolScore

D = Decimal


@pytest.fixture
def framework_2569(db):
    return load_framework_file(framework_file(2569))


def rated(framework, iit, eit, oit, overall=None):
    organization = Organization.objects.create(name=f"หน่วยงาน {iit}-{eit}-{oit}-{overall}", slug=f"a{Organization.objects.count()}")
    assessment = Assessment.objects.create(organization=organization, year=framework.year, framework=framework,
                                           overall=overall and D(overall))
    for code, score in (("IIT", iit), ("EIT", eit), ("OIT", oit)):
        if score is not None:
            ToolScore.objects.create(assessment=assessment, tool=framework.tools.get(code=code), score=D(score))
    with translation.override("th"):
        return str(assessment.rating())


@pytest.mark.parametrize("tools, overall, expected", [
    ((95, 95, 95), None, "ผ่านดีเยี่ยม — คะแนนรวมและทุกเครื่องมือตั้งแต่ 95 ขึ้นไป"),
    ((96, 94, 100), None, "ผ่านดี — EIT 94.00 ต่ำกว่า 95"),
    ((85, 85, 85), None, "ผ่านดี — คะแนนรวมและทุกเครื่องมือตั้งแต่ 85 ขึ้นไป"),
    ((96, 84, 100), None, "ผ่าน — EIT 84.00 ต่ำกว่า 85"),
    ((90, 80, 90), "84.99", "ต้องปรับปรุง — คะแนนรวม 84.99 อยู่ในช่วง 70–84.99"),
    ((70, 70, 70), "70", "ต้องปรับปรุง — คะแนนรวม 70.00 อยู่ในช่วง 70–84.99"),
    ((70, 70, 69.97), "69.99", "ต้องปรับปรุงโดยด่วน — คะแนนรวม 69.99 ต่ำกว่า 70"),
])
def test_the_five_levels_on_their_boundaries(framework_2569, tools, overall, expected):
    assert rated(framework_2569, *tools, overall=overall) == expected


def test_the_overall_alone_is_not_enough_for_the_top_levels(framework_2569):
    # The Office of the Auditor General, ITA 2568: 94.64 overall, EIT below 85, rated ผ่าน.
    assert rated(framework_2569, 99, 83.5, 99.8, overall="94.64") == "ผ่าน — EIT 83.50 ต่ำกว่า 85"


def test_every_tool_below_the_minimum_is_named(framework_2569):
    assert rated(framework_2569, 84, 84.5, 100, overall="90") == "ผ่าน — IIT 84.00 ต่ำกว่า 85, EIT 84.50 ต่ำกว่า 85"


def test_a_tool_without_a_score_cannot_meet_a_minimum(framework_2569):
    assert rated(framework_2569, 99, None, 99, overall="99") == "ผ่าน — ไม่มีคะแนน EIT"


def test_earlier_years_keep_aa_to_f_on_the_overall_alone(assessment_2567):
    with translation.override("th"):
        rating = assessment_2567.rating()

    assert str(rating) == "A — คะแนนรวม 92.40 อยู่ในช่วง 85–94.99"
    assert assessment_2567.level().code == "A"


def test_without_a_score_there_is_no_rating(framework_2569):
    organization = Organization.objects.create(name="ว่าง", slug="empty")
    assessment = Assessment.objects.create(organization=organization, year=2569, framework=framework_2569)

    assert assessment.rating() is None and assessment.level() is None


def test_a_band_edited_in_admin_changes_the_rating(framework_2569):
    framework_2569.bands.filter(code="ผ่านดีเยี่ยม").update(tool_min=None)

    assert rated(framework_2569, 96, 90, 100, overall="96").startswith("ผ่านดีเยี่ยม — คะแนนรวม 96.00 ตั้งแต่ 95")
