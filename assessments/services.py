"""Workflows over an agency's assessment: finding its framework, importing and exporting its scores."""
from __future__ import annotations

from dataclasses import dataclass

import tablib
from django.db import transaction
from django.utils.translation import gettext

from assessments.models import Assessment, Framework
from assessments.resources import ScoreResource


class NoFramework(LookupError):
    """No ITA framework is loaded for the year: there is nothing to read the codes against."""


def framework_for(*, organization, year: int) -> Framework | None:
    """The framework of the year for the agency's kind, else the one for every kind."""
    frameworks = Framework.objects.filter(year=year, agency_kind__in=[organization.kind, ""])
    return min(frameworks, key=lambda framework: framework.agency_kind == "", default=None)


@dataclass
class ScoreImport:
    assessment: Assessment
    created: bool  # the assessment was started by this import (and kept only if it was saved)
    result: object  # import_export's Result, with our problems and changes


@transaction.atomic
def import_scores(*, organization, year: int, dataset: tablib.Dataset, dry_run: bool = False,
                  user=None) -> ScoreImport:
    """Imports a scores file into the agency's assessment of the year, starting the assessment if
    the year's framework is loaded. Nothing is saved on a dry run or when any row is bad."""
    assessment = Assessment.objects.filter(organization=organization, year=year).select_related("framework").first()
    created = assessment is None
    if created:
        framework = framework_for(organization=organization, year=year)
        if framework is None:
            raise NoFramework(gettext("First load ITA %(y)s (load_framework), then import its scores.") % {"y": year})
        assessment = Assessment.objects.create(organization=organization, year=year, framework=framework)
    result = ScoreResource(assessment=assessment).import_data(dataset, dry_run=dry_run, user=user)
    if dry_run or result.has_errors() or result.has_validation_errors():
        transaction.set_rollback(True)
    return ScoreImport(assessment, created, result)
