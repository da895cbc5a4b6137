"""The items of a plan's assessment below the pass mark, and the measures that answer each one.

A measure answers an item when its theme cites the item (ThemeItem). Three queries whatever the
number of items: the item scores, the plan's citations, the plan's measures.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from assessments.models import Item, ItemScore
from measures.models import Measure, Plan, ThemeItem

PASSED = Decimal("100")  # a pass/fail item scores 100 (passed) or 0 (not passed)


@dataclass(frozen=True)
class WeakItem:
    item: Item
    score: Decimal
    measures: list[Measure] = field(default_factory=list)

    @property
    def code(self) -> str:
        return self.item.code

    @property
    def tool(self) -> str:
        return self.item.indicator.tool.code

    @property
    def unanswered(self) -> bool:
        return not self.measures

    @property
    def measure_codes(self) -> list[str]:
        return [measure.code for measure in self.measures]


def is_weak(item: Item, score: Decimal, pass_mark: Decimal) -> bool:
    """Below the pass mark; a pass/fail item is weak when not passed, whatever the pass mark."""
    return score < (PASSED if item.kind == Item.Kind.PASS_FAIL else pass_mark)


def weak_items(plan: Plan) -> list[WeakItem]:
    """Scored items of the plan's assessment below the pass mark, in the framework's item order,
    each with the measures (by code) of every theme that cites it. Unscored items are left out."""
    assessment = plan.assessment
    if assessment is None:
        return []
    pass_mark = assessment.framework.pass_mark
    scores = [
        item_score for item_score in ItemScore.objects.filter(assessment=assessment)
        .select_related("item__indicator__tool").order_by("item__order", "item__code")
        if is_weak(item_score.item, item_score.score, pass_mark)
    ]
    if not scores:
        return []
    themes_by_item: dict[int, set[int]] = {}
    for item_id, theme_id in ThemeItem.objects.filter(
        theme__plan=plan, item__in=[s.item_id for s in scores]
    ).values_list("item_id", "theme_id"):
        themes_by_item.setdefault(item_id, set()).add(theme_id)
    measures = list(Measure.objects.filter(plan=plan).select_related("theme").order_by("theme__number", "number"))
    return [
        WeakItem(
            item=s.item, score=s.score,
            measures=[m for m in measures if m.theme_id in themes_by_item.get(s.item_id, ())],
        )
        for s in scores
    ]
