"""An exact text layer for Thai PDFs made by WeasyPrint 70.0.

Why: a PDF maps each *character code* to text through the font's ToUnicode CMap. WeasyPrint uses
the glyph id as the code and maps it to the text it was drawn with the first time (issue #2841).
HarfBuzz draws ำ (U+0E33) as two glyphs, nikhahit + sara aa, and sara aa is also the glyph of า:
so once "การ" is drawn, every "ตำบล" copies and searches as "ตาบล"; after "น้ำ" the tone mark
and ำ share one cluster and are lost the same way.

How: while our documents are drawn (and only then), each line's glyphs are re-read as units of
a spacing glyph and the zero-width marks drawn over it: the spacing glyph stands for the unit's
whole text, the marks for nothing. A glyph already mapped to another text is drawn under an
*alias code*: an unused code whose ToUnicode entry is the right text and whose CIDToGIDMap entry
points back at the real glyph, so it looks the same and extracts exactly (pdftotext, pypdf,
copy/paste). The finisher passed to ``write_pdf`` writes that CIDToGIDMap, which WeasyPrint
leaves as /Identity.

Pinned to WeasyPrint 70.0: it wraps ``weasyprint.draw.text.draw_first_line``, reads Pango glyph
strings the way that function does, and fills ``Font.to_unicode`` / ``Font.widths`` before it
looks at them. ``check_internals`` refuses to run on anything else; tests/reports/test_text_layer.py
renders the hard cases and compares what pdftotext and pypdf extract.
"""
from __future__ import annotations

import contextlib
import contextvars
import logging

import pydyf
import weasyprint
import weasyprint.draw.text as draw_text
from weasyprint.pdf.fonts import Font
from weasyprint.text.ffi import FROM_UNITS, ffi, pango
from weasyprint.text.line_break import Layout

logger = logging.getLogger(__name__)

PINNED_VERSION = "70.0"
TOP_ALIAS = 0xFFFE  # 0xFFFF is where WeasyPrint parks missing glyphs once it runs out of codes
_active = contextvars.ContextVar("exact_text_layer", default=False)
_original_draw_first_line = draw_text.draw_first_line


class InternalsChanged(RuntimeError):
    """WeasyPrint is not the version this fix was written for: check it again before use."""


def check_internals() -> None:
    problems = []
    if weasyprint.__version__ != PINNED_VERSION:
        problems.append(f"WeasyPrint {weasyprint.__version__} installed, written for {PINNED_VERSION}")
    if not callable(getattr(draw_text, "draw_first_line", None)):
        problems.append("weasyprint.draw.text.draw_first_line is gone")
    if not callable(getattr(Layout, "get_first_line", None)):
        problems.append("Layout.get_first_line is gone")
    for name in ("to_unicode", "widths", "glyph_count", "missing", "bitmap", "hash", "name"):
        if name not in Font.__init__.__code__.co_names:
            problems.append(f"Font.{name} is gone")
    if problems:
        raise InternalsChanged("; ".join(problems))


class Aliases:
    """Alias codes of one font file: (glyph, text, width) -> code, and code -> glyph."""

    def __init__(self):
        self.codes: dict[tuple[int, str, int], int] = {}
        self.glyphs: dict[int, int] = {}

    def glyph(self, code: int) -> int:
        return self.glyphs.get(code, code)

    def add(self, font: Font, key: tuple[int, str, int]) -> int | None:
        code = TOP_ALIAS - len(self.glyphs)
        if code <= font.glyph_count + len(font.missing):
            return None
        self.codes[key] = code
        self.glyphs[code] = key[0]
        return code


def _aliases(font: Font, fonts: dict) -> Aliases:
    """One alias table per font file, shared by WeasyPrint's Font objects for that file."""
    table = getattr(font, "_exact_aliases", None)
    if table is None:
        table = next(
            (other._exact_aliases for other in fonts.values()
             if other.hash == font.hash and hasattr(other, "_exact_aliases")),
            Aliases(),
        )
        font._exact_aliases = table
    return table


def _width(font: Font, pango_font, glyph: int, font_size: float, stream) -> int:
    """The glyph's width in PDF units, computed as draw_first_line computes it."""
    if glyph not in font.widths:
        pango.pango_font_get_glyph_extents(pango_font, glyph, stream.ink_rect, stream.logical_rect)
        font.widths[glyph] = round(stream.logical_rect.width * 1000 * FROM_UNITS / font_size)
    return font.widths[glyph]


def _code(font: Font, table: Aliases, glyph: int, text: str, width: int) -> int:
    """The code to draw ``glyph`` with: the glyph id itself while its text and width agree."""
    mapped = font.to_unicode.get(glyph)
    if mapped is None and font.widths[glyph] == width:
        font.to_unicode[glyph] = text
        return glyph
    if mapped == text and font.widths[glyph] == width:
        return glyph
    code = table.codes.get((glyph, text, width)) or table.add(font, (glyph, text, width))
    if code is None:
        logger.warning("No alias code left in %s: its text layer may be inexact.", font.family)
        return glyph
    font.to_unicode[code] = text
    font.widths[code] = width
    # Subsetting keeps the glyphs that have a code of their own: make sure the real one has.
    font.to_unicode.setdefault(glyph, text)
    return code


def _drawable(glyph: int) -> bool:
    return glyph != pango.PANGO_GLYPH_EMPTY and not glyph & pango.PANGO_GLYPH_UNKNOWN_FLAG


def _remap_line(stream, textbox, line) -> None:
    utf8 = textbox.pango_layout.text.encode()
    run = line.runs
    while run != ffi.NULL:
        glyph_item, run = run.data, run.next
        if glyph_item.item.analysis.level % 2:
            continue  # right-to-left runs keep WeasyPrint's mapping
        pango_font = glyph_item.item.analysis.font
        font, font_size = stream.add_font(pango_font)
        if font.bitmap or font.type == "otf" or font.png or font.svg:
            continue  # CIDToGIDMap exists only for TrueType CID fonts
        if pango.pango_version() < 14802:
            font_size = textbox.style["font_size"]
        table = _aliases(font, stream._fonts)
        glyphs = glyph_item.glyphs
        infos, clusters = glyphs.glyphs, glyphs.log_clusters
        # Read each glyph once: cdata access is the slow part of this loop.
        drawn = []
        for k in range(glyphs.num_glyphs):
            info = infos[k]
            if _drawable(info.glyph):
                geometry = info.geometry
                drawn.append((k, info.glyph, geometry.width, geometry.x_offset))
        offset, length = glyph_item.item.offset, glyph_item.item.length
        for unit, next_unit in _units(drawn):
            stop = length if next_unit is None else clusters[next_unit]
            text = utf8[offset + clusters[unit[0][0]]:offset + stop].decode()
            for k, code, _, x_offset in unit:
                glyph = table.glyph(code)
                width = _width(font, pango_font, glyph, font_size, stream)
                if x_offset < 0:
                    # A mark drawn left of its pen position (ปั้ม) is followed by a TJ gap that
                    # moves the pen back; pypdf reads that gap as a space. Its alias advances by
                    # the shift instead: the same drawing, and no gap.
                    width = round(width - x_offset / font_size)
                new_code = _code(font, table, glyph, text if k == unit[0][0] else "", width)
                if new_code != code:
                    infos[k].glyph = new_code


def _units(drawn: list[tuple]):
    """Glyphs grouped as a spacing glyph and the zero-width marks drawn after it.

    The spacing glyph carries the text of the whole unit: Thai vowel and tone marks are shifted
    left above their consonant (ปั้ม), and text given to a mark is placed there, so pdftotext and
    pypdf see a gap after it and read a space. Units follow Pango's clusters, which are monotone
    left to right: ำ is nikhahit (a mark, joins the consonant's unit, empty) + sara aa (carries ำ).
    """
    units: list[list[tuple]] = []
    for glyph in drawn:
        if units and glyph[2] == 0:
            units[-1].append(glyph)
        else:
            units.append([glyph])
    for index, unit in enumerate(units):
        yield unit, units[index + 1][0][0] if index + 1 < len(units) else None


def _draw_first_line(stream, textbox, *args, **kwargs):
    if not _active.get():
        return _original_draw_first_line(stream, textbox, *args, **kwargs)
    layout = textbox.pango_layout
    get_first_line = layout.get_first_line

    def remapped_first_line():
        line, index = get_first_line()
        _remap_line(stream, textbox, line)
        return line, index

    layout.get_first_line = remapped_first_line
    try:
        return _original_draw_first_line(stream, textbox, *args, **kwargs)
    finally:
        del layout.get_first_line


def _cid_to_gid_map(table: Aliases, glyph_count: int) -> bytes:
    last = max(table.glyphs)
    gids = bytearray(2 * (last + 1))
    for cid in range(min(glyph_count, last + 1)):
        gids[2 * cid:2 * cid + 2] = cid.to_bytes(2, "big")
    for code, glyph in table.glyphs.items():
        gids[2 * code:2 * code + 2] = glyph.to_bytes(2, "big")
    return bytes(gids)


def finisher(document, pdf) -> None:
    """Points each font's alias codes at their glyphs (a CIDToGIDMap stream instead of /Identity)."""
    maps = {}
    for font in document.fonts.values():
        table = getattr(font, "_exact_aliases", None)
        if table and table.glyphs:
            maps[font.name] = (table, font.glyph_count)
    found = set()
    for obj in list(pdf.objects):
        if not isinstance(obj, pydyf.Dictionary) or obj.get("Subtype") != "/CIDFontType2":
            continue
        name = obj.get("BaseFont")
        if name not in maps:
            continue
        if obj.get("CIDToGIDMap") != "/Identity":
            raise InternalsChanged(f"unexpected CIDToGIDMap {obj.get('CIDToGIDMap')!r} for {name!r}")
        stream = pydyf.Stream([_cid_to_gid_map(*maps[name])], compress=True)
        pdf.add_object(stream)
        obj["CIDToGIDMap"] = stream.reference
        found.add(name)
    if missing := set(maps) - found:
        raise InternalsChanged(f"no CID font dictionary for {sorted(missing)!r}")


@contextlib.contextmanager
def exact_text():
    """Within the block, WeasyPrint draws with exact mappings; pass ``finisher`` to write_pdf."""
    token = _active.set(True)
    try:
        yield finisher
    finally:
        _active.reset(token)


def install() -> None:
    check_internals()
    draw_text.draw_first_line = _draw_first_line
