"""Evidence files: checked by content and size, stored under random names, served only through views."""
from __future__ import annotations

import pytest
from django.urls import reverse

from measures.models import Evidence, ProgressReport
from measures.models.filetypes import detect
from measures.services import approve_round
from tests.measures.conftest import DOCX, GIF, JPEG, PDF, PNG, WEBP, XLSX, form_data, report_url, upload, zipped


@pytest.mark.parametrize("name, content, extension", [
    ("ผลการประชุม.pdf", PDF, ".pdf"),
    ("ภาพกิจกรรม.png", PNG, ".png"),
    ("photo.JPG", JPEG, ".jpg"),
    ("animation.gif", GIF, ".gif"),
    ("image.webp", WEBP, ".webp"),
    ("บันทึก.docx", DOCX, ".docx"),
    ("ตาราง.xlsx", XLSX, ".xlsx"),
])
def test_accepted_types_are_stored_under_a_random_name_with_the_extension_of_their_content(
    login, people, six, palad_measure, palad, name, content, extension
):
    data = form_data(files=[upload(name, content)])
    assert login(people["owner"]).post(report_url(six, palad_measure, palad), data).status_code == 302
    evidence = Evidence.objects.get()
    assert evidence.original_name == name
    assert evidence.size == len(content)
    assert evidence.file.name.startswith(f"evidence/{palad.organization_id}/")
    assert evidence.file.name.endswith(extension)
    assert name.split(".")[0] not in evidence.file.name


def test_the_extension_comes_from_the_content_not_from_the_uploaded_name(login, people, six, palad_measure, palad):
    login(people["owner"]).post(report_url(six, palad_measure, palad), form_data(files=[upload("scan.docx", PDF)]))
    assert Evidence.objects.get().file.name.endswith(".pdf")


@pytest.mark.parametrize("name, content", [
    ("virus.pdf", b"MZ\x90\x00 this is a Windows program"),
    ("page.png", b"<html><script>alert(1)</script></html>"),
    ("archive.docx", zipped({"readme.txt": "not a Word file"})),
    ("sheet.xlsx", zipped({"[Content_Types].xml": "<Types/>", "xl/workbook.xml": "<workbook/>"})),
    ("broken.docx", b"PK\x03\x04 truncated"),
])
def test_a_file_whose_content_is_not_an_accepted_type_is_refused(
    login, people, six, palad_measure, palad, name, content
):
    data = form_data(files=[upload(name, content)])
    response = login(people["owner"]).post(report_url(six, palad_measure, palad), data)
    assert response.status_code == 400
    assert f"ไฟล์ {name} ไม่ใช่ไฟล์ PDF รูปภาพ Word (DOCX) หรือ Excel (XLSX)" in response.content.decode()
    assert not Evidence.objects.exists()
    assert not ProgressReport.objects.exists()


def test_a_file_over_the_size_limit_is_refused(settings, login, people, six, palad_measure, palad):
    settings.EVIDENCE_MAX_BYTES = 1024
    big = PDF + b"0" * 2000
    data = form_data(files=[upload("big.pdf", big)])
    response = login(people["owner"]).post(report_url(six, palad_measure, palad), data)
    assert response.status_code == 400
    assert "เกินขนาดสูงสุด 1.0" in response.content.decode()
    assert not Evidence.objects.exists()


def test_several_files_can_be_added_at_once_and_one_removed_later(login, people, six, palad_measure, palad):
    client = login(people["owner"])
    url = report_url(six, palad_measure, palad)
    client.post(url, form_data(files=[upload("a.pdf", PDF), upload("b.png", PNG)]))
    assert Evidence.objects.count() == 2
    first = Evidence.objects.get(original_name="a.pdf")
    client.post(url, form_data(version=1, remove=[first.pk]))
    assert list(Evidence.objects.values_list("original_name", flat=True)) == ["b.png"]
    assert Evidence.history.filter(original_name="a.pdf", history_type="-").exists()


def test_members_download_a_file_through_the_portal_with_its_thai_name(login, people, six, palad_measure, palad):
    data = form_data(files=[upload("ผลการประชุม.pdf", PDF)])
    login(people["owner"]).post(report_url(six, palad_measure, palad), data)
    evidence = Evidence.objects.get()
    response = login(people["neighbour"]).get(reverse("measures-evidence", args=[evidence.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "filename*=utf-8''%E0%B8%9C" in response["Content-Disposition"]
    assert b"".join(response.streaming_content) == PDF
    assert response["Cache-Control"] == "private, no-store"


def test_office_files_are_always_downloaded_not_shown(login, people, six, palad_measure, palad):
    login(people["owner"]).post(report_url(six, palad_measure, palad), form_data(files=[upload("x.docx", DOCX)]))
    response = login(people["owner"]).get(reverse("measures-evidence", args=[Evidence.objects.get().pk]))
    assert response["Content-Disposition"].startswith("attachment;")


def test_files_are_not_served_from_media_url(client, login, people, six, palad_measure, palad):
    login(people["owner"]).post(report_url(six, palad_measure, palad), form_data(files=[upload("x.pdf", PDF)]))
    evidence = Evidence.objects.get()
    assert client.get("/media/" + evidence.file.name).status_code == 404


def test_the_public_gets_a_file_only_once_the_round_is_approved_and_the_report_submitted(
    client, login, people, six, palad_measure, palad
):
    url = report_url(six, palad_measure, palad)
    login(people["owner"]).post(url, form_data(action="submit", files=[upload("x.pdf", PDF)]))
    evidence = Evidence.objects.get()
    public_url = reverse("measures-public-evidence", args=["po", 2568, evidence.pk])
    client.logout()
    assert client.get(public_url).status_code == 404
    approve_round(round=six, by=people["admin"])
    response = client.get(public_url)
    assert response.status_code == 200
    assert response["Cache-Control"].startswith("public")


def test_a_file_of_another_plan_is_not_found_under_this_plans_public_url(client, people, make_plan):
    other = make_plan(1, "other-plan")
    evidence = Evidence.objects.filter(report__round__plan=other).first()
    assert client.get(reverse("measures-public-evidence", args=["po", 2568, evidence.pk])).status_code == 404


def test_detection_does_not_read_past_the_head_of_an_ordinary_file():
    class Probe:
        def __init__(self):
            self.reads = []

        def seek(self, offset):
            pass

        def read(self, size=-1):
            self.reads.append(size)
            return b"%PDF-1.7"

    probe = Probe()
    assert detect(probe).extension == ".pdf"
    assert probe.reads == [16]
