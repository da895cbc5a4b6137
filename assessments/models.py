"""ITA frameworks (one per assessment year) and an agency's reported scores.

The framework is data: tools with weights, indicators, sub-indicators, items and the rule that
builds each level from the one below are rows, seeded from `assessments/data/*.toml`.
"""
from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, URLValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from itaportal.tenancy import Owned, Shared

SCORE_VALIDATORS = [
    MinValueValidator(Decimal("0"), message=_("A score must be between 0 and 100.")),
    MaxValueValidator(Decimal("100"), message=_("A score must be between 0 and 100.")),
]


def score_field(verbose_name, **kwargs):
    return models.DecimalField(
        verbose_name, max_digits=5, decimal_places=2, validators=SCORE_VALIDATORS, **kwargs
    )


class Rule(models.TextChoices):
    MEAN = "mean", _("mean of the level below")
    PASS_SHARE = "pass_share", _("share of items passed")
    REPORTED = "reported", _("as reported (not recomputed)")


class Framework(models.Model):
    tenancy = Shared()

    year = models.PositiveSmallIntegerField(_("assessment year (B.E.)"))
    agency_kind = models.CharField(
        _("agency kind"), max_length=20, blank=True, help_text=_("Empty: applies to every kind.")
    )
    name = models.CharField(_("name"), max_length=200)
    pass_mark = score_field(_("pass mark"), default=Decimal("85"))
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        verbose_name = _("framework")
        verbose_name_plural = _("frameworks")
        ordering = ["-year", "agency_kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["year", "agency_kind"],
                name="framework_unique_year_kind",
                violation_error_message=_("A framework for this year and agency kind already exists."),
            )
        ]

    def __str__(self) -> str:
        return self.name

    def band_for(self, score: Decimal | None) -> Band | None:
        """The band of an overall score alone, ignoring any tool minimums (see `rating.rate`)."""
        if score is None:
            return None
        for band in self.bands.all():  # ordered from the highest minimum down
            if score >= band.min_score:
                return band
        return None

    def item_with_role(self, role: str) -> Item | None:
        return next((item for item in self.items.all() if item.role == role), None) if role else None

    def passes(self, score: Decimal | None) -> bool:
        return score is not None and score >= self.pass_mark


class Band(models.Model):
    tenancy = Shared()

    framework = models.ForeignKey(Framework, models.CASCADE, related_name="bands")
    code = models.CharField(_("level"), max_length=40)
    min_score = score_field(_("lowest score"))
    tool_min = score_field(
        _("lowest score of every tool"), null=True, blank=True,
        help_text=_("Empty: the overall score alone decides. Otherwise every tool must score at least this too."),
    )

    class Meta:
        verbose_name = _("score band")
        verbose_name_plural = _("score bands")
        ordering = ["framework", "-min_score", models.F("tool_min").desc(nulls_last=True)]
        constraints = [
            models.UniqueConstraint(fields=["framework", "code"], name="band_unique_code")
        ]

    def __str__(self) -> str:
        if self.tool_min is None:
            return f"{self.code} ≥ {self.min_score}"
        return f"{self.code} ≥ {self.min_score} ({_('every tool')} ≥ {self.tool_min})"


class Tool(models.Model):
    tenancy = Shared()

    framework = models.ForeignKey(Framework, models.CASCADE, related_name="tools")
    code = models.CharField(_("code"), max_length=8)
    name = models.CharField(_("name"), max_length=200)
    weight = models.DecimalField(
        _("weight (%)"), max_digits=5, decimal_places=2, validators=SCORE_VALIDATORS
    )
    rule = models.CharField(_("rule"), max_length=12, choices=Rule.choices, default=Rule.MEAN)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("tool")
        verbose_name_plural = _("tools")
        ordering = ["framework", "order"]
        constraints = [
            models.UniqueConstraint(fields=["framework", "code"], name="tool_unique_code")
        ]

    def __str__(self) -> str:
        return self.code


class Indicator(models.Model):
    tenancy = Shared()

    framework = models.ForeignKey(Framework, models.CASCADE, related_name="indicators")
    tool = models.ForeignKey(Tool, models.CASCADE, related_name="indicators")
    number = models.PositiveSmallIntegerField(_("number"))
    name = models.CharField(_("name"), max_length=200)
    rule = models.CharField(_("rule"), max_length=12, choices=Rule.choices, default=Rule.MEAN)
    confirmed = models.BooleanField(
        _("confirmed"), default=True,
        help_text=_("Off: the sources at hand do not confirm this indicator's name and grouping; check it against the NACC's manual."),
    )
    source = models.CharField(_("source"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["framework", "number"]
        constraints = [
            models.UniqueConstraint(fields=["framework", "number"], name="indicator_unique_number")
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.name}"

    def clean(self):
        if self.tool_id and self.framework_id and self.tool.framework_id != self.framework_id:
            raise ValidationError({"tool": _("The tool belongs to another framework.")})


class SubIndicator(models.Model):
    tenancy = Shared()

    indicator = models.ForeignKey(Indicator, models.CASCADE, related_name="subindicators")
    code = models.CharField(_("code"), max_length=8)
    name = models.CharField(_("name"), max_length=200)
    rule = models.CharField(_("rule"), max_length=12, choices=Rule.choices, default=Rule.MEAN)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    confirmed = models.BooleanField(
        _("confirmed"), default=True,
        help_text=_("Off: the sources at hand do not confirm this sub-indicator's name and grouping; check it against the NACC's manual."),
    )
    source = models.CharField(_("source"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("sub-indicator")
        verbose_name_plural = _("sub-indicators")
        ordering = ["indicator", "order"]
        constraints = [
            models.UniqueConstraint(fields=["indicator", "code"], name="subindicator_unique_code")
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    @property
    def framework_id(self) -> int:
        return self.indicator.framework_id


class Item(models.Model):
    tenancy = Shared()

    class Kind(models.TextChoices):
        PERCENT = "percent", _("score 0–100")
        PASS_FAIL = "pass_fail", _("pass/fail")

    class Role(models.TextChoices):
        NONE = "", _("none")
        MEASURES_DOCUMENT = "measures_document", _("the measures document")
        PROGRESS_REPORT = "progress_report", _("the progress report")

    framework = models.ForeignKey(Framework, models.CASCADE, related_name="items")
    indicator = models.ForeignKey(Indicator, models.CASCADE, related_name="items")
    subindicator = models.ForeignKey(
        SubIndicator, models.CASCADE, null=True, blank=True, related_name="items"
    )
    code = models.CharField(_("code"), max_length=8)
    text = models.TextField(_("question or evidence"))
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.PERCENT)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    role = models.CharField(
        _("answered by"), max_length=20, choices=Role.choices, default="", blank=True,
        help_text=_("The OIT item whose evidence is the agency's measures document or its progress report."),
    )
    confirmed = models.BooleanField(
        _("confirmed"), default=True,
        help_text=_("Off: the sources at hand do not confirm this item's title; check it against the NACC's manual."),
    )
    source = models.CharField(_("source"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("item")
        verbose_name_plural = _("items")
        ordering = ["framework", "order"]
        constraints = [
            models.UniqueConstraint(fields=["framework", "code"], name="item_unique_code"),
            models.UniqueConstraint(
                fields=["framework", "role"], condition=~models.Q(role=""), name="item_unique_role",
                violation_error_message=_("Another item of this framework already has that role."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.text}"

    def clean(self):
        if self.indicator_id and self.framework_id and self.indicator.framework_id != self.framework_id:
            raise ValidationError({"indicator": _("The indicator belongs to another framework.")})
        if self.subindicator_id and self.subindicator.indicator_id != self.indicator_id:
            raise ValidationError(
                {"subindicator": _("The sub-indicator belongs to another indicator.")}
            )


class ItemSuccessor(models.Model):
    """Where an item of one year's framework carries on in a later one (same code, renumbered or merged)."""

    tenancy = Shared()

    from_item = models.ForeignKey(
        Item, models.CASCADE, related_name="successor_links", verbose_name=_("earlier item")
    )
    to_item = models.ForeignKey(
        Item, models.CASCADE, related_name="predecessor_links", verbose_name=_("later item")
    )
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("item successor")
        verbose_name_plural = _("item successors")
        ordering = ["from_item__framework__year", "from_item__order", "to_item__framework__year"]
        constraints = [
            models.UniqueConstraint(fields=["from_item", "to_item"], name="itemsuccessor_unique")
        ]

    def __str__(self) -> str:
        return f"{self.from_item.code} → {self.to_item.code}"

    def clean(self):
        if self.from_item_id and self.to_item_id and (
            self.to_item.framework.year <= self.from_item.framework.year
        ):
            raise ValidationError(
                {"to_item": _("The later item must be in the framework of a later year.")}
            )


class Assessment(models.Model):
    tenancy = Owned("organization")

    organization = models.ForeignKey(
        "agencies.Organization", models.CASCADE, related_name="assessments",
        verbose_name=_("organization"),
    )
    framework = models.ForeignKey(
        Framework, models.PROTECT, related_name="assessments", verbose_name=_("framework")
    )
    year = models.PositiveSmallIntegerField(_("assessment year (B.E.)"))
    overall = score_field(_("reported overall score"), null=True, blank=True)
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")
        ordering = ["organization", "-year"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "year"],
                name="assessment_unique_org_year",
                violation_error_message=_("This agency already has an assessment for that year."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.organization} ITA {self.year}"

    def clean(self):
        if self.framework_id and self.year and self.framework.year != self.year:
            raise ValidationError(
                {"framework": _("The framework is for another year than the assessment.")}
            )

    def score(self) -> Decimal | None:
        """The agency's overall score: the reported figure, else the one computed from its parts."""
        if self.overall is not None:
            return self.overall
        from assessments.scoring import compute

        return compute(self).overall

    def level(self):
        rating = self.rating()
        return rating.band if rating else None

    def rating(self, computation=None):
        """The framework's rating of the overall and the tool scores (reported, else computed); pass the
        assessment's `scoring.compute` result when there is one, so it is not computed again."""
        from assessments.rating import rate
        from assessments.scoring import compute, round2

        computation = computation or compute(self)
        overall = self.overall if self.overall is not None else round2(computation.overall)
        tools = {figure.code: figure.published for figure in computation.figures if figure.level == "tool"}
        return rate(list(self.framework.bands.all()), overall, tools)

    def passed(self) -> bool:
        return self.framework.passes(self.score())

    def previous(self) -> Assessment | None:
        return Assessment.objects.filter(
            organization_id=self.organization_id, year=self.year - 1
        ).select_related("framework").first()

    def change(self) -> Decimal | None:
        """Points gained (or lost) since the agency's assessment of the year before."""
        previous = self.previous()
        if previous is None or previous.score() is None or self.score() is None:
            return None
        return self.score() - previous.score()


class ScoreBase(models.Model):
    """A figure reported for one part of the framework; the parent must share the framework."""

    tenancy = Owned("assessment__organization")

    assessment = models.ForeignKey(Assessment, models.CASCADE, verbose_name=_("assessment"))
    part_field = ""

    class Meta:
        abstract = True

    def clean(self):
        if not self.assessment_id or not getattr(self, f"{self.part_field}_id"):
            return
        part = getattr(self, self.part_field)
        if part.framework_id != self.assessment.framework_id:
            raise ValidationError(
                {self.part_field: _("%(code)s is not in the framework of ITA %(year)s.")
                 % {"code": getattr(part, "code", None) or part.number, "year": self.assessment.year}}
            )


class ToolScore(ScoreBase):
    tool = models.ForeignKey(Tool, models.CASCADE, verbose_name=_("tool"))
    score = score_field(_("reported score"))
    part_field = "tool"

    class Meta:
        verbose_name = _("tool score")
        verbose_name_plural = _("tool scores")
        ordering = ["tool__order"]
        constraints = [
            models.UniqueConstraint(fields=["assessment", "tool"], name="toolscore_unique")
        ]


class IndicatorScore(ScoreBase):
    indicator = models.ForeignKey(Indicator, models.CASCADE, verbose_name=_("indicator"))
    score = score_field(_("reported score"))
    part_field = "indicator"

    class Meta:
        verbose_name = _("indicator score")
        verbose_name_plural = _("indicator scores")
        ordering = ["indicator__number"]
        constraints = [
            models.UniqueConstraint(fields=["assessment", "indicator"], name="indicatorscore_unique")
        ]


class SubIndicatorScore(ScoreBase):
    subindicator = models.ForeignKey(SubIndicator, models.CASCADE, verbose_name=_("sub-indicator"))
    score = score_field(_("reported score"))
    part_field = "subindicator"

    class Meta:
        verbose_name = _("sub-indicator score")
        verbose_name_plural = _("sub-indicator scores")
        ordering = ["subindicator__indicator__number", "subindicator__order"]
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "subindicator"], name="subindicatorscore_unique"
            )
        ]


class ItemScore(ScoreBase):
    item = models.ForeignKey(Item, models.CASCADE, verbose_name=_("item"))
    score = score_field(_("score"))
    evidence_url = models.URLField(
        _("evidence URL"), max_length=500, blank=True, validators=[URLValidator(schemes=["http", "https"])]
    )
    part_field = "item"

    class Meta:
        verbose_name = _("item score")
        verbose_name_plural = _("item scores")
        ordering = ["item__order"]
        constraints = [
            models.UniqueConstraint(fields=["assessment", "item"], name="itemscore_unique")
        ]

    def clean(self):
        super().clean()
        if self.item_id and self.item.kind == Item.Kind.PASS_FAIL and self.score not in (
            None, Decimal("0"), Decimal("100")
        ):
            raise ValidationError(
                {"score": _("%(code)s is pass/fail: its score is 100 (passed) or 0 (not passed).")
                 % {"code": self.item.code}}
            )
