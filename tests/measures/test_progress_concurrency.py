"""Two people editing the same report: the second save is refused, and nothing is overwritten silently."""
from __future__ import annotations

import pytest

from measures.models import ProgressReport
from measures.services import StaleReport, save_report
from tests.measures.conftest import form_data, report_url


def test_the_second_save_of_the_same_version_is_refused_and_the_first_is_kept(client, people, submitted):
    url = report_url(submitted.round, submitted.measure, submitted.division)
    client.force_login(people["owner"])
    first = client.post(url, form_data(version=1, percent=70, done="งานของคนแรก"))
    assert first.status_code == 302

    client.force_login(people["colleague"])
    second = client.post(url, form_data(version=1, percent=10, done="งานของคนที่สอง"))

    assert second.status_code == 409
    page = second.content.decode()
    assert "ยังไม่ได้บันทึก: มีผู้อื่นบันทึกรายงานนี้ระหว่างที่ท่านกำลังแก้ไข" in page
    assert "งานของคนแรก" in page  # the version saved meanwhile is shown
    assert "งานของคนที่สอง" in page  # and what the second person typed is not lost
    submitted.refresh_from_db()
    assert (submitted.percent, submitted.done, submitted.version) == (70, "งานของคนแรก", 2)


def test_after_seeing_the_conflict_saving_again_is_a_deliberate_replacement(client, people, submitted):
    url = report_url(submitted.round, submitted.measure, submitted.division)
    client.force_login(people["owner"])
    client.post(url, form_data(version=1, percent=70))
    client.force_login(people["colleague"])
    conflict = client.post(url, form_data(version=1, percent=10))
    assert conflict.context["form"]["version"].value() == 2

    assert client.post(url, form_data(version=2, percent=10)).status_code == 302
    submitted.refresh_from_db()
    assert (submitted.percent, submitted.version) == (10, 3)


def test_two_people_creating_the_same_report_cannot_both_win(client, people, six, palad_measure, palad):
    url = report_url(six, palad_measure, palad)
    client.force_login(people["owner"])
    assert client.post(url, form_data(version=0, percent=30)).status_code == 302
    client.force_login(people["colleague"])
    assert client.post(url, form_data(version=0, percent=90)).status_code == 409
    assert ProgressReport.objects.get().percent == 30


def test_the_service_claims_the_version_with_a_conditional_update(submitted, people):
    stale = ProgressReport.objects.get(pk=submitted.pk)
    fresh = ProgressReport.objects.get(pk=submitted.pk)
    fresh.percent = 80
    save_report(report=fresh, expected_version=1, by=people["owner"], submit=True)

    stale.percent = 5
    with pytest.raises(StaleReport):
        save_report(report=stale, expected_version=1, by=people["colleague"], submit=True)
    submitted.refresh_from_db()
    assert (submitted.percent, submitted.version) == (80, 2)


def test_a_refused_save_leaves_no_history_record(submitted, people):
    before = submitted.history.count()
    submitted.percent = 5
    with pytest.raises(StaleReport):
        save_report(report=submitted, expected_version=0, by=people["colleague"], submit=False)
    assert submitted.history.count() == before
