"""The dashboard: rounds and deadlines, what is overdue, the division's own list, measures by status and
theme, and the ITA scores of the last two years."""
from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from agencies.models import Membership, Role
from measures.models import ProgressReport
from tests.measures.conftest import form_data, report_url, th

URL = reverse("measures-dashboard", args=["po", 2568])


@pytest.fixture
def on(monkeypatch):
    """Pins the portal's today."""
    def pin(day: datetime.date):
        monkeypatch.setattr("django.utils.timezone.localdate", lambda *args, **kwargs: day)
    return pin


def test_the_home_page_leads_to_the_agencys_latest_plan(login, people):
    response = login(people["owner"]).get(reverse("measures-home"))
    assert response.status_code == 302
    assert response["Location"] == URL


def test_the_home_page_asks_for_login(client):
    response = client.get(reverse("measures-home"))
    assert response["Location"] == f"{reverse('login')}?next=/"


def test_a_user_of_no_agency_is_told_so(login, django_user_model):
    response = login(django_user_model.objects.create_user("nobody")).get(reverse("measures-home"))
    assert response.status_code == 403
    assert th("You are not a member of any agency") in response.content.decode()


def test_an_agency_without_a_plan_says_so(login, people):
    response = login(people["outsider"]).get(reverse("measures-home"))
    assert response.status_code == 200
    assert "หน่วยงานยังไม่มีแผนมาตรการส่งเสริมคุณธรรมและความโปร่งใส" in response.content.decode()


def test_it_lists_the_rounds_with_their_deadlines(login, people):
    html = login(people["executive"]).get(URL).content.decode()
    assert "กำหนดส่งรายงาน: <strong>30 เม.ย. 2568</strong>" in html
    assert "กำหนดส่งรายงาน: <strong>31 ต.ค. 2568</strong>" in html


def test_it_counts_overdue_reports_once_a_deadline_has_passed(login, people, on, submitted):
    on(datetime.date(2025, 5, 1))
    response = login(people["executive"]).get(URL)
    six = response.context["page"].round_boards[0]
    assert len(six.parts) == 6 * 4 + 11  # six shared measures × four divisions, eleven of one division
    assert len(six.overdue()) == 34  # all but the one submitted
    assert "เลยกำหนดส่ง 34 รายการ" in response.content.decode()


def test_nothing_is_overdue_before_the_deadline(login, people, on):
    on(datetime.date(2025, 4, 30))
    response = login(people["executive"]).get(URL)
    assert all(not board.overdue() for board in response.context["page"].round_boards)
    assert "เลยกำหนดส่ง" not in response.content.decode()


def test_staff_see_their_own_divisions_list_with_links_to_report(login, people, plan):
    response = login(people["neighbour"]).get(URL)
    own = response.context["page"].own
    finance_measures = {"1.1", "1.2", "1.5", "3.1", "4.1", "4.2", "5.1", "6.1", "6.2"}
    assert {part.measure.code for part in own} == finance_measures
    assert all(part.division.name == "กองคลัง" and part.editable for part in own)
    assert "รายงานของกองคลัง" in response.content.decode()


def test_executives_have_no_own_list_but_see_every_measure(login, people):
    response = login(people["executive"]).get(URL)
    assert response.context["page"].own == []
    assert response.content.decode().count('class="item"') == 17


def test_measures_are_counted_by_status_and_theme(login, people, six, palad_measure, palad):
    ProgressReport.objects.create(round=six, measure=palad_measure, division=palad, status="done", percent=100)
    response = login(people["owner"]).get(URL)
    counts = {row.status: row.count for row in response.context["page"].board.by_status()}
    assert counts == {"done": 1, "in_progress": 0, "not_started": 16}
    theme_1 = response.context["page"].board.themes()[0]
    assert (theme_1.done, len(theme_1.measures), theme_1.percent) == (1, 5, 20)


def test_a_shared_measure_is_done_only_when_every_division_is(login, people, six, shared_measure, palad):
    ProgressReport.objects.create(round=six, measure=shared_measure, division=palad, status="done", percent=100)
    board = login(people["owner"]).get(URL).context["page"].board
    progress = next(m for m in board.measures if m.measure == shared_measure)
    assert (progress.status, progress.percent) == ("in_progress", 25)


def test_the_current_round_moves_on_once_the_first_is_approved(login, people, six, twelve):
    six.status = six.Status.APPROVED
    six.save()
    assert login(people["owner"]).get(URL).context["page"].board.round == twelve


def test_it_charts_the_ita_scores_of_the_last_two_years(login, people):
    response = login(people["executive"]).get(URL)
    chart = response.context["page"].chart
    assert chart["years"] == [2566, 2567]
    assert (str(chart["score"]), chart["level"], chart["passed"], str(chart["change"])) == ("92.40", "A", True, "7.62")
    rows = {row.label: [str(bar.value) if bar.value is not None else None for bar in row.bars] for row in chart["rows"]}
    assert rows["8. การปรับปรุงการทำงาน"] == ["73.79"]  # ITA 2566 published its overall score only
    assert rows[""] == ["84.78", "92.40"]
    html = response.content.decode()
    assert th("%(change)s points above the year before") % {"change": "7.62"} in html
    assert 'style="width: 92.40%"' in html
    assert html.count('class="row') == 14  # the overall score, the three tools, the ten indicators


def test_a_plan_without_an_assessment_has_no_chart(login, people, plan):
    plan.assessment = None
    plan.save()
    assert login(people["owner"]).get(URL).context["page"].chart is None


def test_admins_publish_a_draft_plan_from_the_dashboard(login, people, plan):
    plan.status = plan.Status.DRAFT
    plan.save()
    client = login(people["admin"])
    assert "เผยแพร่แผน" in client.get(URL).content.decode()
    client.post(reverse("measures-publish", args=["po", 2568]))
    plan.refresh_from_db()
    assert plan.is_public()


def test_a_member_of_two_agencies_lands_on_the_one_with_a_plan(login, people, other_org, po):
    Membership.objects.create(user=people["outsider"], organization=po, role=Role.EXECUTIVE)
    response = login(people["outsider"]).get(reverse("measures-home"))
    assert response["Location"] == URL


def test_reports_saved_in_the_portal_show_on_the_dashboard(login, people, six, palad_measure, palad):
    client = login(people["owner"])
    client.post(report_url(six, palad_measure, palad), form_data(action="submit", percent=35))
    own = client.get(URL).context["page"].own
    part = next(p for p in own if p.measure == palad_measure)
    assert (part.state, part.percent) == ("submitted", 35)
