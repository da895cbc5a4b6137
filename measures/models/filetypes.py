"""What an evidence file really is, read from its first bytes: the name and extension are the uploader's word."""
from __future__ import annotations

import zipfile
from dataclasses import dataclass

# [Content_Types].xml is a few kilobytes; reading more than this would let a crafted zip exhaust memory.
CONTENT_TYPES_LIMIT = 256 * 1024


@dataclass(frozen=True)
class FileType:
    extension: str
    content_type: str
    inline: bool  # safe to show in the browser; office files are always downloaded


PDF = FileType(".pdf", "application/pdf", True)
PNG = FileType(".png", "image/png", True)
JPEG = FileType(".jpg", "image/jpeg", True)
GIF = FileType(".gif", "image/gif", True)
WEBP = FileType(".webp", "image/webp", True)
DOCX = FileType(".docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", False)
XLSX = FileType(".xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", False)
ALL = [PDF, PNG, JPEG, GIF, WEBP, DOCX, XLSX]
BY_EXTENSION = {file_type.extension: file_type for file_type in ALL}

_OFFICE = [
    (DOCX, "word/document.xml", b"wordprocessingml.document.main+xml"),
    (XLSX, "xl/workbook.xml", b"spreadsheetml.sheet.main+xml"),
]


def detect(upload) -> FileType | None:
    """The type of an uploaded file by its content, or None when it is not one we accept."""
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    try:
        if head.startswith(b"%PDF-"):
            return PDF
        if head.startswith(b"\x89PNG\r\n\x1a\n"):
            return PNG
        if head.startswith(b"\xff\xd8\xff"):
            return JPEG
        if head[:6] in (b"GIF87a", b"GIF89a"):
            return GIF
        if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
            return WEBP
        if head.startswith(b"PK\x03\x04"):
            return _office(upload)
        return None
    finally:
        upload.seek(0)


def _office(upload) -> FileType | None:
    """DOCX and XLSX are zip packages: the declared main part and the part itself must both be there."""
    try:
        with zipfile.ZipFile(upload) as package:
            names = set(package.namelist())
            if "[Content_Types].xml" not in names:
                return None
            with package.open("[Content_Types].xml") as f:
                content_types = f.read(CONTENT_TYPES_LIMIT)
    except (zipfile.BadZipFile, OSError, KeyError, RuntimeError, NotImplementedError):
        return None
    for file_type, part, declared in _OFFICE:
        if part in names and declared in content_types:
            return file_type
    return None


def for_name(name: str) -> FileType | None:
    """The type of a stored evidence file: its name was given from the detected type, never by the uploader."""
    dot = name.rfind(".")
    return BY_EXTENSION.get(name[dot:].lower()) if dot >= 0 else None
