"""Bad input is refused with a clear Thai message, and nothing is half-saved."""
import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from agencies.models import Membership, Role
from assessments.models import Item, ItemScore, ToolScore
from measures.forms import MeasureForm
from measures.models import Measure, Plan, ProgressReport


def messages(error: ValidationError) -> str:
    with translation.override("th"):
        return " ".join(str(m) for m in error.messages)


def test_a_score_above_100_is_refused(assessment_2567):
    score = ToolScore.objects.get(assessment=assessment_2567, tool__code="IIT")
    score.score = Decimal("100.01")
    with pytest.raises(ValidationError) as error:
        score.full_clean()
    assert "คะแนนต้องอยู่ระหว่าง 0 ถึง 100" in messages(error.value)


def test_a_negative_score_is_refused(assessment_2567):
    score = ItemScore.objects.get(assessment=assessment_2567, item__code="I1")
    score.score = Decimal("-1")
    with pytest.raises(ValidationError) as error:
        score.full_clean()
    assert "คะแนนต้องอยู่ระหว่าง 0 ถึง 100" in messages(error.value)


def test_a_pass_fail_item_takes_only_0_or_100(assessment_2567):
    score = ItemScore.objects.get(assessment=assessment_2567, item__code="O1")
    score.score = Decimal("50")
    with pytest.raises(ValidationError) as error:
        score.full_clean()
    assert "O1" in messages(error.value)


def test_an_item_of_another_years_framework_is_refused(po):
    assessment_2566 = po.assessments.get(year=2566)
    item_2567 = Item.objects.get(framework__year=2567, code="I1")
    score = ItemScore(assessment=assessment_2566, item=item_2567, score=Decimal("90"))
    with pytest.raises(ValidationError) as error:
        score.full_clean()
    assert "I1 ไม่อยู่ในกรอบการประเมิน ITA 2566" in messages(error.value)


def test_a_second_plan_for_the_same_agency_and_year_is_refused(plan):
    duplicate = Plan(organization=plan.organization, fiscal_year=plan.fiscal_year)
    with pytest.raises(ValidationError) as error:
        duplicate.full_clean()
    assert "มีแผนของปีงบประมาณนี้แล้ว" in messages(error.value)


def test_a_measure_that_ends_before_it_starts_is_refused(plan):
    measure = plan.measures.first()
    measure.end_month = measure.start_month - datetime.timedelta(days=1)
    with pytest.raises(ValidationError) as error:
        measure.full_clean()
    assert "เดือนสิ้นสุดอยู่ก่อนเดือนเริ่มต้น" in messages(error.value)


def test_a_measure_form_refuses_a_division_of_another_agency_and_saves_nothing(plan, other_org):
    measure = plan.measures.get(theme__number=1, number=3)
    before = list(measure.divisions.values_list("pk", flat=True))
    data = {
        "plan": plan.pk, "theme": measure.theme_id, "number": measure.number, "title": measure.title,
        "steps": measure.steps, "start_month": measure.start_month, "end_month": measure.end_month,
        "follow_up": measure.follow_up, "divisions": [other_org.divisions.first().pk],
    }
    with translation.override("th"):
        form = MeasureForm(data, instance=measure)
        assert not form.is_valid()
        assert "ไม่ถูกต้อง" in str(form.errors) or "หน่วยงานอื่น" in str(form.errors)
    measure.refresh_from_db()
    assert list(measure.divisions.values_list("pk", flat=True)) == before


def test_the_divisions_check_names_the_other_agency(plan, other_org):
    measure = plan.measures.get(theme__number=1, number=3)
    with pytest.raises(ValidationError) as error:
        measure.clean_divisions([other_org.divisions.first()])
    assert "กอง/สำนักที่รับผิดชอบเป็นของหน่วยงานอื่น" in messages(error.value)


def test_a_member_in_a_division_of_another_agency_is_refused(po, other_org, django_user_model):
    user = django_user_model.objects.create_user("someone")
    membership = Membership(user=user, organization=po, role=Role.STAFF, division=other_org.divisions.first())
    with pytest.raises(ValidationError) as error:
        membership.full_clean()
    assert "กอง/สำนักนี้เป็นของหน่วยงานอื่น" in messages(error.value)


def test_a_report_by_a_division_not_responsible_is_refused(plan):
    measure = plan.measures.get(theme__number=4, number=1)  # กองคลัง only
    report = ProgressReport(
        round=plan.rounds.get(months=6), measure=measure,
        division=plan.organization.divisions.get(name="สำนักปลัด"),
    )
    with pytest.raises(ValidationError) as error:
        report.full_clean()
    assert "ไม่ได้รับผิดชอบมาตรการนี้" in messages(error.value)


def test_measures_of_all_divisions_are_reported_by_each_division(plan):
    measure = plan.measures.get(theme__number=1, number=1)
    assert measure.all_divisions
    assert Measure.objects.for_division(plan.organization.divisions.get(name="กองช่าง")).filter(
        pk=measure.pk
    ).exists()
