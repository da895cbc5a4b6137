"""send_reminders: each division is emailed what it owes, at most once a day."""
from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from measures.models import Plan, ProgressReport, ReminderLog
from measures.services import approve_round


@pytest.fixture
def emails(people):
    for name in ("owner", "colleague", "neighbour", "admin", "executive", "outsider"):
        people[name].email = f"{name}@po.go.th"
        people[name].save()
    return people


def run(date: str, *args) -> str:
    out = StringIO()
    call_command("send_reminders", "--date", date, *args, stdout=out)
    return out.getvalue()


def sent_to(mailoutbox) -> dict[str, set[str]]:
    return {message.subject.split("– ")[-1]: set(message.to) for message in mailoutbox}


def test_each_division_with_members_gets_one_email_listing_its_overdue_reports(emails, submitted, mailoutbox):
    run("2025-05-01")
    assert sent_to(mailoutbox) == {
        "สำนักปลัด": {"owner@po.go.th", "colleague@po.go.th", "admin@po.go.th"},
        "กองคลัง": {"neighbour@po.go.th"},
    }
    palad = next(m for m in mailoutbox if m.subject.endswith("สำนักปลัด"))
    assert "เรียน สำนักปลัด องค์การบริหารส่วนตำบลปอ" in palad.body
    assert "รายงานที่เลยกำหนดส่งและยังไม่ได้ส่ง" in palad.body
    assert "(กำหนดส่ง 30 เม.ย. 2568): 1.1 การประชุมพนักงาน" in palad.body
    assert ": 1.3 " not in palad.body  # submitted already
    assert "/po/2568/" in palad.body


def test_a_second_run_on_the_same_day_sends_nothing(emails, mailoutbox):
    run("2025-05-01")
    first = len(mailoutbox)
    output = run("2025-05-01")
    assert len(mailoutbox) == first == 2
    assert "0 reminder(s) sent for 2025-05-01" in output
    assert ReminderLog.objects.count() == 2


def test_the_next_day_reminds_again_while_reports_are_outstanding(emails, mailoutbox):
    run("2025-05-01")
    run("2025-05-02")
    assert len(mailoutbox) == 4


def test_reports_of_the_next_round_are_announced_when_its_deadline_is_near(emails, plan, six, mailoutbox):
    approve_round(round=six, by=emails["admin"])
    run("2025-10-20")
    palad = next(m for m in mailoutbox if m.subject.endswith("สำนักปลัด"))
    assert "รายงานที่ใกล้ถึงกำหนดส่ง" in palad.body
    assert "(กำหนดส่ง 31 ต.ค. 2568)" in palad.body
    assert "เลยกำหนดส่งและยังไม่ได้ส่ง" not in palad.body


def test_nothing_is_sent_while_the_next_deadline_is_far_away(emails, mailoutbox):
    run("2025-03-01")
    assert mailoutbox == []
    run("2025-03-01", "--within", "90")
    assert len(mailoutbox) == 2


def test_an_approved_round_is_never_reminded(emails, plan, mailoutbox):
    for progress_round in plan.rounds.all():
        approve_round(round=progress_round, by=emails["admin"])
    run("2025-12-01")
    assert mailoutbox == []


def test_a_division_that_submitted_everything_is_left_alone(emails, plan, six, finance, mailoutbox):
    for measure in plan.measures.for_division(finance):
        ProgressReport.objects.create(round=six, measure=measure, division=finance, status="not_started",
                                      submitted_at="2025-04-01T09:00:00+07:00")
    run("2025-05-01")
    assert "กองคลัง" not in sent_to(mailoutbox)


def test_draft_plans_are_not_reminded(emails, plan, mailoutbox):
    plan.status = Plan.Status.DRAFT
    plan.save()
    run("2025-05-01")
    assert mailoutbox == []


def test_members_without_an_email_address_are_skipped(people, mailoutbox):
    output = run("2025-05-01")
    assert mailoutbox == []
    assert "no member has an email address" in output
    assert not ReminderLog.objects.exists()


def test_a_bad_date_is_refused(db):
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command("send_reminders", "--date", "1/5/2568")
