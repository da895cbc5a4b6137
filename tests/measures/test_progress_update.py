"""A division updates its progress report: save as draft, submit, and bad input refused."""
from __future__ import annotations

import pytest

from measures.models import ProgressReport
from tests.measures.conftest import form_data, report_url, th


def test_the_form_opens_blank_for_a_report_not_written_yet(login, people, six, palad_measure, palad):
    response = login(people["owner"]).get(report_url(six, palad_measure, palad))
    assert response.status_code == 200
    assert 'name="version" value="0"' in response.content.decode()
    assert th("not reported") in response.content.decode()


def test_saving_a_draft_creates_the_report_without_submitting_it(login, people, six, palad_measure, palad):
    response = login(people["owner"]).post(report_url(six, palad_measure, palad), form_data())
    assert response.status_code == 302
    assert response["Location"].endswith(f"/po/2568/measures/1.3/#report-6-{palad.pk}")
    report = ProgressReport.objects.get(round=six, measure=palad_measure, division=palad)
    assert (report.status, report.percent, report.version) == ("in_progress", 40, 1)
    assert report.submitted_at is None
    assert report.reported_by == people["owner"]


def test_submitting_stamps_the_time_and_the_reporter(login, people, six, palad_measure, palad):
    client = login(people["owner"])
    response = client.post(report_url(six, palad_measure, palad), form_data(action="submit"), follow=True)
    report = ProgressReport.objects.get(round=six, measure=palad_measure, division=palad)
    assert report.submitted_at is not None
    assert report.reported_by == people["owner"]
    assert "ส่งรายงานแล้ว" in response.content.decode()


def test_saving_a_submitted_report_as_draft_withdraws_it(login, people, submitted):
    url = report_url(submitted.round, submitted.measure, submitted.division)
    login(people["owner"]).post(url, form_data(version=submitted.version))
    submitted.refresh_from_db()
    assert submitted.submitted_at is None
    assert submitted.version == 2


def test_each_division_reports_its_own_part_of_a_shared_measure(login, people, six, shared_measure, palad, finance):
    login(people["owner"]).post(report_url(six, shared_measure, palad), form_data(percent=20))
    login(people["neighbour"]).post(report_url(six, shared_measure, finance), form_data(percent=60))
    percents = dict(ProgressReport.objects.filter(measure=shared_measure).values_list("division__name", "percent"))
    assert percents == {"สำนักปลัด": 20, "กองคลัง": 60}


def test_staff_cannot_write_another_divisions_part(login, people, six, shared_measure, finance):
    response = login(people["owner"]).post(report_url(six, shared_measure, finance), form_data())
    assert response.status_code == 403
    assert not ProgressReport.objects.exists()


def test_a_division_not_responsible_for_the_measure_has_no_report_to_write(login, people, six, palad_measure, finance):
    assert login(people["admin"]).get(report_url(six, palad_measure, finance)).status_code == 404


def test_admins_can_write_any_divisions_part(login, people, six, shared_measure, finance):
    assert login(people["admin"]).post(report_url(six, shared_measure, finance), form_data()).status_code == 302
    assert ProgressReport.objects.get(division=finance).reported_by == people["admin"]


@pytest.mark.parametrize("overrides, field, message", [
    ({"percent": 101}, "percent", "ร้อยละต้องไม่เกิน 100"),
    ({"status": "done", "percent": 80}, "percent", "ร้อยละ 100"),
    ({"status": "not_started", "percent": 30}, "percent", th("A measure not started is 0 percent done.")),
    ({"links": "ftp://example.com/x"}, "links", "ไม่ใช่ที่อยู่เว็บ"),
    ({"action": "submit", "done": "  "}, "done", "กรุณากรอกผลการดำเนินการก่อนส่งรายงาน"),
])
def test_bad_input_is_refused_with_a_thai_message_and_nothing_is_saved(
    login, people, six, palad_measure, palad, overrides, field, message
):
    response = login(people["owner"]).post(report_url(six, palad_measure, palad), form_data(**overrides))
    assert response.status_code == 400
    assert field in response.context["form"].errors
    assert message in response.content.decode()
    assert not ProgressReport.objects.exists()


def test_a_measure_not_started_can_be_submitted_without_saying_what_was_done(login, people, six, palad_measure, palad):
    data = form_data(action="submit", status="not_started", percent=0, done="", problems="รองบประมาณ")
    assert login(people["owner"]).post(report_url(six, palad_measure, palad), data).status_code == 302


def test_links_are_kept_one_per_line(login, people, six, palad_measure, palad):
    links = " https://po.go.th/ita/o1 \n\nhttps://www.facebook.com/po\n"
    login(people["owner"]).post(report_url(six, palad_measure, palad), form_data(links=links))
    report = ProgressReport.objects.get()
    assert report.link_list() == ["https://po.go.th/ita/o1", "https://www.facebook.com/po"]


def test_a_submitted_report_goes_back_to_draft_before_it_says_what_was_done(login, people, submitted, six,
                                                                            palad_measure, palad):
    response = login(people["owner"]).post(report_url(six, palad_measure, palad), form_data(version=1, done=""))
    assert response.status_code == 302
    report = ProgressReport.objects.get(pk=submitted.pk)
    assert (report.submitted_at, report.done, report.version) == (None, "", 2)


def test_submitting_without_saying_what_was_done_leaves_the_report_as_it_was(login, people, submitted, six,
                                                                            palad_measure, palad):
    response = login(people["owner"]).post(
        report_url(six, palad_measure, palad), form_data(version=1, done="", action="submit"))
    assert response.status_code == 400
    assert th("Say what was done before submitting.") in response.content.decode()
    report = ProgressReport.objects.get(pk=submitted.pk)
    assert (report.submitted_at, report.version) == (submitted.submitted_at, 1)
