"""The demo agency's OIT workspace for ITA 2568, small evidence files, and the pages' URLs."""
from __future__ import annotations

import pytest
from django.urls import reverse

from assessments.loading import framework_file, load_framework_file
from oit.services import open_workspace


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def framework_2568(db):
    return load_framework_file(framework_file(2568))


@pytest.fixture
def workspace(po, framework_2568):
    return open_workspace(organization=po, year=2568)


@pytest.fixture
def palad(po):
    return po.divisions.get(name="สำนักปลัด")


@pytest.fixture
def finance(po):
    return po.divisions.get(name="กองคลัง")


@pytest.fixture
def assigned(workspace, palad, finance):
    """O1–O3 belong to สำนักปลัด, O12 to กองคลัง; the rest are not assigned."""
    workspace.items.filter(item__code__in=["O1", "O2", "O3"]).update(division=palad)
    workspace.items.filter(item__code="O12").update(division=finance)
    return workspace


@pytest.fixture
def login(client):
    def as_user(user):
        client.force_login(user)
        return client
    return as_user


def board_url(year: int = 2568, slug: str = "po") -> str:
    return reverse("oit-board", args=[slug, year])


def item_url(code: str, year: int = 2568, slug: str = "po") -> str:
    return reverse("oit-item", args=[slug, year, code])


def item_data(**overrides) -> dict:
    data = {"status": "in_progress", "links": "", "note": ""}
    data.update(overrides)
    return data
