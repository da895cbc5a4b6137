"""The OIT workspace: for each OIT item of an assessment year, who prepares it, how far it is and its evidence.

OIT is scored from the evidence an agency publishes: links and files that assessors open in the
assessment window. A workspace holds one row per OIT item of the year's framework; the link checker
(oit/linkcheck.py) records whether each evidence URL still works.
"""
from __future__ import annotations


from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from agencies.models import Division, Organization
from itaportal.tenancy import Owned
from measures.models.progress import UploadedFile


class Workspace(models.Model):
    tenancy = Owned("organization")
    shown_in_plans = False  # no plan page or document shows OIT rows: their edits leave plan caches alone

    organization = models.ForeignKey(
        Organization, models.CASCADE, related_name="oit_workspaces", verbose_name=_("organization")
    )
    year = models.PositiveSmallIntegerField(_("assessment year (B.E.)"))
    framework = models.ForeignKey(
        "assessments.Framework", models.PROTECT, related_name="oit_workspaces", verbose_name=_("framework")
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("OIT workspace")
        verbose_name_plural = _("OIT workspaces")
        ordering = ["organization", "-year"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "year"], name="workspace_unique_org_year",
                violation_error_message=_("This agency already has an OIT workspace for that year."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.organization} OIT {self.year}"

    def clean(self):
        if self.framework_id and self.year and self.framework.year != self.year:
            raise ValidationError({"framework": _("The framework is for another year than the workspace.")})


class Status(models.TextChoices):
    # Their own words (ยังไม่เริ่ม / กำลังจัดทำ / พร้อมส่ง), not those of a measure's progress.
    NOT_STARTED = "not_started", pgettext_lazy("OIT item status", "not started")
    IN_PROGRESS = "in_progress", pgettext_lazy("OIT item status", "in progress")
    READY = "ready", pgettext_lazy("OIT item status", "ready to submit")


class WorkspaceItem(models.Model):
    tenancy = Owned("workspace__organization")
    shown_in_plans = False

    workspace = models.ForeignKey(Workspace, models.CASCADE, related_name="items", verbose_name=_("workspace"))
    item = models.ForeignKey("assessments.Item", models.PROTECT, related_name="+", verbose_name=_("OIT item"))
    division = models.ForeignKey(
        Division, models.SET_NULL, null=True, blank=True, related_name="oit_items",
        verbose_name=_("responsible division"),
    )
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.NOT_STARTED)
    note = models.TextField(_("note"), blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("changed by"),
    )
    updated_at = models.DateTimeField(_("changed at"), auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("OIT item")
        verbose_name_plural = _("OIT items")
        ordering = ["workspace", "item__order"]
        constraints = [
            models.UniqueConstraint(fields=["workspace", "item"], name="workspaceitem_unique_item")
        ]

    def __str__(self) -> str:
        return f"{self.item.code} {self.item.text}"

    @property
    def code(self) -> str:
        return self.item.code

    def clean(self):
        errors = {}
        if self.workspace_id and self.item_id and self.item.framework_id != self.workspace.framework_id:
            errors["item"] = _("%(code)s is not an item of ITA %(year)s.") % {
                "code": self.item.code, "year": self.workspace.year}
        if self.division_id and self.workspace_id and self.division.organization_id != self.workspace.organization_id:
            errors["division"] = _("The division belongs to another agency.")
        if errors:
            raise ValidationError(errors)

    def is_public(self) -> bool:
        """Only what the division marked ready is published: drafts stay inside the agency."""
        return self.status == Status.READY


WEB_ADDRESS = URLValidator(schemes=["http", "https"], message=_("Enter a web address that starts with http:// or https://."))


class EvidenceLink(models.Model):
    tenancy = Owned("workspace_item__workspace__organization")
    shown_in_plans = False

    workspace_item = models.ForeignKey(
        WorkspaceItem, models.CASCADE, related_name="links", verbose_name=_("OIT item")
    )
    url = models.URLField(_("web address"), max_length=500, validators=[WEB_ADDRESS])
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("evidence link")
        verbose_name_plural = _("evidence links")
        ordering = ["workspace_item", "order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["workspace_item", "url"], name="evidencelink_unique_url")
        ]

    def __str__(self) -> str:
        return self.url


class EvidenceFile(UploadedFile):
    tenancy = Owned("workspace_item__workspace__organization")
    shown_in_plans = False
    folder = "oit"

    workspace_item = models.ForeignKey(
        WorkspaceItem, models.CASCADE, related_name="files", verbose_name=_("OIT item")
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("OIT evidence file")
        verbose_name_plural = _("OIT evidence files")
        ordering = ["workspace_item", "uploaded_at"]

    def organization_id_for_files(self) -> int:
        return self.workspace_item.workspace.organization_id


class LinkStatus(models.Model):
    """The latest check of one of an agency's evidence URLs (workspace links and progress report links)."""

    tenancy = Owned("organization")
    shown_in_plans = False

    organization = models.ForeignKey(
        Organization, models.CASCADE, related_name="link_statuses", verbose_name=_("organization")
    )
    url = models.URLField(_("web address"), max_length=500)
    checked_at = models.DateTimeField(_("last checked"))
    ok = models.BooleanField(_("works"))
    status_code = models.PositiveSmallIntegerField(_("HTTP status"), null=True, blank=True)
    reason = models.CharField(_("reason"), max_length=200, blank=True)
    broken_since = models.DateTimeField(_("broken since"), null=True, blank=True)

    class Meta:
        verbose_name = _("link status")
        verbose_name_plural = _("link statuses")
        ordering = ["organization", "url"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "url"], name="linkstatus_unique_url")
        ]

    def __str__(self) -> str:
        return self.url

    def reason_display(self) -> str:
        """"404" stays a status code; the checker's own reasons ("timeout") read in the reader's language."""
        from oit.linkcheck import reason_label

        return reason_label(self.reason) if self.reason else str(self.status_code or "")


class LinkEvent(models.Model):
    """A change in a URL's outcome (and its first check): when it broke, when it came back."""

    tenancy = Owned("status__organization")
    shown_in_plans = False

    status = models.ForeignKey(LinkStatus, models.CASCADE, related_name="events", verbose_name=_("link status"))
    checked_at = models.DateTimeField(_("checked at"))
    ok = models.BooleanField(_("works"))
    status_code = models.PositiveSmallIntegerField(_("HTTP status"), null=True, blank=True)
    reason = models.CharField(_("reason"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("link check")
        verbose_name_plural = _("link checks")
        ordering = ["status", "-checked_at"]

    def __str__(self) -> str:
        return f"{self.status.url} {self.checked_at:%Y-%m-%d %H:%M}"
