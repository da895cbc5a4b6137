"""Every portal URL against every kind of visitor: the status each one gets."""
from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.urls import reverse

from agencies.models import Organization
from measures.models import Evidence, ProgressReport
from measures.services import approve_round
from tests.measures.conftest import PDF, form_data, report_url

VISITORS = ["anonymous", "owner", "neighbour", "admin", "executive", "outsider"]

# url name -> (method, expected status for each visitor, in the order of VISITORS)
MATRIX = {
    "home":             ("get",  [302, 302, 302, 302, 302, 200]),
    "dashboard":        ("get",  [302, 200, 200, 200, 200, 404]),
    "measure":          ("get",  [302, 200, 200, 200, 200, 404]),
    "round":            ("get",  [302, 200, 200, 200, 200, 404]),
    "report form":      ("get",  [302, 200, 403, 200, 403, 404]),
    "report save":      ("post", [302, 302, 403, 302, 403, 404]),
    "approve":          ("post", [302, 403, 403, 302, 302, 404]),
    "reopen":           ("post", [302, 403, 403, 302, 302, 404]),
    "publish":          ("post", [302, 403, 403, 302, 403, 404]),
    "evidence":         ("get",  [302, 200, 200, 200, 200, 404]),
    "public page":      ("get",  [200, 200, 200, 200, 200, 200]),
    "public evidence":  ("get",  [200, 200, 200, 200, 200, 200]),
    "public draft evidence": ("get", [404, 404, 404, 404, 404, 404]),
}
CASES = [
    pytest.param(name, method, visitor, status, id=f"{name}-{visitor}")
    for name, (method, statuses) in MATRIX.items()
    for visitor, status in zip(VISITORS, statuses)
]


def evidence_on(report: ProgressReport) -> Evidence:
    evidence = Evidence(report=report, original_name="หลักฐาน.pdf", size=len(PDF))
    evidence.file.save("x.pdf", ContentFile(PDF), save=False)
    evidence.save()
    return evidence


@pytest.fixture
def urls(plan, six, twelve, palad, palad_measure, people):
    """Six-month round open with a draft; year-end round approved with a submitted report."""
    draft = ProgressReport.objects.create(round=six, measure=palad_measure, division=palad, percent=10,
                                          status="in_progress", version=1)
    final = ProgressReport.objects.create(round=twelve, measure=palad_measure, division=palad, status="done",
                                          percent=100, done="เสร็จแล้ว", submitted_at="2025-10-01T09:00:00+07:00")
    draft_evidence, final_evidence = evidence_on(draft), evidence_on(final)
    approve_round(round=twelve, by=people["admin"])
    slug, year = plan.organization.slug, plan.fiscal_year
    return {
        "home": (reverse("measures-home"), None),
        "dashboard": (reverse("measures-dashboard", args=[slug, year]), None),
        "measure": (reverse("measures-detail", args=[slug, year, 1, 3]), None),
        "round": (reverse("measures-round", args=[slug, year, 6]), None),
        "report form": (report_url(six, palad_measure, palad), None),
        "report save": (report_url(six, palad_measure, palad), form_data(version=1)),
        "approve": (reverse("measures-round-approve", args=[slug, year, 6]), {}),
        "reopen": (reverse("measures-round-reopen", args=[slug, year, 12]), {"reason": "แก้ไขตัวเลข"}),
        "publish": (reverse("measures-publish", args=[slug, year]), {}),
        "evidence": (reverse("measures-evidence", args=[draft_evidence.pk]), None),
        "public page": (reverse("measures-public", args=[slug, year]), None),
        "public evidence": (reverse("measures-public-evidence", args=[slug, year, final_evidence.pk]), None),
        "public draft evidence": (reverse("measures-public-evidence", args=[slug, year, draft_evidence.pk]), None),
    }


@pytest.mark.parametrize("name, method, visitor, expected", CASES)
def test_each_visitor_gets_the_expected_status(client, urls, people, name, method, visitor, expected):
    if visitor != "anonymous":
        client.force_login(people[visitor])
    url, data = urls[name]
    response = getattr(client, method)(url, data or {})
    assert response.status_code == expected
    if expected == 302 and visitor == "anonymous":
        assert response["Location"].startswith(reverse("login"))


def test_another_agencys_plan_is_not_found_even_for_its_own_public_url_when_unpublished(client, plan, people):
    plan.status = plan.Status.DRAFT
    plan.save()
    client.force_login(people["outsider"])
    assert client.get(reverse("measures-public", args=["po", 2568])).status_code == 404
    assert client.get(reverse("measures-dashboard", args=["po", 2568])).status_code == 404


def test_an_unknown_agency_or_year_is_not_found(client, people):
    client.force_login(people["admin"])
    assert client.get(reverse("measures-dashboard", args=["nowhere", 2568])).status_code == 404
    assert client.get(reverse("measures-dashboard", args=["po", 2500])).status_code == 404


def test_approving_by_get_is_not_allowed(client, people):
    client.force_login(people["admin"])
    assert client.get(reverse("measures-round-approve", args=["po", 2568, 6])).status_code == 405


@pytest.mark.parametrize("slug", ["public", "evidence", "fonts", "accounts"])
def test_an_agency_cannot_take_a_slug_the_portal_uses_for_its_own_pages(db, slug):
    with pytest.raises(ValidationError) as error:
        Organization(name="หน่วยงาน", short_name="หน่วยงาน", slug=slug).full_clean()
    assert "slug" in error.value.message_dict
