"""An OIT item's page: its evidence and history for members; its form for those who may edit it; links and
files saved together or not at all."""
from __future__ import annotations

import pytest
from django.urls import reverse

from oit.models import EvidenceFile, EvidenceLink, Status, WorkspaceItem
from tests.measures.conftest import PDF, PNG, upload
from tests.oit.conftest import board_url, item_data, item_url


def stored(workspace, code: str) -> WorkspaceItem:
    return WorkspaceItem.objects.get(workspace=workspace, item__code=code)


def test_members_read_the_item_and_its_evidence(login, people, assigned):
    response = login(people["executive"]).get(item_url("O1"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "โครงสร้างและอำนาจหน้าที่" in html
    assert "สำนักปลัด" in html
    assert 'name="status"' not in html and "<textarea" not in html
    assert "เฉพาะเจ้าหน้าที่ของกอง/สำนักที่รับผิดชอบ" in html


def test_it_needs_a_login(client, assigned):
    response = client.get(item_url("O1"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    assert client.post(item_url("O1"), item_data()).status_code == 302
    assert stored(assigned, "O1").status == Status.NOT_STARTED


def test_another_agencys_member_gets_404_and_changes_nothing(login, people, assigned):
    client = login(people["outsider"])
    assert client.get(item_url("O1")).status_code == 404
    assert client.post(item_url("O1"), item_data(status="ready")).status_code == 404
    assert stored(assigned, "O1").status == Status.NOT_STARTED


def test_an_unknown_code_is_404(login, people, assigned):
    assert login(people["admin"]).get(item_url("O99")).status_code == 404


def test_staff_update_their_divisions_item(login, people, assigned):
    response = login(people["owner"]).post(item_url("O1"), item_data(
        status="ready", links="https://www.po.go.th/structure\n\nhttps://www.po.go.th/powers\n", note="ครบแล้ว"))
    assert response.status_code == 302
    assert response["Location"] == board_url() + "#item-O1"
    item = stored(assigned, "O1")
    assert (item.status, item.note, item.updated_by) == (Status.READY, "ครบแล้ว", people["owner"])
    assert [link.url for link in item.links.all()] == ["https://www.po.go.th/structure", "https://www.po.go.th/powers"]
    board = login(people["owner"]).get(response["Location"]).content.decode()
    assert "บันทึก O1 แล้ว" in board


def test_a_colleague_of_the_same_division_may_edit_too(login, people, assigned):
    assert login(people["colleague"]).post(item_url("O2"), item_data()).status_code == 302


def test_staff_editing_another_divisions_item_get_403(login, people, assigned):
    client = login(people["neighbour"])
    assert client.post(item_url("O1"), item_data(status="ready")).status_code == 403
    assert stored(assigned, "O1").status == Status.NOT_STARTED
    assert "<textarea" not in client.get(item_url("O1")).content.decode()


def test_staff_cannot_edit_an_item_no_division_is_assigned(login, people, assigned):
    assert login(people["owner"]).post(item_url("O4"), item_data()).status_code == 403


def test_an_executive_cannot_edit(login, people, assigned):
    assert login(people["executive"]).post(item_url("O1"), item_data(status="ready")).status_code == 403
    assert stored(assigned, "O1").status == Status.NOT_STARTED


def test_an_admin_assigns_the_responsible_division(login, people, assigned, finance):
    client = login(people["admin"])
    assert 'name="division"' in client.get(item_url("O4")).content.decode()
    assert client.post(item_url("O4"), item_data(division=finance.pk)).status_code == 302
    assert stored(assigned, "O4").division == finance
    assert client.post(item_url("O4"), item_data(division="")).status_code == 302
    assert stored(assigned, "O4").division is None


def test_staff_cannot_reassign_their_item(login, people, assigned, palad, finance):
    client = login(people["owner"])
    assert 'name="division"' not in client.get(item_url("O1")).content.decode()
    assert client.post(item_url("O1"), item_data(division=finance.pk)).status_code == 302
    assert stored(assigned, "O1").division == palad


def test_an_admin_cannot_assign_another_agencys_division(login, people, assigned, other_org):
    response = login(people["admin"]).post(item_url("O4"), item_data(division=other_org.divisions.get().pk))
    assert response.status_code == 400
    assert stored(assigned, "O4").division is None


def test_a_web_address_typed_without_its_scheme_gets_https(login, people, assigned):
    login(people["owner"]).post(item_url("O1"), item_data(links="www.po.go.th/x\nhttp://po.go.th/old"))
    urls = [link.url for link in stored(assigned, "O1").links.all()]
    assert urls == ["https://www.po.go.th/x", "http://po.go.th/old"]


@pytest.mark.parametrize("bad", ["ไม่ใช่ลิงก์", "ftp://po.go.th/file", "javascript:alert(1)", "https://"])
def test_a_bad_link_is_refused_in_thai_and_nothing_is_saved(login, people, assigned, bad):
    item = stored(assigned, "O1")
    item.links.create(url="https://www.po.go.th/kept")
    response = login(people["owner"]).post(item_url("O1"), item_data(
        status="ready", note="ไม่ควรบันทึก", links=f"https://www.po.go.th/new\n{bad}",
        files=[upload("ผัง.pdf", PDF)]))
    assert response.status_code == 400
    html = response.content.decode()
    assert "ยังไม่ได้บันทึก" in html
    assert "บรรทัดที่ 2" in html and "ไม่ใช่ที่อยู่เว็บ" in html
    item.refresh_from_db()
    assert (item.status, item.note) == (Status.NOT_STARTED, "")
    assert [link.url for link in item.links.all()] == ["https://www.po.go.th/kept"]
    assert not EvidenceFile.objects.exists()


def test_a_link_refused_by_the_model_rolls_back_the_item_and_its_files(login, people, assigned, monkeypatch):
    """The form checks what the model checks; if they ever disagree, the save is still all or nothing."""
    from django.core.exceptions import ValidationError

    def refuse(self, *args, **kwargs):
        raise ValidationError({"url": "refused"})

    monkeypatch.setattr(EvidenceLink, "full_clean", refuse)
    response = login(people["owner"]).post(item_url("O1"), item_data(
        status="ready", links="https://www.po.go.th/new", files=[upload("ผัง.pdf", PDF)]))
    assert response.status_code == 400
    item = stored(assigned, "O1")
    assert item.status == Status.NOT_STARTED
    assert not item.links.exists() and not EvidenceFile.objects.exists()


def test_a_file_is_stored_under_the_extension_of_its_content(login, people, assigned, po):
    login(people["owner"]).post(item_url("O1"), item_data(files=[upload("ผังองค์กร.pdf", PNG)]))
    evidence = EvidenceFile.objects.get()
    assert evidence.original_name == "ผังองค์กร.pdf"
    assert evidence.file.name.startswith(f"oit/{po.pk}/") and evidence.file.name.endswith(".png")
    assert evidence.uploaded_by == people["owner"]
    response = login(people["executive"]).get(reverse("oit-file", args=["po", 2568, evidence.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"].startswith("inline")


def test_a_text_file_is_refused(login, people, assigned):
    response = login(people["owner"]).post(item_url("O1"), item_data(
        status="ready", files=[upload("notes.pdf", b"just some text, not a PDF")]))
    assert response.status_code == 400
    assert "notes.pdf" in response.content.decode()
    assert not EvidenceFile.objects.exists()
    assert stored(assigned, "O1").status == Status.NOT_STARTED


def test_an_office_file_is_downloaded_not_shown(login, people, assigned):
    from tests.measures.conftest import DOCX

    login(people["owner"]).post(item_url("O1"), item_data(files=[upload("คำสั่ง.docx", DOCX)]))
    evidence = EvidenceFile.objects.get()
    response = login(people["owner"]).get(reverse("oit-file", args=["po", 2568, evidence.pk]))
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"


def test_a_file_is_removed_by_its_checkbox(login, people, assigned):
    client = login(people["owner"])
    client.post(item_url("O1"), item_data(files=[upload("a.pdf", PDF), upload("b.pdf", PDF)]))
    first = EvidenceFile.objects.get(original_name="a.pdf")
    assert client.post(item_url("O1"), item_data(remove=[first.pk])).status_code == 302
    assert list(EvidenceFile.objects.values_list("original_name", flat=True)) == ["b.pdf"]


def test_a_file_of_another_item_cannot_be_removed_through_this_one(login, people, assigned):
    client = login(people["owner"])
    client.post(item_url("O2"), item_data(files=[upload("other.pdf", PDF)]))
    other = EvidenceFile.objects.get()
    assert client.post(item_url("O1"), item_data(remove=[other.pk])).status_code == 400
    assert EvidenceFile.objects.filter(pk=other.pk).exists()


def test_files_are_served_only_to_the_agencys_members(client, login, people, assigned):
    login(people["owner"]).post(item_url("O1"), item_data(files=[upload("a.pdf", PDF)]))
    url = reverse("oit-file", args=["po", 2568, EvidenceFile.objects.get().pk])
    client.logout()
    assert client.get(url).status_code == 302
    assert login(people["outsider"]).get(url).status_code == 404


def test_the_history_shows_who_changed_what(login, people, assigned, finance):
    login(people["owner"]).post(item_url("O1"), item_data(status="in_progress", links="https://www.po.go.th/a"))
    login(people["owner"]).post(item_url("O1"), item_data(status="ready", links="https://www.po.go.th/b",
                                                          files=[upload("ผัง.pdf", PDF)]))
    login(people["admin"]).post(item_url("O1"), item_data(status="ready", links="https://www.po.go.th/b",
                                                          division=finance.pk))
    html = login(people["executive"]).get(item_url("O1")).content.decode()
    history = html[html.index('class="panel history"'):]
    assert "<strong>owner</strong>" in history and "<strong>admin</strong>" in history
    assert "<del>กำลังจัดทำ</del></td><td><ins>พร้อมส่ง</ins>" in history
    assert "<del>สำนักปลัด</del></td><td><ins>กองคลัง</ins>" in history
    assert "<ins>https://www.po.go.th/a</ins>" in history and "<del>https://www.po.go.th/a</del>" in history
    assert "<ins>ผัง.pdf</ins>" in history
    # newest first
    assert history.index("<strong>admin</strong>") < history.index("<strong>owner</strong>")
