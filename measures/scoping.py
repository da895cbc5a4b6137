"""Which organisation a record belongs to, and which organisations a user may manage or read."""
from __future__ import annotations

from assessments.models import Assessment, IndicatorScore, ItemScore, SubIndicatorScore, ToolScore
from measures.models import (
    Division, Evidence, Measure, Membership, Organization, Plan, ProgressReport, ProgressRound, Role, Theme,
    ThemeItem,
)
from measures.models.progress import RoundEvent
from measures.models.reminders import ReminderLog

# Lookup path from each tenant-owned model to its Organization.
ORGANIZATION_PATHS = {
    Organization: "pk",
    Division: "organization",
    Membership: "organization",
    Plan: "organization",
    Theme: "plan__organization",
    ThemeItem: "theme__plan__organization",
    Measure: "plan__organization",
    ProgressRound: "plan__organization",
    ProgressReport: "round__plan__organization",
    Evidence: "report__round__plan__organization",
    RoundEvent: "round__plan__organization",
    ReminderLog: "division__organization",
    Assessment: "organization",
    ToolScore: "assessment__organization",
    IndicatorScore: "assessment__organization",
    SubIndicatorScore: "assessment__organization",
    ItemScore: "assessment__organization",
}


def organizations_for(user, roles=(Role.ADMIN,)):
    """The organisations in which the user holds one of the roles."""
    if not user.is_authenticated:
        return Organization.objects.none()
    return Organization.objects.filter(memberships__user=user, memberships__role__in=roles)


def scope(queryset, user, roles=(Role.ADMIN,)):
    """Restrict a queryset of a tenant-owned model to the user's organisations (all for superusers)."""
    if user.is_superuser:
        return queryset
    path = ORGANIZATION_PATHS.get(queryset.model)
    if path is None:
        return queryset
    return queryset.filter(**{f"{path}__in": organizations_for(user, roles)}).distinct()
