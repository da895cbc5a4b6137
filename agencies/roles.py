"""Django permissions that go with an agency role; the admin site scopes rows by organisation on top.

They follow the models' tenancy declarations: an agency admin manages the rows their agency owns, changes
(but neither adds nor deletes) the agency itself, and reads the shared frameworks.
"""
from __future__ import annotations

from django.contrib.auth.models import Group, Permission

from agencies.models import Role
from itaportal.tenancy import Owned, Shared, declared_models, tenancy_of

AGENCY_ADMINS = "ผู้ดูแลระบบของหน่วยงาน"


def actions_for(model) -> tuple[str, ...]:
    tenancy = tenancy_of(model)
    if isinstance(tenancy, Owned):
        return ("view", "change") if tenancy.path == "pk" else ("view", "add", "change", "delete")
    return ("view",) if isinstance(tenancy, Shared) else ()


def agency_admin_permissions():
    wanted = [
        (model._meta.app_label, f"{action}_{model._meta.model_name}")
        for model in declared_models() for action in actions_for(model)
    ]
    return [Permission.objects.get(content_type__app_label=app, codename=codename) for app, codename in wanted]


def agency_admin_group() -> Group:
    group, _ = Group.objects.get_or_create(name=AGENCY_ADMINS)
    group.permissions.set(agency_admin_permissions())
    return group


def grant_admin_access(user) -> None:
    user.is_staff = True
    user.save(update_fields=["is_staff"])
    user.groups.add(agency_admin_group())


def revoke_admin_access(user) -> None:
    """After a membership stops being an admin one: no admin site for someone who administers no agency."""
    if user.is_superuser or user.memberships.filter(role=Role.ADMIN).exists():
        return
    user.is_staff = False
    user.save(update_fields=["is_staff"])
    user.groups.remove(*Group.objects.filter(name=AGENCY_ADMINS))
