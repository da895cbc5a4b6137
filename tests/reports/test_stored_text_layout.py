"""Stored paragraphs are laid out as the documents write them: a blank line ends a paragraph,
each line of a paragraph stands on its own, and lines starting with "- " are a list."""
from __future__ import annotations

from reports.text import lines, text_blocks


def test_blank_lines_separate_paragraphs_and_each_line_stands_alone():
    text = "วิเคราะห์ โดยพิจารณาจาก\n๑. ข้อแรก (I๑๐)\n๒. ข้อสอง\n\nแต่ยังคงต้องป้องกัน"
    assert text_blocks(text) == [
        {"kind": "paragraph", "text": "วิเคราะห์ โดยพิจารณาจาก"},
        {"kind": "paragraph", "text": "๑. ข้อแรก (I๑๐)"},
        {"kind": "paragraph", "text": "๒. ข้อสอง"},
        {"kind": "paragraph", "text": "แต่ยังคงต้องป้องกัน"},
    ]


def test_dash_lines_are_one_list_until_another_line_or_paragraph():
    text = "ใน ๔ กระบวนงาน คือ\n- (๑) การอนุมัติ อนุญาต\n- (๒) การจัดซื้อจัดจ้าง\n\n- อีกรายการ"
    assert text_blocks(text) == [
        {"kind": "paragraph", "text": "ใน ๔ กระบวนงาน คือ"},
        {"kind": "list", "items": ["(๑) การอนุมัติ อนุญาต", "(๒) การจัดซื้อจัดจ้าง"]},
        {"kind": "list", "items": ["อีกรายการ"]},
    ]


def test_empty_text_has_no_blocks_and_blank_lines_are_dropped():
    assert text_blocks("") == []
    assert text_blocks("  \n\n \n") == []
    assert lines(" ก \n\n ข ") == ["ก", "ข"]
