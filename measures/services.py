"""Workflows over several records: saving a report with its files, approving and reopening a round,
publishing a plan. Each runs in one transaction."""
from __future__ import annotations

import datetime
import logging
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from agencies.models import Division
from measures.models import Evidence, Plan, ProgressReport, ProgressRound, ReminderLog, RoundEvent
from measures.models.board import Part, build_boards
from measures.models.filetypes import FileType

logger = logging.getLogger(__name__)


class StaleReport(Exception):
    """Someone else saved the report since this person opened it."""


class RoundLocked(Exception):
    """The round is approved: its reports are a record until someone reopens it."""


class ReasonRequired(ValueError):
    pass


def _locked_round(round_pk: int) -> ProgressRound:
    # Row lock: an approval cannot slip in between the check and the save of a report.
    return ProgressRound.objects.select_for_update().get(pk=round_pk)


@transaction.atomic
def save_report(
    *,
    report: ProgressReport,
    expected_version: int,
    by,
    submit: bool,
    files: Iterable[tuple[object, FileType]] = (),
    remove: Iterable[Evidence] = (),
) -> ProgressReport:
    """Saves the edited report only if nobody saved it since `expected_version` was read.

    The version is claimed by a conditional UPDATE ... WHERE version = expected: of two people who
    opened the same version, exactly one claims it; the other gets StaleReport and nothing of theirs
    is written. The full save that follows then records one history entry with the new values.
    """
    if _locked_round(report.round_id).is_locked():
        raise RoundLocked
    report.submitted_at = timezone.now() if submit else None
    report.reported_by = by
    report._history_user = by
    if report.pk is None:
        if expected_version != 0:
            raise StaleReport
        report.version = 1
        try:
            with transaction.atomic():
                report.save()
        except IntegrityError:  # the other person created it first
            raise StaleReport from None
    else:
        claimed = ProgressReport.objects.filter(pk=report.pk, version=expected_version).update(
            version=F("version") + 1
        )
        if not claimed:
            raise StaleReport
        report.version = expected_version + 1
        report.save()
    for evidence in remove:
        if evidence.report_id == report.pk:
            evidence._history_user = by
            evidence.delete()
    for upload, file_type in files:
        add_evidence(report=report, upload=upload, file_type=file_type, by=by)
    return report


def add_evidence(*, report: ProgressReport, upload, file_type: FileType, by) -> Evidence:
    evidence = Evidence(
        report=report, original_name=upload.name[:255], size=upload.size, uploaded_by=by
    )
    evidence._history_user = by
    # The stored extension is the detected type's, whatever the uploaded name said.
    evidence.file.save(f"evidence{file_type.extension}", upload, save=False)
    evidence.save()
    return evidence


@transaction.atomic
def approve_round(*, round: ProgressRound, by) -> RoundEvent:
    locked = _locked_round(round.pk)
    if locked.is_locked():
        raise RoundLocked
    locked.status = ProgressRound.Status.APPROVED
    locked.approved_by = by
    locked.approved_at = timezone.now()
    locked._history_user = by
    locked.save()
    return RoundEvent.objects.create(round=locked, action=RoundEvent.Action.APPROVED, by=by)


@transaction.atomic
def reopen_round(*, round: ProgressRound, by, reason: str) -> RoundEvent:
    """A published record changes only openly: the reason is kept with the round's history."""
    reason = reason.strip()
    if not reason:
        raise ReasonRequired(_("Say why the round is reopened."))
    locked = _locked_round(round.pk)
    if not locked.is_locked():
        raise RoundLocked
    locked.status = ProgressRound.Status.OPEN
    locked.approved_by = None
    locked.approved_at = None
    locked._history_user = by
    locked._change_reason = reason[:100]
    locked.save()
    return RoundEvent.objects.create(round=locked, action=RoundEvent.Action.REOPENED, by=by, reason=reason)


@transaction.atomic
def publish_plan(*, plan: Plan, by) -> Plan:
    plan.status = Plan.Status.PUBLISHED
    plan.save(update_fields=["status"])
    logger.info("plan %s published by %s", plan, by)
    return plan


@dataclass
class Reminder:
    division: Division
    plan: Plan
    due: list[Part] = field(default_factory=list)
    overdue: list[Part] = field(default_factory=list)

    def recipients(self) -> list[str]:
        return sorted({
            m.user.email for m in self.division.memberships.select_related("user")
            if m.user.email and m.user.is_active
        })


def reminders_for(*, on: datetime.date, within_days: int) -> list[Reminder]:
    """What each division still owes: reports of open rounds past their deadline, and those of the next
    open round due within `within_days`. Draft plans are left alone."""
    reminders: dict[int, Reminder] = {}
    plans = (
        Plan.objects.exclude(status=Plan.Status.DRAFT).filter(rounds__status=ProgressRound.Status.OPEN)
        .select_related("organization").distinct()
    )
    for plan in plans:
        rounds = [r for r in plan.rounds.all() if not r.is_locked() and r.due_on is not None]
        late = [r for r in rounds if r.is_past_due(on)]
        coming = [r for r in rounds if on <= r.due_on <= on + datetime.timedelta(days=within_days)][:1]
        boards = build_boards(plan, late + coming, today=on)
        for board in boards.values():
            for part in board.parts:
                if part.submitted:
                    continue
                reminder = reminders.setdefault(part.division.pk, Reminder(part.division, plan))
                (reminder.overdue if part.overdue else reminder.due).append(part)
    return list(reminders.values())


def send_reminder(*, reminder: Reminder, on: datetime.date) -> ReminderLog | None:
    """Emails one division; None when it was already reminded that day or has nobody to write to."""
    recipients = reminder.recipients()
    if not recipients or ReminderLog.objects.filter(division=reminder.division, sent_on=on).exists():
        return None
    organization = reminder.plan.organization
    context = {
        "reminder": reminder, "organization": organization, "plan": reminder.plan, "on": on,
        "url": getattr(settings, "SITE_URL", "").rstrip("/")
        + reverse("measures-dashboard", args=[organization.slug, reminder.plan.fiscal_year]),
    }
    with translation.override("th"):
        subject = " ".join(render_to_string("measures/email/reminder_subject.txt", context).split())
        body = render_to_string("measures/email/reminder.txt", context)
    try:
        with transaction.atomic():
            # The log row is written first and rolled back if sending fails: at most one email a day.
            log = ReminderLog.objects.create(
                division=reminder.division, sent_on=on, recipients="\n".join(recipients),
                due=len(reminder.due), overdue=len(reminder.overdue),
            )
            EmailMessage(subject, body, to=recipients).send()
    except IntegrityError:  # another run sent it a moment ago
        return None
    return log
