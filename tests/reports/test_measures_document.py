"""The annual measures document of the demo agency, read from the PDF bytes: pages, font, every
figure and measure in the text layer, landscape pages for the measures table, page numbers."""
from __future__ import annotations

from io import BytesIO

from pypdf import PdfReader

from itaportal.thai import thai_digits
from tests.reports.conftest import compact, flat, pdffonts, pdftotext


def reader(demo):
    return PdfReader(BytesIO(demo.measures))


def test_it_has_a_plausible_number_of_pages(demo):
    assert 12 <= len(reader(demo).pages) <= 40


def test_it_embeds_sarabun_and_no_other_font(demo):
    rows = pdffonts(demo.measures).splitlines()[2:]
    assert rows, "no font in the PDF"
    for row in rows:
        name, *_, embedded, subset, unicode, _obj, _gen = row.split()
        assert "Sarabun" in name and embedded == "yes" and unicode == "yes", row


def test_every_measure_title_is_in_the_text_verbatim(demo, demo_text):
    text = compact(demo_text)
    assert len(demo.titles) == 17
    for title in demo.titles:
        assert compact(thai_digits(title)) in text, title


def test_every_published_figure_is_there_in_thai_digits(demo, demo_text):
    text = flat(demo_text)
    figures = [*demo.indicator_scores, *demo.tool_scores, demo.overall]
    assert len(figures) == 14 and "92.40" in figures
    for figure in figures:
        assert thai_digits(figure) in text, figure


def test_every_item_score_stands_next_to_its_item(demo, demo_text):
    text = flat(demo_text)
    assert len(demo.item_scores) == 59
    for code, score in demo.item_scores.items():
        assert thai_digits(code) in text, code
        assert thai_digits(score) in text, (code, score)
    assert "O๑๗" in text and "๐.๐๐" in text  # a failed OIT item shows 0.00, as the seed does


def test_it_states_the_level_the_target_and_the_change(demo_text):
    text = flat(demo_text)
    assert "ระดับผลการประเมิน A" in text
    assert "ผ่าน บรรลุค่าเป้าหมาย" in text
    assert "ปี พ.ศ. ๒๕๖๖ ปี พ.ศ. ๒๕๖๗" in text
    assert "๘๔.๗๘ ๙๒.๔๐ สูงขึ้น ๗.๖๒ คะแนน" in text


def test_its_parts_come_in_the_order_of_the_seed_document(demo_text):
    text = flat(demo_text)
    headings = [
        "ประจำปีงบประมาณ พ.ศ. ๒๕๖๘",
        "๑. ผลการประเมิน ITA ขององค์การบริหารส่วนตำบลปอ ปีงบประมาณ พ.ศ. ๒๕๖๗",
        "๒. การวิเคราะห์ผลการประเมินคุณธรรมและความโปร่งใส",
        *[f"๒.{thai_digits(n)} " for n in range(1, 8)],
        "๓. มาตรการในการส่งเสริมคุณธรรมและความโปร่งใส ประจำปีงบประมาณ พ.ศ. ๒๕๖๘",
        "๔. ข้อจำกัดของหน่วยงาน",
        "ข้อเสนอแนะ/แนวทางในการจัดการกับข้อจำกัด (ถ้ามี)",
        "ประกาศ ณ วันที่ ๒ กุมภาพันธ์ พ.ศ. ๒๕๖๘",
        "(นายสมชาย ตัวอย่าง)",
        "นายกองค์การบริหารส่วนตำบลปอ",
    ]
    positions = [text.find(heading) for heading in headings]
    assert -1 not in positions, [h for h, p in zip(headings, positions) if p == -1]
    assert positions == sorted(positions)


def test_the_measures_table_reads_like_the_seed(demo_text):
    text = compact(demo_text)
    assert compact(
        "มาตรการ/แนวทางการกำหนดวิธีการนำผลวิเคราะห์ไปสู่การปฏิบัติ ขั้นตอน/วิธีดำเนินการ ผู้รับผิดชอบ"
        " ระยะเวลาดำเนินการ การติดตามประเมินผล"
    ) in text
    assert compact("๑. กระบวนการปฏิบัติงานที่โปร่งใสและมีประสิทธิภาพ ๑.๑ การประชุมพนักงาน") in text
    assert compact("ทุกสำนัก/กอง ต.ค. ๒๕๖๗ - ก.ย. ๒๕๖๘") in text
    assert text.count(compact("ต.ค. ๒๕๖๗ - ก.ย. ๒๕๖๘")) == 17


def test_the_measures_table_is_on_landscape_pages_and_the_rest_is_portrait(demo):
    pages = reader(demo).pages
    landscape = [n for n, page in enumerate(pages, 1) if page.mediabox.width > page.mediabox.height]
    assert landscape, "no landscape page"
    assert landscape == list(range(landscape[0], landscape[-1] + 1)), "landscape pages are not together"
    assert landscape[0] > 2 and landscape[-1] < len(pages)
    assert "การประชุมพนักงาน" in pdftotext(demo.measures, first=landscape[0], last=landscape[0])
    for number in landscape:  # the head of the table repeats on each page
        assert "ระยะเวลาดำเนินการ" in compact(pdftotext(demo.measures, first=number, last=number)), number


def test_pages_are_a4(demo):
    for page in reader(demo).pages:
        assert sorted((round(page.mediabox.width), round(page.mediabox.height))) == [595, 842]


def test_page_numbers_start_on_page_two(demo):
    first, second = (pdftotext(demo.measures, first=n, last=n) for n in (1, 2))
    assert "- ๒ -" in second.splitlines()
    assert not any(line.startswith("- ") and line.endswith(" -") for line in first.splitlines())


def test_its_metadata_name_the_document_and_the_agency(demo):
    pdf = reader(demo)
    assert pdf.metadata.title.startswith("มาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน องค์การบริหารส่วนตำบลปอ")
    assert pdf.metadata.author == "องค์การบริหารส่วนตำบลปอ"
    assert pdf.trailer["/Root"]["/Lang"] == "th"


def test_its_bookmarks_are_the_parts_and_the_themes(demo):
    outline = reader(demo).outline
    parts = [item.title for item in outline if not isinstance(item, list)]
    assert [title[:2] for title in parts] == ["๑.", "๒.", "๓.", "๔."]
    themes = next(item for item in outline if isinstance(item, list))
    assert [theme.title[:4] for theme in themes] == [f"๒.{thai_digits(n)} " for n in range(1, 8)]
