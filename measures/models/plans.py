"""A fiscal year's integrity plan: the analysis in seven themes and the measures adopted."""
from __future__ import annotations

import datetime
import uuid
from functools import cached_property

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from agencies.models import Division, Organization
from itaportal.tenancy import Owned, declare

APPROVED = "approved"  # ProgressRound.Status.APPROVED; progress.py imports this module, not the reverse
LOCKED = _("The measure has reports in an approved round: its theme, number, start month and responsible "
           "divisions are part of that record. Reopen the round to change them.")


class Plan(models.Model):
    tenancy = Owned("organization")

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        APPROVED = "approved", _("approved")
        PUBLISHED = "published", _("published")

    organization = models.ForeignKey(
        Organization, models.CASCADE, related_name="plans", verbose_name=_("organization")
    )
    fiscal_year = models.PositiveSmallIntegerField(_("fiscal year (B.E.)"))
    assessment = models.ForeignKey(
        "assessments.Assessment", models.PROTECT, null=True, blank=True, related_name="plans",
        verbose_name=_("based on assessment"),
        help_text=_("The agency's ITA assessment of the year before."),
    )
    title = models.CharField(
        _("title"), max_length=300,
        default="มาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน",
    )
    results_intro = models.TextField(_("results: opening paragraph"), blank=True)
    results_text = models.TextField(_("results: paragraph after the table"), blank=True)
    analysis_intro = models.TextField(_("analysis: introduction"), blank=True)
    measures_intro = models.TextField(_("measures: introduction"), blank=True)
    limitations_intro = models.TextField(_("limitations: introduction"), blank=True)
    limitations = models.TextField(_("limitations"), blank=True, help_text=_("One per line."))
    recommendations = models.TextField(_("recommendations"), blank=True, help_text=_("One per line."))
    signer_name = models.CharField(_("signer's name"), max_length=200, blank=True)
    signer_position = models.CharField(_("signer's position"), max_length=200, blank=True)
    approved_on = models.DateField(_("date announced"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    thai_digits = models.BooleanField(
        _("Thai digits in documents"), default=True,
        help_text=_("Official documents customarily use Thai digits; turn off for Arabic digits."),
    )
    weak_items_in_document = models.BooleanField(
        _("weak items in the document"), default=False,
        help_text=_("Adds to the analysis a table of the items below the pass mark and the measures that "
                    "answer them."),
    )
    # Changes whenever anything the plan's pages or documents show changes (measures/revisions.py).
    revision = models.UUIDField(default=uuid.uuid4, editable=False)

    class Meta:
        verbose_name = _("plan")
        verbose_name_plural = _("plans")
        ordering = ["organization", "-fiscal_year"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "fiscal_year"],
                name="plan_unique_org_year",
                violation_error_message=_("This agency already has a plan for that fiscal year."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.organization} {self.fiscal_year}"

    @cached_property
    def has_approved_round(self) -> bool:
        """Asked once per plan object: the forms of a plan's page share it."""
        return self.pk is not None and self.rounds.filter(status=APPROVED).exists()

    def clean(self):
        stored_year = Plan.objects.filter(pk=self.pk).values_list("fiscal_year", flat=True).first()
        if stored_year not in (None, self.fiscal_year) and self.has_approved_round:
            raise ValidationError({"fiscal_year": _(
                "The plan has an approved round: its fiscal year is part of that record and cannot change.")})
        if self.assessment_id:
            if self.assessment.organization_id != self.organization_id:
                raise ValidationError({"assessment": _("The assessment belongs to another agency.")})
            if self.assessment.year != self.fiscal_year - 1:
                raise ValidationError(
                    {"assessment": _("A plan for fiscal year %(year)s is based on ITA %(previous)s.")
                     % {"year": self.fiscal_year, "previous": self.fiscal_year - 1}}
                )

    @property
    def starts_on(self) -> datetime.date:
        """Fiscal year N (B.E.) runs from 1 October of N-1 to 30 September of N."""
        return datetime.date(self.fiscal_year - 543 - 1, 10, 1)

    @property
    def ends_on(self) -> datetime.date:
        return datetime.date(self.fiscal_year - 543, 9, 30)

    def limitation_list(self) -> list[str]:
        return [line.strip() for line in self.limitations.splitlines() if line.strip()]

    def recommendation_list(self) -> list[str]:
        return [line.strip() for line in self.recommendations.splitlines() if line.strip()]

    def is_public(self) -> bool:
        return self.status == self.Status.PUBLISHED

    def evidence_codes(self) -> dict[str, str]:
        """The OIT items the plan's documents answer, by role ("measures_document": "O25").

        Those of the ITA run during the plan's fiscal year: assessors of ITA N read the measures and the
        progress of fiscal year N (which the results of ITA N-1 shaped). Empty where that framework is not
        loaded or leaves the role unset: the portal names no item rather than guess one.
        """
        from assessments.services import framework_for

        framework = framework_for(organization=self.organization, year=self.fiscal_year)
        if framework is None:
            return {}
        return dict(framework.items.exclude(role="").values_list("role", "code"))


class Theme(models.Model):
    tenancy = Owned("plan__organization")

    plan = models.ForeignKey(Plan, models.CASCADE, related_name="themes", verbose_name=_("plan"))
    number = models.PositiveSmallIntegerField(_("number"))
    title = models.CharField(_("title"), max_length=300)
    analysis = models.TextField(
        _("analysis"), blank=True, help_text=_("Paragraphs separated by a blank line.")
    )
    items = models.ManyToManyField(
        "assessments.Item", through="ThemeItem", blank=True, verbose_name=_("items")
    )
    pending_items = models.TextField(
        _("items to choose"), blank=True,
        help_text=_("Items of the plan this one was rolled over from that have no match in this plan's "
                    "framework. Choose their successors among the theme's items, then clear this."),
    )

    class Meta:
        verbose_name = _("theme")
        verbose_name_plural = _("themes")
        ordering = ["plan", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "number"],
                name="theme_unique_number",
                violation_error_message=_("The plan already has a theme with that number."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"

    def clean(self):
        if not (self.pk and self.plan_id and self.plan.has_approved_round):
            return
        stored = Theme.objects.filter(pk=self.pk).values_list("number", flat=True).first()
        if stored not in (None, self.number) and self.measures.filter(reports__round__status=APPROVED).exists():
            raise ValidationError({"number": LOCKED})

    def paragraphs(self) -> list[str]:
        return [p.strip() for p in self.analysis.split("\n\n") if p.strip()]


class ThemeItem(models.Model):
    tenancy = Owned("theme__plan__organization")

    theme = models.ForeignKey(Theme, models.CASCADE, related_name="theme_items", verbose_name=_("theme"))
    item = models.ForeignKey("assessments.Item", models.CASCADE, verbose_name=_("item"))
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("theme item")
        verbose_name_plural = _("theme items")
        ordering = ["theme", "order"]
        constraints = [
            models.UniqueConstraint(fields=["theme", "item"], name="themeitem_unique")
        ]

    def __str__(self) -> str:
        return self.item.code

    def clean(self):
        if not (self.theme_id and self.item_id):
            return
        assessment = self.theme.plan.assessment
        if assessment and self.item.framework_id != assessment.framework_id:
            raise ValidationError(
                {"item": _("%(code)s is not in the framework of ITA %(year)s.")
                 % {"code": self.item.code, "year": assessment.year}}
            )


class MeasureQuerySet(models.QuerySet):
    def for_division(self, division: Division):
        return self.filter(models.Q(all_divisions=True) | models.Q(divisions=division)).distinct()


class Measure(models.Model):
    tenancy = Owned("plan__organization")

    plan = models.ForeignKey(Plan, models.CASCADE, related_name="measures", verbose_name=_("plan"))
    theme = models.ForeignKey(Theme, models.CASCADE, related_name="measures", verbose_name=_("theme"))
    number = models.PositiveSmallIntegerField(_("number within the theme"))
    title = models.TextField(_("measure / approach"))
    steps = models.TextField(_("steps"), blank=True, help_text=_("One step per line."))
    all_divisions = models.BooleanField(_("all divisions"), default=False)
    divisions = models.ManyToManyField(
        Division, blank=True, related_name="measures", verbose_name=_("responsible divisions")
    )
    start_month = models.DateField(_("start month"))
    end_month = models.DateField(_("end month"))
    follow_up = models.TextField(_("follow-up"), blank=True)
    history = HistoricalRecords(m2m_fields=[divisions])

    objects = MeasureQuerySet.as_manager()

    class Meta:
        verbose_name = _("measure")
        verbose_name_plural = _("measures")
        ordering = ["plan", "theme__number", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["theme", "number"],
                name="measure_unique_number",
                violation_error_message=_("The theme already has a measure with that number."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"

    @property
    def code(self) -> str:
        return f"{self.theme.number}.{self.number}"

    def clean(self):
        errors = {}
        if self.start_month and self.end_month and self.end_month < self.start_month:
            errors["end_month"] = _("The end month is before the start month.")
        if self.theme_id and self.plan_id and self.theme.plan_id != self.plan_id:
            errors["theme"] = _("The theme belongs to another plan.")
        record = ("theme_id", "number", "start_month", "all_divisions")
        stored = Measure.objects.filter(pk=self.pk).values(*record).first() if self.in_approved_plan() else None
        if stored and stored != {name: getattr(self, name) for name in record} and self.has_approved_reports():
            errors[NON_FIELD_ERRORS] = LOCKED
        if errors:
            raise ValidationError(errors)

    def clean_divisions(self, divisions) -> None:
        """Checks a proposed set of responsible divisions (M2M is saved after the measure)."""
        organization_id = self.plan.organization_id
        if any(d.organization_id != organization_id for d in divisions):
            raise ValidationError(
                {"divisions": _("A responsible division belongs to another agency.")}
            )
        if not self.all_divisions and not divisions:
            raise ValidationError(
                {"divisions": _("Choose the responsible divisions, or tick all divisions.")}
            )
        if self.in_approved_plan() and {d.pk for d in divisions} != set(
            self.divisions.values_list("pk", flat=True)
        ) and self.has_approved_reports():
            raise ValidationError({"divisions": LOCKED})

    def in_approved_plan(self) -> bool:
        """Whether the plan has an approved round at all: most of the year none has, and nothing is locked."""
        return self.pk is not None and self.plan_id is not None and self.plan.has_approved_round

    def has_approved_reports(self) -> bool:
        """Reports of an approved round are a record: what decides which reports the measure has is fixed."""
        return self.reports.filter(round__status=APPROVED).exists()

    def responsible_divisions(self):
        if self.all_divisions:
            return self.plan.organization.divisions.all()
        return self.divisions.all()

    def responsible_division_ids(self, all_division_ids: list[int]) -> list[int]:
        """Without a query when `divisions` is prefetched; each division reports its own part."""
        if self.all_divisions:
            return list(all_division_ids)
        return [division.pk for division in self.divisions.all()]

    def is_responsible(self, division: Division) -> bool:
        if division.organization_id != self.plan.organization_id:
            return False
        # divisions.all() reads the prefetched list when there is one (the report views fetch it).
        return self.all_divisions or any(d.pk == division.pk for d in self.divisions.all())

    def runs_by(self, day: datetime.date) -> bool:
        """A measure that starts after a round's period is not reported in that round."""
        return self.start_month <= day


declare(Measure.divisions.through, Owned("measure__plan__organization"))
