"""Progress rounds (six months and year end) and the reports divisions file in them."""
from __future__ import annotations

import datetime
import uuid
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, URLValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from agencies.models import Division
from itaportal.tenancy import Owned
from measures.models import filetypes
from measures.models.filetypes import FileType
from measures.models.plans import Measure, Plan

WEB_ADDRESS = URLValidator(schemes=["http", "https"])


def is_web_address(text: str) -> bool:
    try:
        WEB_ADDRESS(text)
    except ValidationError:
        return False
    return True


def validate_links(value: str) -> None:
    """Evidence links are web addresses, one per line: a javascript: or file: link would run or leak."""
    for line in value.splitlines():
        if line.strip() and not is_web_address(line.strip()):
            raise ValidationError(
                _("%(link)s is not a web address (http:// or https://)."), params={"link": line.strip()}, code="link"
            )


class ProgressRound(models.Model):
    tenancy = Owned("plan__organization")

    class Months(models.IntegerChoices):
        SIX = 6, _("six months")
        TWELVE = 12, _("year end")

    class Status(models.TextChoices):
        OPEN = "open", _("open")
        APPROVED = "approved", _("approved")

    plan = models.ForeignKey(Plan, models.CASCADE, related_name="rounds", verbose_name=_("plan"))
    months = models.PositiveSmallIntegerField(_("round"), choices=Months.choices)
    due_on = models.DateField(_("reports due"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("approved by"),
    )
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("progress round")
        verbose_name_plural = _("progress rounds")
        ordering = ["plan", "months"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "months"],
                name="round_unique_months",
                violation_error_message=_("The plan already has that round."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.plan} – {self.get_months_display()}"

    def clean(self):
        stored = ProgressRound.objects.filter(pk=self.pk, status=self.Status.APPROVED).first() if self.pk else None
        if stored is not None and (stored.months, stored.due_on) != (self.months, self.due_on):
            raise ValidationError(_("The round is approved: reopen it before changing its period or deadline."))

    @property
    def starts_on(self) -> datetime.date:
        return self.plan.starts_on

    @property
    def ends_on(self) -> datetime.date:
        """Six months: 1 Oct – 31 Mar; year end: 1 Oct – 30 Sep."""
        if self.months == self.Months.SIX:
            return datetime.date(self.plan.starts_on.year + 1, 3, 31)
        return self.plan.ends_on

    def is_locked(self) -> bool:
        return self.status == self.Status.APPROVED

    def is_past_due(self, today: datetime.date) -> bool:
        """Reports still missing after the deadline are overdue, until the round is approved."""
        return self.status == self.Status.OPEN and self.due_on is not None and today > self.due_on


class RoundEvent(models.Model):
    """Approvals and reopenings of a round: a reopened round must say why, and who reopened it."""

    tenancy = Owned("round__plan__organization")

    class Action(models.TextChoices):
        APPROVED = "approved", _("approved")
        REOPENED = "reopened", _("reopened")

    round = models.ForeignKey(ProgressRound, models.CASCADE, related_name="events", verbose_name=_("round"))
    action = models.CharField(_("action"), max_length=10, choices=Action.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+", verbose_name=_("by")
    )
    at = models.DateTimeField(_("at"), auto_now_add=True)
    reason = models.TextField(_("reason"), blank=True)

    class Meta:
        verbose_name = _("round event")
        verbose_name_plural = _("round events")
        ordering = ["round", "at", "pk"]

    def __str__(self) -> str:
        return f"{self.round} {self.get_action_display()}"


class ProgressReportQuerySet(models.QuerySet):
    def submitted(self):
        return self.filter(submitted_at__isnull=False)


class ProgressReport(models.Model):
    tenancy = Owned("round__plan__organization")

    class Status(models.TextChoices):
        NOT_STARTED = "not_started", _("not started")
        IN_PROGRESS = "in_progress", _("in progress")
        DONE = "done", _("done")

    round = models.ForeignKey(
        ProgressRound, models.CASCADE, related_name="reports", verbose_name=_("round")
    )
    measure = models.ForeignKey(
        Measure, models.CASCADE, related_name="reports", verbose_name=_("measure")
    )
    division = models.ForeignKey(
        Division, models.PROTECT, related_name="reports", verbose_name=_("division")
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.NOT_STARTED
    )
    percent = models.PositiveSmallIntegerField(
        _("percent done"), default=0,
        validators=[MinValueValidator(0), MaxValueValidator(100, _("Percent is at most 100."))],
    )
    done = models.TextField(_("what was done"), blank=True)
    result = models.TextField(_("result"), blank=True)
    problems = models.TextField(_("problems and obstacles"), blank=True)
    links = models.TextField(
        _("evidence links"), blank=True, help_text=_("One URL per line."), validators=[validate_links]
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("reported by"),
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    version = models.PositiveIntegerField(_("version"), default=0, editable=False)
    history = HistoricalRecords()

    objects = ProgressReportQuerySet.as_manager()

    class Meta:
        verbose_name = _("progress report")
        verbose_name_plural = _("progress reports")
        ordering = ["round", "measure__theme__number", "measure__number", "division__order"]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "measure", "division"],
                name="report_unique_round_measure_division",
                violation_error_message=_("This division already reported on that measure in that round."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.measure.code} {self.division} ({self.round.get_months_display()})"

    def clean(self):
        errors = {}
        if self.round_id and self.measure_id and self.round.plan_id != self.measure.plan_id:
            errors["measure"] = _("The measure belongs to another plan than the round.")
        if self.division_id and self.measure_id:
            measure = self.measure
            if self.division.organization_id != measure.plan.organization_id:
                errors["division"] = _("The division belongs to another agency.")
            elif not measure.all_divisions and not measure.divisions.filter(pk=self.division_id).exists():
                errors["division"] = _("This division is not responsible for the measure.")
        if self.status == self.Status.DONE and self.percent != 100:
            errors["percent"] = _("A measure that is done is 100 percent done.")
        elif self.status == self.Status.NOT_STARTED and self.percent:
            errors["percent"] = _("A measure not started is 0 percent done.")
        elif self.status == self.Status.IN_PROGRESS and self.percent == 100:
            errors["status"] = _("A measure that is 100 percent done is done.")
        if self.submitted_at is not None and self.status != self.Status.NOT_STARTED and not self.done.strip():
            errors["done"] = _("Say what was done before submitting.")  # a draft may say it later
        if errors:
            raise ValidationError(errors)

    def link_list(self) -> list[str]:
        return [line.strip() for line in self.links.splitlines() if line.strip()]

    def shown_links(self) -> list[tuple[str, bool]]:
        """Each link, and whether it may be shown as a live link: only web addresses are (one stored before
        the rule existed is listed as text)."""
        return [(link, is_web_address(link)) for link in self.link_list()]

    def is_submitted(self) -> bool:
        return self.submitted_at is not None


def evidence_path(instance: UploadedFile, filename: str) -> str:
    # Never trust the uploaded name on disk: a random name keeps only a lower-cased extension.
    suffix = PurePath(filename).suffix.lower()[:10]
    return f"{instance.folder}/{instance.organization_id_for_files()}/{uuid.uuid4().hex}{suffix}"


class UploadedFile(models.Model):
    """An evidence file as uploaded: stored as <folder>/<agency id>/<random name> (a backup relies on it), its type
    read from its content at upload (measures.forms.check_upload), never from the name it came with."""

    folder = "evidence"

    file = models.FileField(_("file"), upload_to=evidence_path, max_length=300)
    original_name = models.CharField(_("original file name"), max_length=255)
    size = models.PositiveIntegerField(_("size (bytes)"), default=0)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("uploaded by"),
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.original_name

    def organization_id_for_files(self) -> int:
        raise NotImplementedError

    def file_type(self) -> FileType | None:
        return filetypes.for_name(self.file.name)


class Evidence(UploadedFile):
    tenancy = Owned("report__round__plan__organization")

    report = models.ForeignKey(
        ProgressReport, models.CASCADE, related_name="evidence", verbose_name=_("progress report")
    )
    # Removing a file from an approved record must leave a trace; the stored file itself is kept.
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("evidence file")
        verbose_name_plural = _("evidence files")
        ordering = ["report", "uploaded_at"]

    def organization_id_for_files(self) -> int:
        return self.report.division.organization_id
