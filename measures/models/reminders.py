"""What reminder each division was sent on a day, so that running the reminders twice sends nothing new."""
from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from agencies.models import Division
from itaportal.tenancy import Owned


class ReminderLog(models.Model):
    tenancy = Owned("division__organization")

    division = models.ForeignKey(
        Division, models.CASCADE, related_name="reminders", verbose_name=_("division")
    )
    sent_on = models.DateField(_("sent on"))
    recipients = models.TextField(_("recipients"))
    due = models.PositiveIntegerField(_("reports due"), default=0)
    overdue = models.PositiveIntegerField(_("reports overdue"), default=0)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        ordering = ["-sent_on", "division"]
        constraints = [
            models.UniqueConstraint(fields=["division", "sent_on"], name="reminder_once_a_day"),
        ]

    def __str__(self) -> str:
        return f"{self.division} {self.sent_on}"
