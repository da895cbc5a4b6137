"""What the management commands share about agencies."""
from __future__ import annotations

from django.core.management.base import CommandError

from agencies.models import Organization


def organization(slug: str) -> Organization:
    found = Organization.objects.filter(slug=slug).first()
    if found is None:
        raise CommandError(f"No organization with the slug {slug!r}.", returncode=2)
    return found
