"""Everything the annual measures document shows, as plain data (the cache key is its hash)."""
from __future__ import annotations

from django.utils import translation

from assessments.models import Assessment, Item, ItemScore
from assessments.scoring import compute
from itaportal import thai
from measures.models import Measure, Plan, ThemeItem
from measures.seeding import ALL_DIVISIONS
from measures.weak_items import weak_items
from reports.digits import localize
from reports.text import lines, text_blocks

TEMPLATE = "reports/measures.html"


def measures_context(plan: Plan) -> dict:
    organization = plan.organization
    assessment = plan.assessment
    scores = item_scores(assessment) if assessment else {}
    data = {
        "document": "measures",
        "organization": {"name": organization.name, "short_name": organization.short_name},
        "title": plan.title,
        "fiscal_year": str(plan.fiscal_year),
        "assessment_year": str(plan.fiscal_year - 1),
        "thai_digits": plan.thai_digits,
        "results_intro": text_blocks(plan.results_intro),
        "results_text": text_blocks(plan.results_text),
        "analysis_intro": text_blocks(plan.analysis_intro),
        "measures_intro": text_blocks(plan.measures_intro),
        "limitations_intro": text_blocks(plan.limitations_intro),
        "limitations": plan.limitation_list(),
        "recommendations": plan.recommendation_list(),
        "results": results(assessment) if assessment else None,
        "themes": themes(plan, scores),
        "weak_items": weak_item_table(plan) if plan.weak_items_in_document and assessment else None,
        "approval": approval(plan),
    }
    return localize(data, thai_digits=plan.thai_digits)


def score_text(value) -> str | None:
    return None if value is None else thai.score(value)


def whole(value) -> str:
    """85.00 -> "85": pass marks and weights are written as whole numbers when they are."""
    return thai.score(value).removesuffix(".00")


def shown(figure) -> str | None:
    """The published figure where there is one (the document repeats what the NACC published)."""
    return score_text(figure.published)


def results(assessment: Assessment) -> dict:
    computation = compute(assessment)
    framework = assessment.framework
    indicators_by_tool: dict[int, list] = {}
    for indicator in framework.indicators.all():
        indicators_by_tool.setdefault(indicator.tool_id, []).append(indicator)
    tools = [
        {
            "code": tool.code,
            "weight": whole(tool.weight),
            "score": shown(computation.get("tool", tool.code)),
            "indicators": [
                {"label": f"{i.number}. {i.name}",
                 "score": shown(computation.get("indicator", str(i.number)))}
                for i in indicators_by_tool.get(tool.id, [])
            ],
        }
        for tool in framework.tools.all()
    ]
    with translation.override("th"):  # the reason is gettext'd now: the context is built outside the render
        rating = assessment.rating(computation)
    previous = assessment.previous()
    change = assessment.change()
    return {
        "tools": tools,
        "score": score_text(assessment.score()),
        "level": rating.code if rating else None,
        "rating": str(rating) if rating else None,
        "reason": rating.reason if rating else None,
        "passed": assessment.passed(),
        "pass_mark": whole(framework.pass_mark),
        "previous": {"year": str(previous.year), "score": score_text(previous.score())} if previous else None,
        "change": None if change is None else score_text(abs(change)),
        "direction": None if change is None else "up" if change > 0 else "down" if change < 0 else "same",
    }


def weak_item_table(plan: Plan) -> dict:
    """The items below the pass mark and the measures that answer them, for the analysis's last table."""
    return {
        "pass_mark": whole(plan.assessment.framework.pass_mark),
        "rows": [
            {
                "code": weak.code,
                "text": weak.item.text,
                "score": thai.score(weak.score),
                "measures": [{"code": m.code, "title": m.title} for m in weak.measures],
            }
            for weak in weak_items(plan)
        ],
    }


def item_scores(assessment: Assessment) -> dict[str, str]:
    return {
        code: thai.score(value)
        for code, value in ItemScore.objects.filter(assessment=assessment).values_list("item__code", "score")
    }


def themes(plan: Plan, scores: dict[str, str]) -> list[dict]:
    items: dict[int, list[Item]] = {}
    for theme_item in ThemeItem.objects.filter(theme__plan=plan).select_related("item__indicator__tool"):
        items.setdefault(theme_item.theme_id, []).append(theme_item.item)
    measures: dict[int, list[Measure]] = {}
    for measure in Measure.objects.filter(plan=plan).prefetch_related("divisions"):
        measures.setdefault(measure.theme_id, []).append(measure)
    return [
        {
            "number": str(theme.number),
            "title": theme.title,
            "items": item_tables(items.get(theme.id, []), scores),
            "analysis": text_blocks(theme.analysis),
            "measures": [measure_row(theme.number, m) for m in measures.get(theme.id, [])],
        }
        for theme in plan.themes.all()
    ]


def item_tables(items: list[Item], scores: dict[str, str]) -> dict | None:
    """Survey items (IIT/EIT) on the left, open-data items (OIT, pass/fail) on the right, row by
    row, as the document sets them side by side; each heading names the tools of its items."""
    sides = []
    for kind in (Item.Kind.PERCENT, Item.Kind.PASS_FAIL):
        chosen = [item for item in items if item.kind == kind]
        if chosen:
            sides.append({
                "tools": " และ ".join(dict.fromkeys(item.indicator.tool.code for item in chosen)),
                "rows": [{"code": i.code, "text": i.text, "score": scores.get(i.code)} for i in chosen],
            })
    if not sides:
        return None
    depth = max(len(side["rows"]) for side in sides)
    return {
        "headings": [side["tools"] for side in sides],
        "rows": [
            [side["rows"][n] if n < len(side["rows"]) else None for side in sides] for n in range(depth)
        ],
    }


def measure_row(theme_number: int, measure: Measure) -> dict:
    return {
        "code": f"{theme_number}.{measure.number}",
        "title": measure.title,
        "steps": lines(measure.steps),
        "divisions": [ALL_DIVISIONS] if measure.all_divisions else [d.name for d in measure.divisions.all()],
        "period": [thai.month_abbr(measure.start_month), thai.month_abbr(measure.end_month)],
        "follow_up": lines(measure.follow_up),
    }


def approval(plan: Plan) -> dict:
    """"ประกาศ ณ วันที่ ๒ กุมภาพันธ์ พ.ศ. ๒๕๖๘": the signed date with its full month name."""
    day = plan.approved_on
    return {
        "date": f"{day.day} {thai.MONTHS[day.month - 1]} พ.ศ. {thai.be_year(day)}" if day else None,
        "signer_name": plan.signer_name,
        "signer_position": plan.signer_position,
    }
