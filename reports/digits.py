"""One digit choice for a whole document, applied to its data before the template sees it."""
from __future__ import annotations

from itaportal import thai


class Verbatim(str):
    """Text kept exactly as typed, whatever the document's digits: URLs and file names."""


def localize(value, *, thai_digits: bool):
    """Every string in the document data, with Thai or Arabic digits (stored paragraphs too)."""
    if isinstance(value, Verbatim):
        return str(value)
    if isinstance(value, str):
        return thai.digits(value, thai=thai_digits)
    if isinstance(value, dict):
        return {key: localize(item, thai_digits=thai_digits) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [localize(item, thai_digits=thai_digits) for item in value]
    return value
