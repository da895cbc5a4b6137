"""Documents are tested on their bytes, read the way assessors and citizens read them: pdftotext,
pypdf, pdffonts. The demo PDFs are rendered once per module (rendering takes about a second) inside
a transaction that is rolled back, so the other tests still start from an empty database."""
from __future__ import annotations

import datetime
import re
import subprocess
import tempfile
from dataclasses import dataclass, field
from io import BytesIO

import pytest
from django.contrib.auth import get_user_model
from django.db import transaction
from pypdf import PdfReader

from measures.models import Evidence, Plan, ProgressReport
from measures.seeding import DEMO_DIR, load_agency

BANGKOK = datetime.timezone(datetime.timedelta(hours=7))


def pdftotext(content: bytes, *, first: int | None = None, last: int | None = None) -> str:
    with tempfile.NamedTemporaryFile(suffix=".pdf") as file:
        file.write(content)
        file.flush()
        pages = [*(["-f", str(first)] if first else []), *(["-l", str(last)] if last else [])]
        return subprocess.run(
            ["pdftotext", "-raw", *pages, file.name, "-"], check=True, capture_output=True, text=True
        ).stdout


def pdffonts(content: bytes) -> str:
    with tempfile.NamedTemporaryFile(suffix=".pdf") as file:
        file.write(content)
        file.flush()
        return subprocess.run(["pdffonts", file.name], check=True, capture_output=True, text=True).stdout


def pypdf_text(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(BytesIO(content)).pages)


def flat(text: str) -> str:
    """Whitespace normalised, and nothing else: a line break in the PDF is a space."""
    return re.sub(r"\s+", " ", text).strip()


def compact(text: str) -> str:
    """Without any whitespace: Thai has no space between words, so a line that wraps inside a
    sentence comes out of the PDF with a line break the source does not have."""
    return re.sub(r"\s+", "", text)


def add_progress(plan: Plan) -> dict:
    """Six-month reports on measure 1.1 (all divisions) and 1.5 (กองคลัง): one done with links and a
    file, one in progress, one not started, and a draft that does not count as reported."""
    progress_round = plan.rounds.get(months=6)
    reporter = get_user_model().objects.create_user(
        username="reporter", first_name="สมหญิง", last_name="รายงานดี", password="pw-reporter"
    )
    palad = plan.organization.divisions.get(name="สำนักปลัด")
    finance = plan.organization.divisions.get(name="กองคลัง")
    works = plan.organization.divisions.get(name="กองช่าง")
    m11 = plan.measures.get(theme__number=1, number=1)
    m15 = plan.measures.get(theme__number=1, number=5)
    done = ProgressReport.objects.create(
        round=progress_round, measure=m11, division=palad, status="done", percent=100,
        done="จัดประชุมพนักงานประจำเดือน ๖ ครั้ง\n- ครั้งที่ ๑ วันที่ ๑๕ ต.ค. ๒๕๖๗\n- ครั้งที่ ๒ วันที่ ๑๒ พ.ย. ๒๕๖๗",
        result="พนักงานทุกคนรับทราบแนวทางการปฏิบัติราชการ",
        links="https://www.po.go.th/news/123\nhttps://example.org/รายงาน-2568",
        submitted_at=datetime.datetime(2025, 3, 20, 10, 30, tzinfo=BANGKOK), reported_by=reporter,
    )
    Evidence.objects.create(report=done, file="evidence/x.pdf", original_name="รายงานการประชุม-1-2568.pdf", size=10)
    ProgressReport.objects.create(
        round=progress_round, measure=m11, division=finance, status="in_progress", percent=40,
        done="อยู่ระหว่างจัดประชุมกองคลัง", problems="ผู้เข้าประชุมไม่ครบองค์ประชุม",
        submitted_at=datetime.datetime(2025, 3, 25, 14, 5, tzinfo=BANGKOK), reported_by=reporter,
    )
    ProgressReport.objects.create(
        round=progress_round, measure=m15, division=finance, status="not_started", percent=0,
        submitted_at=datetime.datetime(2025, 3, 28, 9, 0, tzinfo=BANGKOK), reported_by=reporter,
    )
    ProgressReport.objects.create(  # a draft: saved, never submitted
        round=progress_round, measure=m11, division=works, status="done", percent=100,
        done="ร่างที่ยังไม่ส่ง",
    )
    return {"round": progress_round, "reporter": reporter}


@pytest.fixture
def progress(plan):
    return add_progress(plan)


@dataclass
class Demo:
    """The demo agency's documents and what they must show, read before the rollback."""

    measures: bytes
    progress: bytes
    titles: list[str] = field(default_factory=list)
    indicator_scores: list[str] = field(default_factory=list)
    tool_scores: list[str] = field(default_factory=list)
    item_scores: dict[str, str] = field(default_factory=dict)
    overall: str = ""


def render_demo(*, thai_digits: bool = True) -> Demo:
    from reports.pdf import measures_document, progress_document

    with transaction.atomic():
        organization, _ = load_agency(DEMO_DIR / "po.toml")
        plan = organization.plans.get(fiscal_year=2568)
        if not thai_digits:
            plan.thai_digits = False
            plan.save()
        added = add_progress(plan)
        assessment = plan.assessment
        demo = Demo(
            measures=measures_document(plan),
            progress=progress_document(added["round"]),
            titles=list(plan.measures.values_list("title", flat=True)),
            indicator_scores=[str(s) for s in assessment.indicatorscore_set.values_list("score", flat=True)],
            tool_scores=[str(s) for s in assessment.toolscore_set.values_list("score", flat=True)],
            item_scores={code: f"{score:.2f}" for code, score in
                         assessment.itemscore_set.values_list("item__code", "score")},
            overall=f"{assessment.overall:.2f}",
        )
        transaction.set_rollback(True)
    return demo


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker) -> Demo:
    with django_db_blocker.unblock():
        return render_demo()


@pytest.fixture(scope="module")
def demo_text(demo) -> str:
    return pdftotext(demo.measures)


@pytest.fixture
def members(po, people, django_user_model):
    """A member of each role, a superuser, and an admin of another agency."""
    superuser = django_user_model.objects.create_superuser(username="root", password="pw-root")
    return {**people, "superuser": superuser}
