"""Agencies, their divisions, and the people who work in them with a role."""
from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from itaportal.tenancy import Owned

# First path segments the portal uses itself: an agency with one of these slugs would be unreachable.
RESERVED_SLUGS = {"accounts", "admin", "evidence", "fonts", "media", "public", "reports", "static"}


class Organization(models.Model):
    tenancy = Owned("pk")

    class Kind(models.TextChoices):
        SAO = "sao", _("subdistrict administrative organization")
        MUNICIPALITY = "municipality", _("municipality")
        PAO = "pao", _("provincial administrative organization")
        GOVERNMENT = "government", _("government agency")
        OTHER = "other", _("other")

    name = models.CharField(_("name"), max_length=200)
    short_name = models.CharField(_("short name"), max_length=100)
    slug = models.SlugField(_("slug"), unique=True, help_text=_("Used in public URLs; keep it stable."))
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.SAO)
    province = models.CharField(_("province"), max_length=100, blank=True)

    class Meta:
        db_table = "measures_organization"  # the table predates this app
        verbose_name = _("organization")
        verbose_name_plural = _("organizations")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.short_name or self.name

    def clean(self):
        if self.slug in RESERVED_SLUGS:
            raise ValidationError({"slug": _("The portal uses this name for its own pages; choose another.")})


class Division(models.Model):
    tenancy = Owned("organization")

    organization = models.ForeignKey(
        Organization, models.CASCADE, related_name="divisions", verbose_name=_("organization")
    )
    name = models.CharField(_("name"), max_length=200)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        db_table = "measures_division"
        verbose_name = _("division")
        verbose_name_plural = _("divisions")
        ordering = ["organization", "order", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "name"],
                name="division_unique_name",
                violation_error_message=_("This agency already has a division with that name."),
            )
        ]

    def __str__(self) -> str:
        return self.name


class Role(models.TextChoices):
    STAFF = "staff", _("staff")
    ADMIN = "admin", _("admin")
    EXECUTIVE = "executive", _("executive")


class Membership(models.Model):
    tenancy = Owned("organization")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.CASCADE, related_name="memberships", verbose_name=_("user")
    )
    organization = models.ForeignKey(
        Organization, models.CASCADE, related_name="memberships", verbose_name=_("organization")
    )
    division = models.ForeignKey(
        Division, models.PROTECT, null=True, blank=True, related_name="memberships",
        verbose_name=_("division"),
    )
    role = models.CharField(_("role"), max_length=10, choices=Role.choices, default=Role.STAFF)

    class Meta:
        db_table = "measures_membership"
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organization"],
                name="membership_unique_user_org",
                violation_error_message=_("This user is already a member of that agency."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} @ {self.organization} ({self.get_role_display()})"

    def clean(self):
        if self.division_id and self.division.organization_id != self.organization_id:
            raise ValidationError({"division": _("The division belongs to another agency.")})
        if self.role == Role.STAFF and not self.division_id:
            raise ValidationError({"division": _("Staff must belong to a division.")})

    def can_manage_plan(self) -> bool:
        return self.role == Role.ADMIN

    def can_approve(self) -> bool:
        return self.role in (Role.ADMIN, Role.EXECUTIVE)

    def can_edit_part(self, division_id: int) -> bool:
        """Admins keep every division's report; staff only their own division's part; executives only read."""
        if self.role == Role.ADMIN:
            return True
        return self.role == Role.STAFF and self.division_id == division_id
