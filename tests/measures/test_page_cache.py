"""The plan's pages are cached until the plan changes: a second view costs only the queries that find
the plan and check the reader, and an edit shows on the very next view, for every reader."""
from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.measures.conftest import form_data, report_url

PUBLIC = reverse("measures-public", args=["po", 2568])
DASHBOARD = reverse("measures-dashboard", args=["po", 2568])
MEASURE = reverse("measures-detail", args=["po", 2568, 1, 3])


def view(client, url, **headers):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, **headers)
    assert response.status_code == 200
    return response.content.decode(), len(queries)


def test_a_second_public_view_costs_only_finding_the_plan(client, plan):
    first, built = view(client, PUBLIC)
    second, cached = view(client, PUBLIC)
    assert second == first
    assert cached == 1 < built


def test_an_edited_measure_shows_on_the_next_public_view(client, plan):
    view(client, PUBLIC)
    measure = plan.measures.get(theme__number=1, number=1)
    measure.title = "ประชุมพนักงานประจำเดือนเพื่อความโปร่งใส"
    measure.save()
    assert "ประชุมพนักงานประจำเดือนเพื่อความโปร่งใส" in view(client, PUBLIC)[0]


def test_a_report_saved_by_staff_shows_on_the_executives_dashboard(client, login, people, six, palad_measure, palad):
    before, _ = view(login(people["executive"]), DASHBOARD)
    assert 'value="70">70%</progress>' not in before
    response = login(people["owner"]).post(report_url(six, palad_measure, palad), form_data(percent=70))
    assert response.status_code == 302
    after, _ = view(login(people["executive"]), DASHBOARD)
    assert 'value="70">70%</progress>' in after


def test_a_cached_dashboard_costs_no_more_than_finding_the_plan_and_the_reader(login, people, plan):
    client = login(people["owner"])
    _, built = view(client, DASHBOARD)
    _, cached = view(client, DASHBOARD)
    assert cached <= 5 < built


def test_staff_of_two_divisions_each_see_their_own_list(login, people, plan):
    palad, _ = view(login(people["owner"]), DASHBOARD)
    finance, _ = view(login(people["neighbour"]), DASHBOARD)
    assert "รายงานของสำนักปลัด" in palad
    assert "รายงานของกองคลัง" in finance
    assert "รายงานของกองคลัง" not in palad


def test_each_language_has_its_own_copy(login, people, plan):
    client = login(people["owner"])
    thai, _ = view(client, DASHBOARD, HTTP_ACCEPT_LANGUAGE="th")
    english, _ = view(client, DASHBOARD, HTTP_ACCEPT_LANGUAGE="en")
    assert "All measures" in english and "All measures" not in thai


def test_an_edited_step_shows_on_the_next_measure_view(login, people, palad_measure):
    client = login(people["owner"])
    view(client, MEASURE)
    palad_measure.steps = "ขั้นตอนที่เพิ่งแก้ไข"
    palad_measure.save()
    assert "ขั้นตอนที่เพิ่งแก้ไข" in view(client, MEASURE)[0]


@pytest.mark.parametrize("who", ["owner", "admin"])
def test_the_edit_buttons_follow_the_readers_role_on_a_cached_page(login, people, palad_measure, who):
    assert "rounds/6/measures/1.3/" not in view(login(people["executive"]), MEASURE)[0]
    assert "rounds/6/measures/1.3/" in view(login(people[who]), MEASURE)[0]
    assert "rounds/6/measures/1.3/" not in view(login(people["executive"]), MEASURE)[0]
