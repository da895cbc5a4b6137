"""Fixtures for the portal: the demo plan's rounds and divisions, measures with known owners, report
URLs, small valid files of each accepted type, and plans of any size for query counts."""
from __future__ import annotations

import datetime
import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from agencies.models import Division, Organization
from measures.models import Measure, Plan, ProgressReport, ProgressRound, Theme

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 32
GIF = b"GIF89a" + b"\x00" * 32
WEBP = b"RIFF\x20\x00\x00\x00WEBPVP8 " + b"\x00" * 20

WORD_TYPES = (
    '<?xml version="1.0"?><Types><Override PartName="/word/document.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'
)
EXCEL_TYPES = (
    '<?xml version="1.0"?><Types><Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/></Types>'
)


def zipped(parts: dict[str, str]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        for name, text in parts.items():
            package.writestr(name, text)
    return buffer.getvalue()


DOCX = zipped({"[Content_Types].xml": WORD_TYPES, "word/document.xml": "<w:document/>"})
XLSX = zipped({"[Content_Types].xml": EXCEL_TYPES, "xl/workbook.xml": "<workbook/>"})


def th(message: str) -> str:
    """The Thai the pages show for an English message id."""
    with translation.override("th"):
        return translation.gettext(message)


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def six(plan) -> ProgressRound:
    return plan.rounds.get(months=6)


@pytest.fixture
def twelve(plan) -> ProgressRound:
    return plan.rounds.get(months=12)


@pytest.fixture
def palad(po) -> Division:
    return po.divisions.get(name="สำนักปลัด")


@pytest.fixture
def finance(po) -> Division:
    return po.divisions.get(name="กองคลัง")


@pytest.fixture
def palad_measure(plan) -> Measure:
    """1.3: สำนักปลัด only."""
    return plan.measures.get(theme__number=1, number=3)


@pytest.fixture
def shared_measure(plan) -> Measure:
    """1.1: every division reports its own part."""
    return plan.measures.get(theme__number=1, number=1)


def report_url(progress_round: ProgressRound, measure: Measure, division: Division) -> str:
    plan = progress_round.plan
    return reverse("measures-report", args=[
        plan.organization.slug, plan.fiscal_year, progress_round.months, measure.theme.number, measure.number,
        division.pk,
    ])


def form_data(**overrides) -> dict:
    data = {
        "version": 0, "status": "in_progress", "percent": 40, "done": "ประชุมชี้แจงเจ้าหน้าที่แล้ว",
        "result": "", "problems": "", "links": "", "action": "draft",
    }
    data.update(overrides)
    return data


@pytest.fixture
def login(client):
    def as_user(user):
        client.force_login(user)
        return client
    return as_user


@pytest.fixture
def submitted(six, palad_measure, palad, people) -> ProgressReport:
    """สำนักปลัด's submitted report on 1.3 in the six-month round."""
    return ProgressReport.objects.create(
        round=six, measure=palad_measure, division=palad, status="in_progress", percent=50,
        done="ตอบคำถามประชาชนทาง Facebook ทุกวันทำการ", submitted_at=datetime.datetime(2025, 4, 1, tzinfo=datetime.UTC),
        reported_by=people["owner"], version=1,
    )


@pytest.fixture
def make_plan(db):
    """A published plan of `size` measures over three divisions, half of them reported, for query counts."""
    def build(size: int, slug: str) -> Plan:
        organization = Organization.objects.create(name=f"หน่วยงาน {slug}", short_name=slug, slug=slug)
        divisions = [Division.objects.create(organization=organization, name=f"กอง {i}", order=i) for i in range(3)]
        plan = Plan.objects.create(organization=organization, fiscal_year=2568, status=Plan.Status.PUBLISHED)
        themes = [Theme.objects.create(plan=plan, number=n, title=f"ประเด็น {n}") for n in (1, 2)]
        rounds = [
            ProgressRound.objects.create(plan=plan, months=6, due_on=datetime.date(2025, 4, 30),
                                         status=ProgressRound.Status.APPROVED),
            ProgressRound.objects.create(plan=plan, months=12, due_on=datetime.date(2025, 10, 31)),
        ]
        for i in range(size):
            measure = Measure.objects.create(
                plan=plan, theme=themes[i % 2], number=i + 1, title=f"มาตรการ {i}", all_divisions=i % 3 == 0,
                start_month=datetime.date(2024, 10, 1), end_month=datetime.date(2025, 9, 1),
            )
            if not measure.all_divisions:
                measure.divisions.set(divisions[: 1 + i % 2])
            if i % 2 == 0:
                for progress_round in rounds:
                    report = ProgressReport.objects.create(
                        round=progress_round, measure=measure, division=divisions[0], status="in_progress",
                        percent=30, done="ดำเนินการ", submitted_at=datetime.datetime(2025, 4, 1, tzinfo=datetime.UTC),
                    )
                    report.evidence.create(file="evidence/x.pdf", original_name="x.pdf", size=1)
        return plan
    return build
