"""Setup for the operations commands: synthetic agencies, and a demo agency with a report and a file."""
from __future__ import annotations

import io

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command

from agencies.roles import grant_admin_access
from measures.models import Evidence, ProgressReport, ProgressRound, RoundEvent
from measures.models.reminders import ReminderLog


@pytest.fixture
def generated(db):
    call_command("generate_load_data", "--agencies", "3", "--seed", "7", "--batch-size", "2", stdout=io.StringIO())


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


EVIDENCE_BYTES = b"%PDF-1.4 evidence of the staff meeting\n"


@pytest.fixture
def po_with_evidence(po, people, media):
    """The demo agency, its round 6 approved, a report by its owner with one uploaded file and a reminder; its
    admin has admin access, as a membership saved in admin gives."""
    grant_admin_access(people["admin"])
    plan = po.plans.get(fiscal_year=2568)
    progress_round = ProgressRound.objects.get(plan=plan, months=6)
    report = ProgressReport.objects.create(
        round=progress_round, measure=plan.measures.get(theme__number=1, number=1),
        division=po.divisions.get(name="สำนักปลัด"), status=ProgressReport.Status.IN_PROGRESS, percent=40,
        done="จัดประชุมพนักงานประจำเดือน", reported_by=people["owner"],
    )
    report.percent = 60
    report.save()
    evidence = Evidence(report=report, original_name="รายงานการประชุม.pdf", size=len(EVIDENCE_BYTES),
                        uploaded_by=people["owner"])
    evidence.file.save("รายงานการประชุม.pdf", ContentFile(EVIDENCE_BYTES), save=True)
    RoundEvent.objects.create(round=progress_round, action=RoundEvent.Action.APPROVED, by=people["admin"])
    ReminderLog.objects.create(division=report.division, sent_on="2025-04-20", recipients="owner@example.org", due=3)
    return po
