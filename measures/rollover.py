"""Starting next fiscal year's plan from this year's.

What carries over: the texts, the themes with their analysis and item links, the measures with their
divisions and a timeline a year later, and the progress rounds (open, no reports). What starts
again: the status (draft), the date announced, approvals and progress. Item links follow the
frameworks' item maps into the new plan's framework (assessments/successors.py); an item they do
not reach stays on its theme as an item to choose, and the roll-over lists it.
"""
from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import gettext

from assessments.models import Assessment
from assessments.services import framework_for
from assessments.successors import successors
from measures.models import Measure, Plan, ProgressRound, Theme, ThemeItem

COPIED_FIELDS = ("title", "results_intro", "results_text", "analysis_intro", "measures_intro",
                 "limitations_intro", "limitations", "recommendations", "signer_name", "signer_position",
                 "thai_digits")


class RolloverError(Exception):
    """The plan cannot be rolled over; nothing was copied."""


@dataclass
class Rollover:
    plan: Plan
    warnings: list[str] = field(default_factory=list)


def shifted(day: datetime.date | None, years: int) -> datetime.date | None:
    if day is None:
        return None
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


@transaction.atomic
def rollover_plan(*, plan: Plan, to_year: int | None = None) -> Rollover:
    organization = plan.organization
    to_year = to_year or plan.fiscal_year + 1
    if to_year <= plan.fiscal_year:
        raise RolloverError(gettext("Roll over only to a year later than %(year)s.") % {"year": plan.fiscal_year})
    if Plan.objects.filter(organization=organization, fiscal_year=to_year).exists():
        raise RolloverError(gettext("Nothing was copied: %(agency)s has its %(year)s plan already.")
                            % {"agency": organization, "year": to_year})
    years = to_year - plan.fiscal_year
    ita_year = to_year - 1  # a plan for fiscal year N is based on ITA N-1
    outcome = Rollover(Plan(organization=organization, fiscal_year=to_year))
    new = outcome.plan
    for name in COPIED_FIELDS:
        setattr(new, name, getattr(plan, name))
    new.assessment = Assessment.objects.filter(organization=organization, year=ita_year).first()
    if new.assessment is None:
        outcome.warnings.append(gettext(
            "Link an assessment to the new plan once ITA %(y)s scores for %(org)s are published; for now it has "
            "none."
        ) % {"org": organization, "y": ita_year})
    outcome.warnings.append(gettext(
        "The texts are last year's: update the figures and years in them before the plan is approved."))
    new.full_clean()
    new.save()
    themes = copy_themes(plan, new, ita_year, outcome)
    copy_measures(plan, new, themes, years)
    for progress_round in plan.rounds.all():
        ProgressRound.objects.create(plan=new, months=progress_round.months,
                                     due_on=shifted(progress_round.due_on, years))
    return outcome


def copy_themes(plan: Plan, new: Plan, ita_year: int, outcome: Rollover) -> dict[int, Theme]:
    framework = new.assessment.framework if new.assessment else framework_for(
        organization=plan.organization, year=ita_year)
    themes = list(plan.themes.prefetch_related("theme_items__item__framework"))
    items = [link.item for theme in themes for link in theme.theme_items.all()]
    mapped = successors(items, framework) if framework else {}
    copies, unmapped = {}, []
    for theme in themes:
        pending = [line for line in theme.pending_items.splitlines() if line.strip()]
        chosen = []
        for link in theme.theme_items.all():
            later = mapped.get(link.item.pk, [])
            if not later:
                unmapped.append(link.item.code)
                pending.append(f"{link.item.code} {link.item.text} (ITA {link.item.framework.year})")
            chosen += [item for item in later if item not in chosen]
        copies[theme.pk] = Theme.objects.create(plan=new, number=theme.number, title=theme.title,
                                                analysis=theme.analysis, pending_items="\n".join(pending))
        ThemeItem.objects.bulk_create(
            ThemeItem(theme=copies[theme.pk], item=item, order=order) for order, item in enumerate(chosen))
    codes = ", ".join(dict.fromkeys(unmapped))
    if unmapped and framework is None:
        outcome.warnings.append(gettext(
            "Item links %(codes)s were not carried over: there is no ITA %(year)s framework to map them to. "
            "They are listed on their themes as items to choose."
        ) % {"year": ita_year, "codes": codes})
    elif unmapped:
        outcome.warnings.append(gettext(
            "The item maps do not carry these items into ITA %(y)s: %(list)s. They are listed on their themes "
            "as items to choose: pick their successors in admin."
        ) % {"y": ita_year, "list": codes})
    return copies


def copy_measures(plan: Plan, new: Plan, themes: dict[int, Theme], years: int) -> None:
    for measure in plan.measures.prefetch_related("divisions"):
        copy = Measure.objects.create(
            plan=new, theme=themes[measure.theme_id], number=measure.number, title=measure.title,
            steps=measure.steps, all_divisions=measure.all_divisions, follow_up=measure.follow_up,
            start_month=shifted(measure.start_month, years), end_month=shifted(measure.end_month, years),
        )
        copy.divisions.set(measure.divisions.all())
