"""Fixtures for import and export: an agency admin who may use Django admin, a progress round with
reports, and the files the resources export."""
from __future__ import annotations

import pytest

from agencies.roles import grant_admin_access
from measures.models import ProgressReport, ProgressRound


@pytest.fixture
def agency_admin(people):
    """The po agency's admin, with the model permissions Django admin asks for (rows are scoped on top)."""
    user = people["admin"]
    grant_admin_access(user)
    return user


@pytest.fixture
def outsider_admin(people):
    """The admin of another agency, with the same permissions."""
    user = people["outsider"]
    grant_admin_access(user)
    return user


@pytest.fixture
def superuser(django_user_model):
    return django_user_model.objects.create_superuser("root", "root@example.com", "pw-root")


@pytest.fixture
def six_months(plan):
    """The six-month round of the 2568 plan, with two reports filed."""
    round = ProgressRound.objects.get(plan=plan, months=6)
    palad = plan.organization.divisions.get(name="สำนักปลัด")
    finance = plan.organization.divisions.get(name="กองคลัง")
    ProgressReport.objects.create(
        round=round, measure=plan.measures.get(theme__number=1, number=1), division=palad,
        status="in_progress", percent=50, done="จัดประชุมพนักงานแล้ว ๓ ครั้ง", links="https://po.go.th/meeting-1",
    )
    ProgressReport.objects.create(
        round=round, measure=plan.measures.get(theme__number=1, number=1), division=finance,
        status="done", percent=100, done="ประชุมครบทุกเดือน", result="เจ้าหน้าที่รับทราบแนวทาง",
    )
    return round
