"""Score rules: build each level of an assessment from the level below by its framework's rules.

Computation runs bottom-up from the most detailed figures the agency has: items -> sub-indicators
-> indicators -> tools -> overall. A level is computed from the *computed* values of the level
below where those can be computed, and falls back to the reported figure where they cannot (an
EIT indicator is weighted over respondents, so its rule is REPORTED). A part whose children are not
all known is not computed. A reported figure is flagged when it differs from the computed one,
rounded to two decimals as published, by more than 0.01.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from assessments.models import (
    Assessment,
    IndicatorScore,
    Item,
    ItemScore,
    Rule,
    SubIndicator,
    SubIndicatorScore,
    ToolScore,
)

CENT = Decimal("0.01")
TOLERANCE = Decimal("0.01")
HUNDRED = Decimal("100")


def round2(value: Decimal | None) -> Decimal | None:
    return None if value is None else value.quantize(CENT)


@dataclass
class Figure:
    level: str  # "overall", "tool", "indicator", "subindicator"
    code: str
    name: str
    reported: Decimal | None
    computed: Decimal | None

    @property
    def value(self) -> Decimal | None:
        return self.computed if self.computed is not None else self.reported

    @property
    def published(self) -> Decimal | None:
        """The figure the NACC published, else the one computed from the level below, as published."""
        return self.reported if self.reported is not None else round2(self.computed)

    @property
    def disagrees(self) -> bool:
        if self.reported is None or self.computed is None:
            return False
        return abs(self.reported - round2(self.computed)) > TOLERANCE


@dataclass
class Computation:
    figures: list[Figure] = field(default_factory=list)

    def get(self, level: str, code: str) -> Figure:
        for figure in self.figures:
            if figure.level == level and figure.code == code:
                return figure
        raise KeyError((level, code))

    @property
    def overall(self) -> Decimal | None:
        return self.get("overall", "overall").computed

    def disagreements(self) -> list[Figure]:
        return [figure for figure in self.figures if figure.disagrees]


def aggregate(rule: str, values: list[Decimal | None]) -> Decimal | None:
    if rule == Rule.REPORTED or not values or any(v is None for v in values):
        return None
    if rule == Rule.PASS_SHARE:
        return HUNDRED * sum(1 for v in values if v >= HUNDRED) / len(values)
    return sum(values) / len(values)


def compute(assessment: Assessment) -> Computation:
    framework = assessment.framework
    tools = list(framework.tools.all())
    indicators = list(framework.indicators.all())
    subindicators = list(SubIndicator.objects.filter(indicator__framework=framework))
    items = list(Item.objects.filter(framework=framework).only("id", "indicator_id", "subindicator_id"))

    item_scores = dict(ItemScore.objects.filter(assessment=assessment).values_list("item_id", "score"))
    sub_reported = dict(
        SubIndicatorScore.objects.filter(assessment=assessment).values_list("subindicator_id", "score")
    )
    indicator_reported = dict(
        IndicatorScore.objects.filter(assessment=assessment).values_list("indicator_id", "score")
    )
    tool_reported = dict(ToolScore.objects.filter(assessment=assessment).values_list("tool_id", "score"))

    items_of_sub = defaultdict(list)
    items_of_indicator = defaultdict(list)
    for item in items:
        if item.subindicator_id:
            items_of_sub[item.subindicator_id].append(item_scores.get(item.id))
        else:
            items_of_indicator[item.indicator_id].append(item_scores.get(item.id))

    result = Computation()
    subs_of_indicator = defaultdict(list)
    sub_figures = []
    for sub in subindicators:
        figure = Figure(
            "subindicator", sub.code, sub.name, sub_reported.get(sub.id),
            aggregate(sub.rule, items_of_sub[sub.id]),
        )
        subs_of_indicator[sub.indicator_id].append(figure.value)
        sub_figures.append(figure)

    indicators_of_tool = defaultdict(list)
    indicator_figures = []
    for indicator in indicators:
        children = subs_of_indicator.get(indicator.id) or items_of_indicator[indicator.id]
        figure = Figure(
            "indicator", str(indicator.number), indicator.name,
            indicator_reported.get(indicator.id), aggregate(indicator.rule, children),
        )
        indicators_of_tool[indicator.tool_id].append(figure.value)
        indicator_figures.append(figure)

    tool_figures = [
        Figure("tool", tool.code, tool.name, tool_reported.get(tool.id),
               aggregate(tool.rule, indicators_of_tool[tool.id]))
        for tool in tools
    ]
    overall = None
    if tool_figures and all(f.value is not None for f in tool_figures):
        total_weight = sum(tool.weight for tool in tools)
        if total_weight:
            overall = sum(t.weight * f.value for t, f in zip(tools, tool_figures)) / total_weight
    result.figures = [
        Figure("overall", "overall", "overall", assessment.overall, overall),
        *tool_figures,
        *indicator_figures,
        *sub_figures,
    ]
    return result
