"""The public page of a published plan: no login, the measures, and only approved, submitted progress."""
from __future__ import annotations

import pytest
from django.urls import reverse

from measures.models import ProgressReport
from measures.services import approve_round
from tests.measures.conftest import th

URL = reverse("measures-public", args=["po", 2568])


def test_anyone_can_read_a_published_plan_without_logging_in(client, plan):
    response = client.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert "มาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน" in html
    assert "องค์การบริหารส่วนตำบลปอ" in html
    assert html.count('<span class="code">') == 17
    assert "ประกาศ ณ วันที่ 2 กุมภาพันธ์ 2568" in html


def test_it_links_the_stable_pdf_urls(client, plan, six, people):
    approve_round(round=six, by=people["admin"])
    html = client.get(URL).content.decode()
    assert 'href="/public/po/2568/measures.pdf"' in html
    assert 'href="/public/po/2568/progress-6.pdf"' in html
    assert 'href="/public/po/2568/progress-12.pdf"' not in html


def test_an_unapproved_round_shows_no_progress(client, submitted):
    html = client.get(URL).content.decode()
    assert submitted.done not in html
    assert "ยังไม่ได้รับอนุมัติ" in html


def test_an_approved_round_shows_submitted_reports_but_not_drafts(client, submitted, shared_measure, finance, people):
    draft = ProgressReport.objects.create(round=submitted.round, measure=shared_measure, division=finance,
                                          status="in_progress", percent=10, done="ร่างที่ยังไม่ส่ง")
    approve_round(round=submitted.round, by=people["executive"])
    html = client.get(URL).content.decode()
    assert submitted.done in html
    assert draft.done not in html
    assert th("Not reported:") in html


@pytest.mark.parametrize("status", ["draft", "approved"])
def test_an_unpublished_plan_is_not_found(client, plan, status):
    plan.status = status
    plan.save()
    assert client.get(URL).status_code == 404
    assert client.get(reverse("reports-public-measures-pdf", args=["po", 2568])).status_code == 404
    assert client.get(reverse("reports-public-progress-pdf", args=["po", 2568, 6])).status_code == 404


def test_the_progress_pdf_of_an_unapproved_round_is_not_found(client, plan):
    assert client.get(reverse("reports-public-progress-pdf", args=["po", 2568, 6])).status_code == 404
    assert client.get(reverse("reports-public-progress-pdf", args=["po", 2568, 9])).status_code == 404


def test_an_unknown_agency_is_not_found(client, db):
    assert client.get(reverse("measures-public", args=["nowhere", 2568])).status_code == 404


def test_the_public_page_takes_no_posts(client, plan):
    assert client.post(URL).status_code == 405
