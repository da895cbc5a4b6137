"""The ITA scores of the plan's assessment and the year before, indicator by indicator, as bar rows."""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from assessments.models import Assessment
from assessments.scoring import compute


@dataclass
class Bar:
    year: int
    value: Decimal | None
    latest: bool = False

    @property
    def width(self) -> str:
        # A CSS percentage: always a dot, whatever the locale formats numbers with.
        return f"{max(Decimal(0), min(self.value or 0, Decimal(100))):.2f}"


@dataclass
class Row:
    code: str
    label: str
    bars: list[Bar]
    overall: bool = False


def published(figure) -> Decimal | None:
    """The figure the NACC published, else the one computed from the level below."""
    if figure is None:
        return None
    return figure.reported if figure.reported is not None else figure.computed


def score_chart(assessment: Assessment | None) -> dict | None:
    if assessment is None:
        return None
    previous = assessment.previous()
    assessments = [a for a in (previous, assessment) if a is not None]
    figures = {a.year: {(f.level, f.code): f for f in compute(a).figures} for a in assessments}
    years = [a.year for a in assessments]

    def bars(level: str, code: str) -> list[Bar]:
        # A year published without indicator figures (only its overall score) gets no empty bar.
        found = [Bar(year, published(figures[year].get((level, code))), year == assessment.year) for year in years]
        return [bar for bar in found if bar.value is not None or bar.latest]

    overall = [Bar(a.year, a.score(), a.year == assessment.year) for a in assessments]
    rows = [Row("", "", overall, overall=True)]
    for indicator in assessment.framework.indicators.select_related("tool"):
        rows.append(Row(indicator.tool.code, f"{indicator.number}. {indicator.name}",
                        bars("indicator", str(indicator.number))))
    level = assessment.level()
    change = assessment.change()
    return {
        "assessment": assessment,
        "years": years,
        "rows": rows,
        "score": assessment.score(),
        "level": level.code if level else "",
        "passed": assessment.passed(),
        "change": change,
        "change_size": abs(change) if change is not None else None,
        "pass_mark": f"{assessment.framework.pass_mark:.2f}",
    }
