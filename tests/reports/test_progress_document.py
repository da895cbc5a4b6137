"""The progress report of a round: its facts, the summary by theme counted per measure and
responsible division, and each division's entry, or "ยังไม่รายงาน" where it has not reported."""
from __future__ import annotations

import datetime
from io import BytesIO

from pypdf import PdfReader

from measures.models import Measure
from reports.html import render_html
from reports.pdf import progress_document
from reports.progress_data import TEMPLATE, progress_context
from tests.reports.conftest import compact, flat, pdffonts, pdftotext


def test_it_states_the_agency_the_year_and_the_round(demo):
    text = flat(pdftotext(demo.progress))
    assert "องค์การบริหารส่วนตำบลปอ ประจำปีงบประมาณ พ.ศ. ๒๕๖๘" in text
    assert "รอบ ๖ เดือน (๑ ต.ค. – ๓๑ มี.ค.)" in text
    assert "๑ ตุลาคม ๒๕๖๗ – ๓๑ มีนาคม ๒๕๖๘" in text


def test_it_is_a_few_portrait_pages_in_sarabun(demo):
    pdf = PdfReader(BytesIO(demo.progress))
    pages = pdf.pages
    assert pdf.metadata.author == "องค์การบริหารส่วนตำบลปอ"
    assert pdf.metadata.title.startswith("รายงานผลการดำเนินการเพื่อส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน")
    assert 3 <= len(pages) <= 15
    assert all(page.mediabox.width < page.mediabox.height for page in pages)
    assert "Sarabun" in pdffonts(demo.progress)


def test_the_summary_counts_one_entry_per_measure_and_responsible_division(demo):
    text = compact(pdftotext(demo.progress, first=1, last=2))
    # Theme 1: 1.1 and 1.2 are all divisions' (4 each), 1.3 and 1.4 สำนักปลัด's, 1.5 กองคลัง's: 11.
    # Reported: done (1.1 สำนักปลัด), in progress (1.1 กองคลัง), not started (1.5); the draft is not.
    assert compact("๑. กระบวนการปฏิบัติงานที่โปร่งใสและมีประสิทธิภาพ ๑๑ ๑ ๑ ๑ ๘") in text
    # Every measure: 17, of which 6 are all divisions' (4 entries each): 11 + 24 = 35.
    assert compact("รวม ๓๕ ๑ ๑ ๑ ๓๒") in text


def test_a_reported_entry_shows_what_was_done_and_by_whom(demo):
    text = flat(pdftotext(demo.progress))
    squeezed = compact(text)
    assert compact("สำนักปลัด ดำเนินการแล้วเสร็จ (ร้อยละ ๑๐๐) การดำเนินการ จัดประชุมพนักงานประจำเดือน ๖ ครั้ง") in squeezed
    assert "- ครั้งที่ ๑ วันที่ ๑๕ ต.ค. ๒๕๖๗" in text
    assert compact("ผลการดำเนินการ พนักงานทุกคนรับทราบแนวทางการปฏิบัติราชการ") in squeezed
    assert compact("หลักฐาน https://www.po.go.th/news/123 https://example.org/รายงาน-2568") in squeezed
    assert "ไฟล์ รายงานการประชุม-1-2568.pdf" in text
    assert compact("รายงานโดย สมหญิง รายงานดี เมื่อ ๒๐ มี.ค. ๒๕๖๘ ๑๐:๓๐ น.") in squeezed
    assert compact("กองคลัง อยู่ระหว่างดำเนินการ (ร้อยละ ๔๐)") in squeezed
    assert compact("ปัญหาและอุปสรรค ผู้เข้าประชุมไม่ครบองค์ประชุม") in squeezed


def test_a_division_that_has_not_reported_says_so(demo):
    text = compact(pdftotext(demo.progress))
    # 1.1 is every division's: กองช่าง saved only a draft, กองการศึกษา wrote nothing.
    section = text[text.index("๑.๑การประชุมพนักงาน"):text.index("๑.๒")]
    assert section.count("ยังไม่รายงาน") == 2
    assert "ร่างที่ยังไม่ส่ง" not in text


def test_a_round_without_any_report_renders_cleanly(plan):
    progress_round = plan.rounds.get(months=12)
    text = compact(pdftotext(progress_document(progress_round)))
    assert compact("รอบ ๑๒ เดือน (๑ ต.ค. – ๓๐ ก.ย.)") in text
    assert compact("รวม ๓๕ ๐ ๐ ๐ ๓๕") in text
    assert text.count("ยังไม่รายงาน") == 35 + 1  # each entry, and the summary's column


def test_a_measure_that_starts_after_the_round_is_not_expected_in_it(plan):
    measure = Measure.objects.get(plan=plan, theme__number=1, number=3)
    measure.start_month = datetime.date(2025, 5, 1)
    measure.save()
    context = progress_context(plan.rounds.get(months=6))
    assert context["totals"]["expected"] == "๓๔"
    row = next(m for m in context["themes"][0]["measures"] if m["code"] == "๑.๓")
    assert row["expected"] is False and row["entries"] == []
    assert progress_context(plan.rounds.get(months=12))["totals"]["expected"] == "๓๕"


def test_only_web_addresses_become_links(plan, progress):
    report = progress["round"].reports.get(division__name="สำนักปลัด")
    report.links = "https://www.po.go.th/x\njavascript:alert(document.cookie)\nftp://files.po.go.th/a"
    report.save()
    html = render_html(TEMPLATE, progress_context(progress["round"]))
    assert '<a href="https://www.po.go.th/x">' in html
    assert 'href="javascript:' not in html and 'href="ftp:' not in html
    assert "javascript:alert(document.cookie)" in html  # still listed, as text
