"""A plan's revision changes with anything its pages and documents show, and only then."""
from __future__ import annotations

import datetime

import pytest
from django.contrib.auth.signals import user_logged_in
from django.core.files.uploadedfile import SimpleUploadedFile

from agencies.models import Division
from assessments.models import Indicator, IndicatorScore, Item
from measures.models import Evidence, Measure, Plan, ProgressReport, ThemeItem
from measures.services import approve_round


def revision(plan: Plan):
    return Plan.objects.values_list("revision", flat=True).get(pk=plan.pk)


@pytest.fixture
def other_plan(other_org):
    return Plan.objects.create(organization=other_org, fiscal_year=2568)


def measure_title(plan, people):
    measure = plan.measures.get(theme__number=1, number=1)
    measure.title = "มาตรการที่แก้ไขแล้ว"
    measure.save()


def measure_divisions(plan, people):
    plan.measures.get(theme__number=1, number=3).divisions.add(plan.organization.divisions.get(name="กองคลัง"))


def theme_items_from_the_items_side(plan, people):
    theme = plan.themes.get(number=1)
    item = Item.objects.filter(framework=plan.assessment.framework).exclude(theme=theme).first()
    item.theme_set.add(theme)


def theme_item_removed(plan, people):
    ThemeItem.objects.filter(theme__plan=plan).first().delete()


def new_report(plan, people):
    ProgressReport.objects.create(
        round=plan.rounds.get(months=6), measure=plan.measures.get(theme__number=1, number=3),
        division=plan.organization.divisions.get(name="สำนักปลัด"), status="done", percent=100, done="เสร็จ",
    )


def evidence_added(plan, people):
    report = ProgressReport.objects.create(
        round=plan.rounds.get(months=6), measure=plan.measures.get(theme__number=1, number=3),
        division=plan.organization.divisions.get(name="สำนักปลัด"), status="done", percent=100, done="เสร็จ",
    )
    Plan.objects.filter(pk=plan.pk).update(revision=plan.revision)  # only the evidence is measured
    Evidence.objects.create(report=report, file=SimpleUploadedFile("a.pdf", b"%PDF-1.4"), original_name="a.pdf",
                            size=8)


def round_approved(plan, people):
    approve_round(round=plan.rounds.get(months=6), by=people["admin"])


def agency_renamed(plan, people):
    organization = plan.organization
    organization.name = "องค์การบริหารส่วนตำบลปอใหม่"
    organization.save()


def division_renamed(plan, people):
    division = Division.objects.get(organization=plan.organization, name="กองคลัง")
    division.name = "กองการคลัง"
    division.save()


def score_corrected(plan, people):
    score = IndicatorScore.objects.filter(assessment=plan.assessment).first()
    score.score = score.score - 1
    score.save()


def indicator_renamed(plan, people):
    indicator = Indicator.objects.get(framework=plan.assessment.framework, number=1)
    indicator.name = "การปฏิบัติหน้าที่ (ชื่อใหม่)"
    indicator.save()


def reporter_renamed(plan, people):
    new_report(plan, people)
    ProgressReport.objects.filter(round__plan=plan).update(reported_by=people["owner"])
    Plan.objects.filter(pk=plan.pk).update(revision=plan.revision)
    people["owner"].first_name = "สมหญิง"
    people["owner"].save()


def plan_deleted_measure(plan, people):
    Measure.objects.filter(plan=plan, theme__number=1, number=1).delete()


@pytest.mark.parametrize("change", [
    measure_title, measure_divisions, theme_items_from_the_items_side, theme_item_removed, new_report, evidence_added,
    round_approved, agency_renamed, division_renamed, score_corrected, indicator_renamed, reporter_renamed,
    plan_deleted_measure,
], ids=lambda change: change.__name__)
def test_a_change_gives_the_plan_a_new_revision(plan, people, media_root, change):
    before = revision(plan)
    plan.refresh_from_db()
    change(plan, people)
    assert revision(plan) != before


def test_another_agencys_change_leaves_the_plan_alone(plan, other_plan, people):
    before = revision(plan)
    other_plan.organization.divisions.create(name="กองช่าง")
    other_plan.title = "มาตรการของหน่วยงานอื่น"
    other_plan.save()
    assert revision(plan) == before


def test_logging_in_leaves_the_plan_alone(plan, people, rf):
    ProgressReport.objects.create(
        round=plan.rounds.get(months=6), measure=plan.measures.get(theme__number=1, number=3),
        division=plan.organization.divisions.get(name="สำนักปลัด"), status="done", percent=100, done="เสร็จ",
        reported_by=people["owner"],
    )
    before = revision(plan)
    user_logged_in.send(sender=type(people["owner"]), request=rf.get("/"), user=people["owner"])
    assert revision(plan) == before


def test_a_rolled_back_change_leaves_the_old_revision(plan, people):
    from django.db import transaction

    before = revision(plan)
    with pytest.raises(RuntimeError), transaction.atomic():
        measure_title(plan, people)
        raise RuntimeError
    assert revision(plan) == before
    assert plan.measures.get(theme__number=1, number=1).title != "มาตรการที่แก้ไขแล้ว"


@pytest.fixture
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def test_new_plans_get_their_own_revision(po, other_org):
    first = Plan.objects.create(organization=other_org, fiscal_year=2567, approved_on=datetime.date(2024, 1, 1))
    second = Plan.objects.create(organization=other_org, fiscal_year=2569)
    assert first.revision != second.revision


def test_a_reminder_sent_leaves_the_agencys_cached_pages_alone(plan):
    from measures.models.reminders import ReminderLog

    before = Plan.objects.get(pk=plan.pk).revision
    ReminderLog.objects.create(division=plan.organization.divisions.first(), sent_on="2025-04-20", recipients="a@b.c")
    assert Plan.objects.get(pk=plan.pk).revision == before
