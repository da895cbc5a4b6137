"""Shared setup: the demo agency อบต.ปอ (its published figures and plan), an owner, a colleague and
outsiders (another division, another agency)."""
from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache

from agencies.models import Division, Membership, Organization, Role
from measures.seeding import DEMO_DIR, load_agency


@pytest.fixture(autouse=True)
def empty_cache():
    """Every test starts with an empty cache of pages and documents."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def po(db):
    organization, _ = load_agency(DEMO_DIR / "po.toml")
    return organization


@pytest.fixture
def assessment_2567(po):
    return po.assessments.select_related("framework").get(year=2567)


@pytest.fixture
def plan(po):
    return po.plans.get(fiscal_year=2568)


def make_member(username, organization, role, division=None):
    user = get_user_model().objects.create_user(username=username, password="pw-" + username)
    Membership.objects.create(user=user, organization=organization, role=role, division=division)
    return user


@pytest.fixture
def other_org(db):
    organization = Organization.objects.create(name="เทศบาลตำบลอื่น", short_name="ทต.อื่น", slug="other")
    Division.objects.create(organization=organization, name="สำนักปลัด")
    return organization


@pytest.fixture
def people(po, other_org):
    """owner: staff of สำนักปลัด; colleague: same division; neighbour: staff of กองคลัง; admin; executive;
    outsider: admin of another agency."""
    palad = po.divisions.get(name="สำนักปลัด")
    finance = po.divisions.get(name="กองคลัง")
    return {
        "owner": make_member("owner", po, Role.STAFF, palad),
        "colleague": make_member("colleague", po, Role.STAFF, palad),
        "neighbour": make_member("neighbour", po, Role.STAFF, finance),
        "admin": make_member("admin", po, Role.ADMIN, palad),
        "executive": make_member("executive", po, Role.EXECUTIVE),
        "outsider": make_member("outsider", other_org, Role.ADMIN, other_org.divisions.first()),
    }
