"""The public OIT page: every item, with the evidence of those marked ready at stable, absolute URLs (what
the agency pastes into the NACC's system), the agency's published documents filled in on the role items,
and no staff names."""
from __future__ import annotations

import pytest
from django.urls import reverse

from assessments.models import Item
from measures.models import Plan, ProgressRound
from measures.services import approve_round
from oit.documents import document_links
from oit.models import EvidenceFile, Status
from tests.measures.conftest import DOCX, PDF, upload
from tests.oit.conftest import item_data, item_url

URL = reverse("oit-public", args=["po", 2568])


@pytest.fixture
def evidence(login, people, assigned):
    """O1 ready with a link and a file; O2 in progress with its own link and file."""
    client = login(people["owner"])
    client.post(item_url("O1"), item_data(status="ready", links="https://www.po.go.th/structure",
                                           note="บันทึกภายใน", files=[upload("ผังองค์กร.pdf", PDF)]))
    client.post(item_url("O2"), item_data(status="in_progress", links="https://www.po.go.th/draft",
                                           files=[upload("ร่าง.docx", DOCX)]))
    client.logout()
    return {code: EvidenceFile.objects.get(workspace_item__item__code=code) for code in ("O1", "O2")}


@pytest.fixture
def role_items(framework_2568):
    """ITA 2568 names no role yet (docs/DOMAIN.md): these tests give O25 and O26 the roles 2569 gives them."""
    framework_2568.items.filter(code="O25").update(role=Item.Role.MEASURES_DOCUMENT)
    framework_2568.items.filter(code="O26").update(role=Item.Role.PROGRESS_REPORT)


def section(html: str, code: str) -> str:
    start = html.index(f'<li id="{code}">')
    end = html.find('<li id="O', start + 1)
    return html[start:end if end > 0 else len(html)]


def test_anyone_reads_it_without_logging_in(client, evidence):
    response = client.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert "องค์การบริหารส่วนตำบลปอ" in html
    assert "การประเมิน ITA 2568" in html
    assert html.count('<li id="O') == 26


def test_ready_items_show_their_evidence_as_copyable_absolute_urls(client, evidence):
    html = client.get(URL).content.decode()
    o1 = section(html, "O1")
    assert ">https://www.po.go.th/structure</a>" in o1
    file_url = "http://testserver" + reverse("oit-public-file", args=["po", 2568, evidence["O1"].pk])
    assert f'href="{file_url}">{file_url}</a>' in o1
    assert "ผังองค์กร.pdf" in o1


def test_items_not_ready_show_no_evidence(client, evidence):
    html = client.get(URL).content.decode()
    o2 = section(html, "O2")
    assert "ยังไม่เผยแพร่" in o2
    assert "po.go.th/draft" not in html
    assert "ร่าง.docx" not in html
    assert "ยังไม่เผยแพร่" in section(html, "O3")


def test_no_staff_names_or_internal_notes(client, evidence, people):
    html = client.get(URL).content.decode()
    assert "บันทึกภายใน" not in html
    assert "owner" not in html
    assert "สำนักปลัด" not in html


def test_it_is_thai_whatever_the_browser_prefers(client, evidence):
    html = client.get(URL, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "ยังไม่เผยแพร่" in html


def test_it_uses_site_url_when_set(settings, client, evidence):
    settings.SITE_URL = "https://ita.example.go.th/"
    html = client.get(URL).content.decode()
    assert "https://ita.example.go.th" + reverse("oit-public-file", args=["po", 2568, evidence["O1"].pk]) in html


def test_a_ready_items_file_is_served_to_anyone(client, evidence):
    response = client.get(reverse("oit-public-file", args=["po", 2568, evidence["O1"].pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("inline")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == PDF


def test_a_file_of_an_item_not_ready_is_404(client, evidence):
    assert client.get(reverse("oit-public-file", args=["po", 2568, evidence["O2"].pk])).status_code == 404


def test_a_file_is_404_under_another_agency_or_year(client, evidence, other_org, framework_2568):
    from oit.services import open_workspace

    open_workspace(organization=other_org, year=2568)
    pk = evidence["O1"].pk
    assert client.get(reverse("oit-public-file", args=["other", 2568, pk])).status_code == 404
    assert client.get(reverse("oit-public-file", args=["po", 2569, pk])).status_code == 404


def test_a_file_of_an_item_set_back_from_ready_is_no_longer_served(client, evidence, assigned):
    url = reverse("oit-public-file", args=["po", 2568, evidence["O1"].pk])
    assigned.items.filter(item__code="O1").update(status=Status.IN_PROGRESS)
    assert client.get(url).status_code == 404


def test_an_agency_without_a_workspace_is_404(client, po):
    assert client.get(URL).status_code == 404


def test_the_role_items_show_the_published_documents_automatically(client, login, people, assigned, role_items,
                                                                   plan):
    plan.status = Plan.Status.PUBLISHED
    plan.save()
    approve_round(round=plan.rounds.get(months=6), by=people["admin"])
    assigned.items.filter(item__code__in=["O25", "O26"]).update(status=Status.READY)
    html = client.get(URL).content.decode()
    measures_pdf = "http://testserver" + reverse("reports-public-measures-pdf", args=["po", 2568])
    six = "http://testserver" + reverse("reports-public-progress-pdf", args=["po", 2568, 6])
    twelve = reverse("reports-public-progress-pdf", args=["po", 2568, 12])
    assert f'href="{measures_pdf}">{measures_pdf}</a>' in section(html, "O25")
    assert f'href="{six}">{six}</a>' in section(html, "O26")
    assert twelve not in html  # not approved: its PDF is not public

    board = login(people["owner"]).get(reverse("oit-board", args=["po", 2568])).content.decode()
    o25 = board[board.index('id="item-O25"'):board.index('id="item-O26"')]
    assert measures_pdf in o25 and "ระบบใส่ให้อัตโนมัติ" in o25


def test_no_documents_while_the_plan_is_a_draft(assigned, role_items, plan):
    plan.status = Plan.Status.DRAFT
    plan.save()
    assert document_links(assigned, "https://ita.example.go.th") == {}


def test_document_links_by_item(assigned, role_items, plan, people):
    plan.status = Plan.Status.PUBLISHED
    plan.save()
    for progress_round in plan.rounds.all():
        progress_round.status = ProgressRound.Status.APPROVED
        progress_round.save()
    links = document_links(assigned, "https://ita.example.go.th/")
    o25 = assigned.items.get(item__code="O25").item_id
    o26 = assigned.items.get(item__code="O26").item_id
    [(label, url)] = links[o25]
    assert url == "https://ita.example.go.th/public/po/2568/measures.pdf" and "2568" in label
    assert [url for _label, url in links[o26]] == [
        "https://ita.example.go.th/public/po/2568/progress-6.pdf",
        "https://ita.example.go.th/public/po/2568/progress-12.pdf",
    ]


def test_no_documents_where_the_framework_gives_no_role(assigned, plan):
    plan.status = Plan.Status.PUBLISHED
    plan.save()
    assert document_links(assigned, "https://ita.example.go.th") == {}
