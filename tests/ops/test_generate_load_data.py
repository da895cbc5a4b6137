from __future__ import annotations

import io
from random import Random

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from agencies.models import Division, Membership, Organization
from assessments.models import Assessment, IndicatorScore, ItemScore, SubIndicatorScore, ToolScore
from assessments.scoring import compute
from measures.loaddata_synthetic import PROVINCES, Template, scores
from measures.models import Measure, Plan, ProgressReport, ProgressRound, RoundEvent, Theme, ThemeItem

# Per agency, from the demo plan: 59 items of ITA 2567 in its themes, 11 measures owned by one division
# and 6 by all four, so 11 + 6 * 4 = 35 reports per round.
PER_AGENCY = {
    Organization: 1, Division: 4, Membership: 6, Assessment: 1, ItemScore: 59, SubIndicatorScore: 7,
    IndicatorScore: 10, ToolScore: 3, Plan: 1, Theme: 7, ThemeItem: 59, Measure: 17, Measure.divisions.through: 11,
    ProgressRound: 2, RoundEvent: 1, ProgressReport: 70,
}


def test_it_makes_the_expected_rows_in_every_table(generated):
    for model, count in PER_AGENCY.items():
        assert model.objects.count() == 3 * count, model.__name__
    assert get_user_model().objects.filter(username__startswith="load-").count() == 18


def test_it_names_agencies_as_synthetic(generated):
    assert list(Organization.objects.values_list("slug", flat=True).order_by("slug")) == [
        "load-00001", "load-00002", "load-00003"
    ]
    assert all("สังเคราะห์" in name for name in Organization.objects.values_list("name", flat=True))


def test_its_scores_agree_with_the_framework_rules(generated):
    for assessment in Assessment.objects.select_related("framework"):
        assert assessment.year == 2567
        assert compute(assessment).disagreements() == []
        assert assessment.overall == compute(assessment).overall.quantize(assessment.overall)


def test_it_publishes_a_plan_with_seven_themes_and_seventeen_measures(generated):
    for plan in Plan.objects.all():
        assert plan.is_public()
        assert plan.themes.count() == 7
        assert plan.measures.count() == 17
        assert sorted(plan.rounds.values_list("months", flat=True)) == [6, 12]


def test_its_reports_are_valid_and_their_statuses_spread(generated):
    statuses = set(ProgressReport.objects.values_list("status", flat=True))
    assert statuses == {"done", "in_progress", "not_started"}
    for report in ProgressReport.objects.select_related("measure__plan", "round", "division")[:80]:
        report.full_clean()


def test_its_members_can_log_in_and_see_their_dashboard(client, generated):
    for role in ("admin", "executive", "staff1", "staff4"):
        user = get_user_model().objects.get(username=f"load-00002-{role}")
        client.force_login(user)
        assert client.get("/load-00002/2568/").status_code == 200


def test_its_users_share_the_given_password(db):
    call_command("generate_load_data", "--agencies", "1", "--password", "s3cret-load", stdout=io.StringIO())
    for user in get_user_model().objects.filter(username__startswith="load-00001-"):
        assert user.check_password("s3cret-load")


def test_a_member_cannot_see_another_synthetic_agency(client, generated):
    client.force_login(get_user_model().objects.get(username="load-00001-admin"))
    assert client.get("/load-00002/2568/").status_code in (403, 404)


def test_a_second_run_refuses(generated):
    with pytest.raises(CommandError, match="already exist.*--append"):
        call_command("generate_load_data", "--agencies", "1", stdout=io.StringIO())
    assert Organization.objects.count() == 3


def test_append_continues_after_the_last_agency(generated):
    out = io.StringIO()
    call_command("generate_load_data", "--agencies", "2", "--append", stdout=out)
    assert Organization.objects.filter(slug__in=["load-00004", "load-00005"]).count() == 2
    assert "agencies/second" in out.getvalue()


def test_the_same_seed_gives_the_same_scores(db):
    call_command("generate_load_data", "--agencies", "1", "--seed", "5", stdout=io.StringIO())
    stored = dict(ItemScore.objects.values_list("item_id", "score"))
    template = Template.build(year=2568, password="unused")
    random = Random("5-1")
    random.choice(PROVINCES)  # drawn first, for the province
    assert scores(template, random)["items"] == stored
