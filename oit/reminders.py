"""Telling a division that evidence links of its OIT items broke: one email per division and run, listing
only the links that broke in that run, so that a link is reported once per breakage."""
from __future__ import annotations

from collections import defaultdict

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from agencies.models import Division


def recipients(division: Division) -> list[str]:
    """The division's members, as send_reminders finds them."""
    return sorted({
        m.user.email for m in division.memberships.select_related("user") if m.user.email and m.user.is_active
    })


def send_broken_links(*, organization, findings) -> int:
    """Emails each division whose workspace items have a link that broke in this run; returns how many
    emails went out. Called inside the transaction that recorded the run: if sending fails, the breakage is
    not recorded either, and the next run reports it again."""
    by_division = defaultdict(list)
    for finding in findings:
        if finding.newly_broken and finding.target.workspace and finding.target.division_id:
            by_division[finding.target.division_id].append(finding)
    sent = 0
    for division in Division.objects.filter(pk__in=by_division, organization=organization).order_by("order"):
        to = recipients(division)
        if not to:
            continue
        found = by_division[division.pk]
        site = getattr(settings, "SITE_URL", "").rstrip("/")
        context = {
            "division": division, "organization": organization, "findings": found, "on": timezone.localdate(),
            "boards": [site + reverse("oit-board", args=[organization.slug, year])
                       for year in sorted({f.target.year for f in found})],
        }
        with translation.override("th"):
            subject = " ".join(render_to_string("oit/email/broken_links_subject.txt", context).split())
            body = render_to_string("oit/email/broken_links.txt", context)
        EmailMessage(subject, body, to=to).send()
        sent += 1
    return sent
