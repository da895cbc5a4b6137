"""Which agencies a user may manage or read, and the rows of a queryset that belong to them.

Whom a row belongs to is declared on its model (itaportal/tenancy.py); this module adds the people: an
agency's admins manage its rows, superusers every agency's.
"""
from __future__ import annotations

from django.contrib.admin.models import LogEntry
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.contrib.sessions.models import Session

from agencies.models import Membership, Organization, Role
from itaportal.tenancy import Owned, Platform, declare, owned_by


def declare_outside_models() -> None:
    """Models we do not write ourselves: a user belongs to the agencies of their memberships."""
    declare(get_user_model(), Owned("memberships__organization"))
    for model in (Group, Permission, ContentType, Session, LogEntry, Group.permissions.through,
                  get_user_model().groups.through, get_user_model().user_permissions.through):
        declare(model, Platform())
    from axes.models import AccessAttempt, AccessAttemptExpiration, AccessFailureLog, AccessLog  # noqa: PLC0415

    for model in (AccessAttempt, AccessAttemptExpiration, AccessFailureLog, AccessLog):
        declare(model, Platform())


def organizations_for(user, roles=(Role.ADMIN,)):
    """The organisations in which the user holds one of the roles."""
    if not user.is_authenticated:
        return Organization.objects.none()
    return Organization.objects.filter(memberships__user=user, memberships__role__in=roles)


def scope(queryset, user, roles=(Role.ADMIN,)):
    """Restricts a queryset to the rows of the user's organisations (every row for superusers)."""
    if user.is_superuser:
        return queryset
    return owned_by(queryset, organizations_for(user, roles))


def unattached_or_own_users(user):
    """Whom an agency admin may add to their agency: their own members, and accounts no agency has yet.

    A user who belongs to another agency is never offered: adding them would change that agency's person;
    nor is an account of the platform's own staff (admin access, no agency).
    """
    users = get_user_model().objects.all()
    if user.is_superuser:
        return users
    elsewhere = Membership.objects.exclude(organization__in=organizations_for(user)).values("user_id")
    platform_staff = users.filter(is_staff=True, memberships__isnull=True).values("pk")
    return users.filter(is_superuser=False).exclude(pk__in=elsewhere).exclude(pk__in=platform_staff)

