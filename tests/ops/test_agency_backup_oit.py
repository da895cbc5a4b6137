"""The agency backup carries its OIT workspaces: items, links, files and the frameworks they point into."""
import pytest
from django.core.files.base import ContentFile

from assessments.loading import framework_file, load_framework_file
from measures.backup import export_agency, import_agency
from oit.models import EvidenceFile, Status, WorkspaceItem
from oit.services import ItemChange, open_workspace, save_item
from tests.ops.test_agency_backup import wipe  # noqa: F401 (fixture)


@pytest.fixture
def workspace(po):
    load_framework_file(framework_file(2568))
    return open_workspace(organization=po, year=2568)


def test_a_restore_into_an_empty_database_brings_back_the_workspace_and_its_files(workspace, tmp_path, settings, wipe):
    settings.MEDIA_ROOT = tmp_path / "media"
    item = workspace.items.get(item__code="O4")
    save_item(item=item, change=ItemChange(status=Status.READY, note="ข่าว", urls=["https://po.go.th/news"]), by=None)
    stored = EvidenceFile(workspace_item=item, original_name="ข่าว.pdf", size=9)
    stored.file.save("x.pdf", ContentFile(b"%PDF-1.4\n"), save=True)
    export_agency(workspace.organization, tmp_path / "po.zip")
    wipe()

    restored = import_agency(tmp_path / "po.zip")

    item = WorkspaceItem.objects.get(workspace__organization=restored, item__code="O4")
    assert (item.status, list(item.links.values_list("url", flat=True))) == (Status.READY, ["https://po.go.th/news"])
    copy = item.files.get()
    assert copy.file.name.startswith(f"oit/{restored.pk}/") and copy.file.read() == b"%PDF-1.4\n"
    assert item.item.framework.year == 2568 and item.item.framework.items.count() == 50
