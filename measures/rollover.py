"""Starting next fiscal year's plan from this year's.

What carries over: the texts, the themes with their analysis and item links, the measures with their
divisions and a timeline a year later, and the progress rounds (open, no reports). What starts
again: the status (draft), the date announced, approvals and progress. Item links follow their code
into the next framework; a code the next framework does not have is dropped, with a warning.
"""
from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import gettext

from assessments.models import Assessment
from assessments.services import framework_for
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
    items = {item.code: item for item in framework.items.all()} if framework else {}
    copies, dropped = {}, []
    for theme in plan.themes.prefetch_related("theme_items__item"):
        copies[theme.pk] = Theme.objects.create(plan=new, number=theme.number, title=theme.title,
                                                analysis=theme.analysis)
        for link in theme.theme_items.all():
            item = items.get(link.item.code)
            if item is None:
                dropped.append(link.item.code)
            else:
                ThemeItem.objects.create(theme=copies[theme.pk], item=item, order=link.order)
    if dropped and framework is None:
        outcome.warnings.append(gettext(
            "Item links %(codes)s were left out: there is no ITA %(year)s framework to map them to."
        ) % {"year": ita_year, "codes": ", ".join(sorted(set(dropped), key=dropped.index))})
    elif dropped:
        outcome.warnings.append(gettext(
            "Themes dropped these items absent from ITA %(y)s: %(list)s."
        ) % {"y": ita_year, "list": ", ".join(sorted(set(dropped), key=dropped.index))})
    return copies


def copy_measures(plan: Plan, new: Plan, themes: dict[int, Theme], years: int) -> None:
    for measure in plan.measures.prefetch_related("divisions"):
        copy = Measure.objects.create(
            plan=new, theme=themes[measure.theme_id], number=measure.number, title=measure.title,
            steps=measure.steps, all_divisions=measure.all_divisions, follow_up=measure.follow_up,
            start_month=shifted(measure.start_month, years), end_month=shifted(measure.end_month, years),
        )
        copy.divisions.set(measure.divisions.all())
