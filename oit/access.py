"""Who may do what in an OIT workspace: members read it; staff edit their division's items; admins edit
and assign every item; executives read the whole board. Every view fetches through these helpers."""
from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from agencies.access import require_membership
from agencies.models import Membership, Organization, Role
from oit.models import Workspace, WorkspaceItem


def get_workspace_for_user(user, org_slug: str, year: int) -> tuple[Workspace, Membership]:
    workspace = get_object_or_404(
        Workspace.objects.select_related("organization", "framework"), organization__slug=org_slug, year=year)
    return workspace, require_membership(user, workspace.organization)


def get_organization_for_user(user, org_slug: str, *, manage: bool = False) -> tuple[Organization, Membership]:
    organization = get_object_or_404(Organization, slug=org_slug)
    membership = require_membership(user, organization)
    if manage and not can_assign(membership):
        raise PermissionDenied("only the agency's admins open its OIT workspace")
    return organization, membership


def can_edit(membership: Membership, item: WorkspaceItem) -> bool:
    if membership.role == Role.ADMIN:
        return True
    return membership.role == Role.STAFF and item.division_id is not None and item.division_id == membership.division_id


def can_assign(membership: Membership) -> bool:
    return membership.role == Role.ADMIN


def get_item_for_user(user, workspace: Workspace, code: str, *, edit: bool = False) -> tuple[WorkspaceItem, Membership]:
    membership = require_membership(user, workspace.organization)
    item = get_object_or_404(
        WorkspaceItem.objects.select_related("item", "division").prefetch_related("links", "files"),
        workspace=workspace, item__code=code)
    item.workspace = workspace
    if edit and not can_edit(membership, item):
        raise PermissionDenied("staff edit only their own division's OIT items")
    return item, membership
