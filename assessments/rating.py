"""An assessment's rating by its framework's bands, with the rule that decided it.

Bands are tried from the highest minimum down. A band is awarded when the overall score reaches its
minimum and, where it sets a tool minimum, every tool does too: the five levels used since ITA 2568
(ผ่านดีเยี่ยม and ผ่านดี need every tool at 95 / 85) are rows of data, as are the AA–F bands of earlier
years, which have no tool minimum. A tool with no score cannot meet a minimum.
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext

from itaportal import thai

CENT = Decimal("0.01")


@dataclass(frozen=True)
class Rating:
    band: object  # assessments.models.Band
    reason: str

    @property
    def code(self) -> str:
        return self.band.code

    def __str__(self) -> str:
        return f"{self.band.code} — {self.reason}"


def whole(value: Decimal) -> str:
    """85.00 -> "85": the thresholds are written as whole numbers when they are."""
    return thai.score(value).removesuffix(".00")


def rate(bands: list, overall: Decimal | None, tools: dict[str, Decimal | None]) -> Rating | None:
    """`tools` maps each tool's code to its score. Of two bands with the same overall minimum, the one that
    also asks a tool minimum is tried first (ผ่านดี before ผ่าน), whatever order the database returns."""
    if overall is None:
        return None
    bands = sorted(bands, key=lambda b: (b.min_score, b.tool_min is not None, b.tool_min or 0), reverse=True)
    shortfall: list[str] = []  # why the nearest band above, whose overall minimum was met, was missed
    for position, band in enumerate(bands):
        if overall < band.min_score:
            continue
        if band.tool_min is not None:
            low = below(tools, band.tool_min)
            if low or not tools:
                shortfall = low or [gettext("no tool scores")]
                continue
        if shortfall:
            return Rating(band, ", ".join(shortfall))
        if band.tool_min is not None:
            return Rating(band, gettext("overall and every tool at %(min)s or more") % {"min": whole(band.tool_min)})
        return Rating(band, overall_range(overall, band, bands[:position]))
    return None


def below(tools: dict[str, Decimal | None], minimum: Decimal) -> list[str]:
    low = []
    for code, score in tools.items():
        if score is None:
            low.append(gettext("no %(tool)s score") % {"tool": code})
        elif score < minimum:
            low.append(gettext("%(tool)s %(score)s below %(min)s")
                       % {"tool": code, "score": thai.score(score), "min": whole(minimum)})
    return low


def overall_range(overall: Decimal, band, higher: list) -> str:
    values = {"score": thai.score(overall), "min": whole(band.min_score)}
    ceilings = [b.min_score for b in higher if b.min_score > band.min_score]
    if not ceilings:
        return gettext("overall %(score)s, %(min)s or more") % values
    values["max"] = thai.score(min(ceilings) - CENT)
    if band.min_score <= 0:
        return gettext("overall %(score)s, below %(ceiling)s") % {**values, "ceiling": whole(min(ceilings))}
    return gettext("overall %(score)s, %(min)s–%(max)s") % values
