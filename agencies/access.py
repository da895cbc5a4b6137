"""A user's membership in an agency: what every view asks before it shows or changes anything."""
from __future__ import annotations

from django.http import Http404

from agencies.models import Membership, Organization, Role


def membership_for(user, organization: Organization) -> Membership | None:
    """The user's membership in the agency; superusers act as its admins. Cached on the user."""
    if not user.is_authenticated:
        return None
    cache = user.__dict__.setdefault("_ita_memberships", {})
    if organization.pk not in cache:
        membership = (
            Membership.objects.select_related("division").filter(user=user, organization=organization).first()
        )
        if membership is None and user.is_superuser:
            membership = Membership(user=user, organization=organization, role=Role.ADMIN)
        cache[organization.pk] = membership
    return cache[organization.pk]


def require_membership(user, organization: Organization) -> Membership:
    membership = membership_for(user, organization)
    if membership is None:
        raise Http404("not a member of this agency")
    return membership
