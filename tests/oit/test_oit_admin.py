"""The OIT workspace in Django admin: opening adds the framework's items, evidence files get the portal's
checks, the link checker's records are read-only, and another agency's admin sees none of it."""
import io

import pytest
from django.urls import reverse

from agencies.roles import grant_admin_access
from assessments.loading import framework_file, load_framework_file
from assessments.models import Framework
from oit.models import EvidenceFile, LinkStatus, Workspace
from oit.services import open_workspace
from tests.measures.admin_pages import page_data

PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 32


@pytest.fixture
def admin_user(people):
    grant_admin_access(people["admin"])
    return people["admin"]


@pytest.fixture
def workspace(po):
    load_framework_file(framework_file(2568))
    return open_workspace(organization=po, year=2568)


def test_adding_a_workspace_in_admin_opens_every_oit_item(client, admin_user, po):
    load_framework_file(framework_file(2569))
    client.force_login(admin_user)

    client.post(reverse("admin:oit_workspace_add"), {
        "organization": po.pk, "year": 2569, "framework": Framework.objects.get(year=2569).pk,
        "items-TOTAL_FORMS": "0", "items-INITIAL_FORMS": "0"})

    workspace = Workspace.objects.get(organization=po, year=2569)
    assert workspace.items.count() == 26
    assert workspace.items.first().history.count() == 1


def upload_file(client, item, content, name):
    data = page_data(client.get(reverse("admin:oit_workspaceitem_change", args=[item.pk])))
    data.update({"files-TOTAL_FORMS": "1", "files-0-file": io.BytesIO(content)})
    data["files-0-file"].name = name
    return client.post(reverse("admin:oit_workspaceitem_change", args=[item.pk]), data)


def test_a_file_added_in_admin_is_checked_by_its_content(client, admin_user, workspace):
    client.force_login(admin_user)
    item = workspace.items.get(item__code="O2")

    upload_file(client, item, PNG, "ผังโครงสร้าง.pdf")
    refused = upload_file(client, item, b"<script>alert(1)</script>", "page.pdf")

    stored = EvidenceFile.objects.get(workspace_item=item)
    assert stored.file.name.endswith(".png") and stored.original_name == "ผังโครงสร้าง.pdf"
    assert stored.uploaded_by == admin_user
    assert refused.status_code == 200 and EvidenceFile.objects.filter(workspace_item=item).count() == 1


def test_another_agencys_admin_sees_no_workspace_item_or_link_status(client, people, workspace, po):
    grant_admin_access(people["outsider"])
    status = LinkStatus.objects.create(organization=po, url="https://po.go.th/x", ok=True, checked_at="2026-12-01T00:00Z")
    client.force_login(people["outsider"])

    assert client.get(reverse("admin:oit_workspace_changelist")).context["cl"].result_count == 0
    assert client.get(reverse("admin:oit_workspaceitem_changelist")).context["cl"].result_count == 0
    assert client.get(reverse("admin:oit_linkstatus_change", args=[status.pk])).status_code == 302
