"""The measure page: what the measure is, who reports on it, when, its reports and its full history."""
from __future__ import annotations

import pytest
from django.urls import reverse

from tests.measures.conftest import PDF, form_data, report_url, upload

URL = reverse("measures-detail", args=["po", 2568, 1, 3])


@pytest.fixture
def page(login, people):
    def get(user="owner", url=URL):
        response = login(people[user]).get(url)
        assert response.status_code == 200
        return response.content.decode()
    return get


def test_it_shows_the_measure_its_steps_divisions_and_period_in_thai_months(page, palad_measure):
    html = page()
    assert palad_measure.title in html
    assert "มอบหมายเจ้าหน้าที่เป็นแอดมิน" in html
    assert "สำนักปลัด" in html
    assert "ต.ค. 2567 – ก.ย. 2568" in html


def test_the_timeline_marks_the_twelve_months_and_the_ends_of_the_rounds(page):
    html = page()
    timeline = html[html.index('<ol class="timeline"'):html.index("</ol>")]
    assert timeline.count("<li") == 12
    assert timeline.count("active") == 12
    assert timeline.count(" round") == 2
    assert "มี.ค. 2568 · รอบ ๖ เดือน" in timeline


def test_a_shared_measure_lists_every_divisions_part_in_each_round(page, po):
    html = page(url=reverse("measures-detail", args=["po", 2568, 1, 1]))
    for division in po.divisions.all():
        assert html.count(f"<h4>{division.name}</h4>") == 2


def test_it_shows_the_reports_and_their_evidence(login, people, page, six, palad_measure, palad):
    login(people["owner"]).post(
        report_url(six, palad_measure, palad),
        form_data(action="submit", done="ตอบคำถามทุกวัน", links="https://po.go.th/qa", files=[upload("ภาพ.pdf", PDF)]),
    )
    html = page("executive")
    assert "ตอบคำถามทุกวัน" in html
    assert 'href="https://po.go.th/qa"' in html
    assert "ภาพ.pdf" in html
    assert "/evidence/" in html


def test_the_edit_button_appears_only_for_those_who_may_edit(page):
    assert "rounds/6/measures/1.3/" in page("owner")
    assert "rounds/6/measures/1.3/" in page("admin")
    assert "rounds/6/measures/1.3/" not in page("neighbour")
    assert "rounds/6/measures/1.3/" not in page("executive")


def test_the_history_says_who_changed_which_field_from_what_to_what(login, people, page, six, palad_measure, palad):
    people["owner"].first_name, people["owner"].last_name = "สมศรี", "ใจดี"
    people["owner"].save()
    client = login(people["owner"])
    url = report_url(six, palad_measure, palad)
    client.post(url, form_data(percent=20))
    client.post(url, form_data(version=1, percent=45))

    html = page()
    history = html[html.index("ประวัติการแก้ไข"):]
    assert "สมศรี ใจดี" in history
    assert "ร้อยละความก้าวหน้า" in history
    assert "<del>20</del>" in history
    assert "<ins>45</ins>" in history


def test_the_history_records_changes_to_the_measure_and_its_divisions(page, palad_measure, finance, people):
    palad_measure._history_user = people["admin"]
    palad_measure.title = "มาตรการชี้แจงและตอบคำถามประชาชน"
    palad_measure.save()
    palad_measure.divisions.add(finance)
    html = page()
    history = html[html.index("ประวัติการแก้ไข"):]
    assert "<ins>มาตรการชี้แจงและตอบคำถามประชาชน</ins>" in history
    assert "<del>สำนักปลัด</del>" in history
    assert "<ins>กองคลัง, สำนักปลัด</ins>" in history


def test_the_history_records_files_added_and_removed(login, people, page, six, palad_measure, palad):
    client = login(people["owner"])
    url = report_url(six, palad_measure, palad)
    client.post(url, form_data(files=[upload("ภาพกิจกรรม.pdf", PDF)]))
    evidence = palad_measure.reports.get().evidence.get()
    client.post(url, form_data(version=1, remove=[evidence.pk]))
    html = page()
    history = html[html.index("ประวัติการแก้ไข"):]
    assert history.count("ภาพกิจกรรม.pdf") == 2
    assert "เพิ่มไฟล์" in history
    assert "ลบไฟล์" in history


def test_an_unknown_measure_is_not_found(login, people):
    assert login(people["owner"]).get(reverse("measures-detail", args=["po", 2568, 9, 9])).status_code == 404
