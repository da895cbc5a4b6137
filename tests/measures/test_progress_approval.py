"""Approving a round locks its reports; reopening needs a reason, and both are on record."""
from __future__ import annotations

import pytest
from django.urls import reverse

from measures.models import Evidence, ProgressRound, RoundEvent
from measures.services import ReasonRequired, RoundLocked, approve_round, reopen_round, save_report
from tests.measures.conftest import PDF, form_data, report_url, th, upload

APPROVE = reverse("measures-round-approve", args=["po", 2568, 6])
REOPEN = reverse("measures-round-reopen", args=["po", 2568, 6])


@pytest.mark.parametrize("role", ["admin", "executive"])
def test_an_admin_or_executive_approves_a_round(login, people, six, role):
    response = login(people[role]).post(APPROVE, follow=True)
    six.refresh_from_db()
    assert six.status == ProgressRound.Status.APPROVED
    assert six.approved_by == people[role]
    assert six.approved_at is not None
    assert RoundEvent.objects.get(round=six).action == RoundEvent.Action.APPROVED
    assert "อนุมัติรอบรายงานแล้ว รายงานในรอบนี้จะแก้ไขไม่ได้อีก" in response.content.decode()


def test_staff_cannot_approve(login, people, six):
    assert login(people["owner"]).post(APPROVE).status_code == 403
    six.refresh_from_db()
    assert six.status == ProgressRound.Status.OPEN


def test_the_round_page_warns_before_approving_with_reports_missing(login, people, submitted):
    page = login(people["executive"]).get(reverse("measures-round", args=["po", 2568, 6])).content.decode()
    assert "ส่งรายงานแล้วเพียง 1 จาก" in page


def test_an_approved_round_refuses_every_edit_and_changes_nothing(login, people, submitted):
    approve_round(round=submitted.round, by=people["admin"])
    url = report_url(submitted.round, submitted.measure, submitted.division)
    for user in ("owner", "admin"):
        response = login(people[user]).post(url, form_data(version=1, percent=99, files=[upload("x.pdf", PDF)]))
        assert response.status_code == 409
        assert "รอบรายงานนี้ได้รับอนุมัติแล้ว" in response.content.decode()
    submitted.refresh_from_db()
    assert (submitted.percent, submitted.version) == (50, 1)
    assert not Evidence.objects.exists()


def test_the_form_of_an_approved_round_is_shown_read_only(login, people, submitted):
    approve_round(round=submitted.round, by=people["admin"])
    page = login(people["owner"]).get(report_url(submitted.round, submitted.measure, submitted.division))
    assert page.status_code == 200
    assert "<fieldset class=\"bare\" disabled>" in page.content.decode()


def test_the_service_refuses_a_save_into_an_approved_round(people, submitted):
    approve_round(round=submitted.round, by=people["admin"])
    submitted.percent = 1
    with pytest.raises(RoundLocked):
        save_report(report=submitted, expected_version=1, by=people["owner"], submit=True)


def test_reopening_needs_a_reason(login, people, six):
    approve_round(round=six, by=people["admin"])
    response = login(people["admin"]).post(REOPEN, {"reason": "   "})
    assert response.status_code == 400
    assert "กรุณาระบุเหตุผลที่เปิดรอบรายงานอีกครั้ง" in response.content.decode()
    six.refresh_from_db()
    assert six.is_locked()
    with pytest.raises(ReasonRequired):
        reopen_round(round=six, by=people["admin"], reason="")


def test_reopening_records_who_and_why_and_lets_staff_edit_again(login, people, submitted):
    six = submitted.round
    approve_round(round=six, by=people["admin"])
    login(people["executive"]).post(REOPEN, {"reason": "แก้ไขร้อยละของมาตรการ 1.3 ตามหลักฐานที่พบเพิ่ม"})

    six.refresh_from_db()
    assert six.status == ProgressRound.Status.OPEN
    assert (six.approved_by, six.approved_at) == (None, None)
    event = six.events.last()
    assert (event.action, event.by, event.reason) == (
        RoundEvent.Action.REOPENED, people["executive"], "แก้ไขร้อยละของมาตรการ 1.3 ตามหลักฐานที่พบเพิ่ม"
    )
    assert six.history.first().history_change_reason.startswith("แก้ไขร้อยละ")

    url = report_url(six, submitted.measure, submitted.division)
    assert login(people["owner"]).post(url, form_data(version=1, percent=60)).status_code == 302
    page = login(people["owner"]).get(reverse("measures-round", args=["po", 2568, 6])).content.decode()
    assert "แก้ไขร้อยละของมาตรการ 1.3 ตามหลักฐานที่พบเพิ่ม" in page


def test_approving_twice_changes_nothing(login, people, six):
    client = login(people["admin"])
    client.post(APPROVE)
    response = client.post(APPROVE, follow=True)
    assert RoundEvent.objects.filter(round=six).count() == 1
    assert th("The round was already approved.") in response.content.decode()


def test_staff_cannot_reopen(login, people, six):
    approve_round(round=six, by=people["admin"])
    assert login(people["neighbour"]).post(REOPEN, {"reason": "ขอแก้"}).status_code == 403
    six.refresh_from_db()
    assert six.is_locked()
