"""The agency's ITA scores as bar rows and a table: the plan's assessment and the year before, or every year
the agency has (the dashboard), indicator by indicator.

Indicators are matched across years by number and labelled from the plan's assessment framework; tools by
code. Each assessment is computed once, on frameworks whose tools, indicators and bands are prefetched, so
a year costs the few queries of `scoring.compute` and no more.
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Prefetch

from assessments.models import Assessment, Indicator
from assessments.rating import Rating
from assessments.scoring import Computation, compute
from itaportal import thai


@dataclass
class Bar:
    year: int
    value: Decimal | None
    latest: bool = False
    change: Decimal | None = None  # from the agency's assessment of the year before

    @property
    def width(self) -> str:
        # A CSS percentage: always a dot, whatever the locale formats numbers with.
        return f"{max(Decimal(0), min(self.value or 0, Decimal(100))):.2f}"

    @property
    def change_text(self) -> str:
        """"+1.25" / "−0.50" (a minus sign, not a hyphen); empty when there is nothing to compare."""
        if self.change is None:
            return ""
        return f"+{thai.score(self.change)}" if self.change >= 0 else f"\u2212{thai.score(-self.change)}"


@dataclass
class Row:
    code: str
    label: str
    cells: list[Bar]  # one per year, with or without a figure
    overall: bool = False
    tool: bool = False

    @property
    def bars(self) -> list[Bar]:
        # A year published without this figure (ITA 2566 gave its overall score only) gets no empty bar.
        return [bar for bar in self.cells if bar.value is not None or bar.latest]


@dataclass
class Year:
    assessment: Assessment
    computation: Computation
    figures: dict
    rating: Rating | None

    @property
    def year(self) -> int:
        return self.assessment.year


def published(figure) -> Decimal | None:
    """The figure the NACC published, else the one computed from the level below, as published."""
    return None if figure is None else figure.published


def agency_years(assessment: Assessment, *, every_year: bool) -> list[Assessment]:
    found = Assessment.objects.filter(organization_id=assessment.organization_id)
    if not every_year:
        found = found.filter(year__in=[assessment.year - 1, assessment.year])
    return list(
        found.select_related("framework").prefetch_related(
            "framework__tools", "framework__bands",
            Prefetch("framework__indicators", Indicator.objects.select_related("tool")),
        ).order_by("year")
    )


def year_of(assessment: Assessment) -> Year:
    computation = compute(assessment)
    figures = {(f.level, f.code): f for f in computation.figures}
    return Year(assessment, computation, figures, assessment.rating(computation))


def score_chart(assessment: Assessment | None, *, every_year: bool = False) -> dict | None:
    """The plan's assessment and the year before; with `every_year`, every assessment of the agency, oldest
    first, with a row for each tool and, per figure, its change from the year before."""
    if assessment is None:
        return None
    years = [year_of(a) for a in agency_years(assessment, every_year=every_year)]
    by_year = {y.year: y for y in years}
    current = by_year[assessment.year]
    assessment = current.assessment

    def cells(level: str, code: str) -> list[Bar]:
        found = []
        for y in years:
            value = published(y.figures.get((level, code)))
            before = by_year.get(y.year - 1)
            previous = published(before.figures.get((level, code))) if before else None
            change = value - previous if value is not None and previous is not None else None
            found.append(Bar(y.year, value, y.year == assessment.year, change))
        return found

    framework = assessment.framework
    rows = [Row("", "", cells("overall", "overall"), overall=True)]
    if every_year:
        rows += [Row(tool.code, tool.name, cells("tool", tool.code), tool=True) for tool in framework.tools.all()]
    rows += [
        Row(indicator.tool.code, f"{indicator.number}. {indicator.name}", cells("indicator", str(indicator.number)))
        for indicator in framework.indicators.all()
    ]
    score = assessment.overall if assessment.overall is not None else current.computation.overall
    previous = by_year.get(assessment.year - 1)
    previous_score = None
    if previous is not None:
        previous_score = previous.assessment.overall
        if previous_score is None:
            previous_score = previous.computation.overall
    change = score - previous_score if score is not None and previous_score is not None else None
    rating = current.rating
    return {
        "assessment": assessment,
        "years": [y.year for y in years],
        "rows": rows,
        "ratings": [y.rating for y in years],
        "every_year": every_year,
        "score": score,
        "level": rating.code if rating else "",
        "rating": rating,
        "passed": framework.passes(score),
        "change": change,
        "change_size": abs(change) if change is not None else None,
        "pass_mark": f"{framework.pass_mark:.2f}",
    }
