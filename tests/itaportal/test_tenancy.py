"""Every model says whom its rows belong to, and what reads the declarations fails closed without one."""
from __future__ import annotations

from types import SimpleNamespace

import pytest
from django.apps import apps
from django.contrib.auth.models import Group

from agencies.models import Organization
from agencies.roles import agency_admin_permissions
from agencies.scoping import scope
from itaportal.tenancy import NotDeclared, Owned, Platform, Shared, owned_by, tenancy_of
from measures.models import Evidence, Plan, ProgressReport


@pytest.mark.parametrize("model", apps.get_models(include_auto_created=True), ids=lambda m: m._meta.label)
def test_every_installed_model_declares_whom_its_rows_belong_to(model):
    tenancy = tenancy_of(model)
    assert isinstance(tenancy, (Owned, Shared, Platform))
    if isinstance(tenancy, Owned):  # the path really leads to an agency
        assert model._default_manager.filter(**{f"{tenancy.path}__in": Organization.objects.none()}).query


def test_a_model_that_declares_nothing_raises_instead_of_showing_every_row():
    undeclared = type("Undeclared", (), {"_meta": SimpleNamespace(label="tests.Undeclared")})
    with pytest.raises(NotDeclared):
        tenancy_of(undeclared)


def test_history_rows_belong_where_the_rows_they_record_do():
    assert tenancy_of(ProgressReport.history.model) == tenancy_of(ProgressReport)


def test_scoping_keeps_only_the_agencys_rows_and_its_history(people, po, other_org, plan):
    ProgressReport.objects.create(round=plan.rounds.first(), measure=plan.measures.get(theme__number=1, number=3),
                                  division=po.divisions.get(name="สำนักปลัด"))
    other_plan = Plan.objects.create(organization=other_org, fiscal_year=2568)
    assert other_plan not in scope(Plan.objects.all(), people["admin"])
    assert set(scope(Plan.objects.all(), people["outsider"])) == {other_plan}
    assert not scope(ProgressReport.history.all(), people["outsider"]).exists()
    assert scope(ProgressReport.history.all(), people["admin"]).exists()


def test_platform_rows_are_no_agencys(db):
    Group.objects.create(name="anyone")
    assert not owned_by(Group.objects.all(), Organization.objects.all()).exists()


def test_agency_admins_manage_owned_rows_change_their_agency_and_only_read_frameworks(db):
    codenames = {p.codename for p in agency_admin_permissions()}
    assert {"add_evidence", "delete_progressreport", "change_plan", "view_reminderlog"} <= codenames
    assert {"view_organization", "change_organization"} <= codenames
    assert not {"add_organization", "delete_organization"} & codenames
    assert "view_framework" in codenames and not {"change_framework", "add_item"} & codenames
    assert not [c for c in codenames if "user" in c or "group" in c or "historical" in c]
    assert Evidence._meta.model_name in {c.split("_", 1)[1] for c in codenames}
