"""Stored text as the documents lay it out: paragraphs, lines, and lists written with "- "."""
from __future__ import annotations

LIST_MARK = "- "


def blocks(paragraphs: list[str]) -> list[dict]:
    """Each line is a paragraph of its own ("๑. …" points stand on their own line, indented like
    the text); a run of lines starting with "- " within one paragraph is one list."""
    result: list[dict] = []
    for paragraph in paragraphs:
        current_list = None
        for line in lines(paragraph):
            if line.startswith(LIST_MARK):
                if current_list is None:
                    current_list = {"kind": "list", "items": []}
                    result.append(current_list)
                current_list["items"].append(line[len(LIST_MARK):].strip())
            else:
                current_list = None
                result.append({"kind": "paragraph", "text": line})
    return result


def text_blocks(text: str) -> list[dict]:
    """Paragraphs separated by a blank line, as Theme.paragraphs() reads them."""
    return blocks([part.strip() for part in text.split("\n\n") if part.strip()])


def lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]
