"""Django permissions that go with an agency role; the admin site scopes rows by organisation on top."""
from __future__ import annotations

from django.contrib.auth.models import Group, Permission

AGENCY_ADMINS = "ผู้ดูแลระบบของหน่วยงาน"
MANAGED = {
    "measures": ["division", "membership", "plan", "theme", "themeitem", "measure", "progressround",
                 "progressreport", "evidence"],
    "assessments": ["assessment", "toolscore", "indicatorscore", "subindicatorscore", "itemscore"],
}
READ_ONLY = {"assessments": ["framework", "tool", "indicator", "subindicator", "item", "band"],
             "measures": ["organization"]}


def agency_admin_group() -> Group:
    group, _ = Group.objects.get_or_create(name=AGENCY_ADMINS)
    wanted = []
    for app, models in MANAGED.items():
        for action in ("view", "add", "change", "delete"):
            wanted += [(app, f"{action}_{model}") for model in models]
    for app, models in READ_ONLY.items():
        wanted += [(app, f"view_{model}") for model in models]
    wanted.append(("measures", "change_organization"))
    permissions = [
        Permission.objects.get(content_type__app_label=app, codename=codename) for app, codename in wanted
    ]
    group.permissions.set(permissions)
    return group


def grant_admin_access(user) -> None:
    user.is_staff = True
    user.save(update_fields=["is_staff"])
    user.groups.add(agency_admin_group())
