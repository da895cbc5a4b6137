"""Members of the agency download its documents; nobody else learns they exist."""
from __future__ import annotations

from urllib.parse import quote

import pytest
from django.urls import reverse

from tests.reports.conftest import pdftotext

MEASURES = reverse("reports-measures-pdf", args=["po", 2568])


@pytest.mark.parametrize("who", ["owner", "admin", "executive", "superuser"])
def test_any_member_downloads_the_measures_pdf(client, members, who):
    client.force_login(members[who])
    response = client.get(MEASURES)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    content = b"".join(response.streaming_content)
    assert content.startswith(b"%PDF-")
    assert "การประชุมพนักงาน" in pdftotext(content)


def test_the_file_has_a_thai_name(client, members):
    client.force_login(members["executive"])
    disposition = client.get(MEASURES)["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert f"filename*=utf-8''{quote('มาตรการ-อบต.ปอ-2568.pdf')}" in disposition


def test_a_member_downloads_a_round_report(client, members, progress):
    client.force_login(members["executive"])
    response = client.get(reverse("reports-progress-pdf", args=["po", 2568, 6]))
    assert response.status_code == 200
    assert quote("รายงานผล-อบต.ปอ-2568-รอบ6เดือน.pdf") in response["Content-Disposition"]
    assert "สมหญิง รายงานดี" in pdftotext(b"".join(response.streaming_content))


@pytest.mark.parametrize("name", ["reports-measures-html", "reports-progress-html"])
def test_a_member_previews_the_documents_as_html(client, members, name):
    client.force_login(members["owner"])
    args = ["po", 2568] + ([6] if "progress" in name else [])
    response = client.get(reverse(name, args=args))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/html; charset=utf-8"
    assert "องค์การบริหารส่วนตำบลปอ" in response.content.decode()
    assert "<style>" in response.content.decode()  # the stylesheets travel with the page


def test_documents_are_not_kept_by_shared_caches(client, members):
    client.force_login(members["owner"])
    assert "private" in client.get(MEASURES)["Cache-Control"]


@pytest.mark.parametrize("name, args", [
    ("reports-measures-pdf", ["po", 2568]), ("reports-measures-html", ["po", 2568]),
    ("reports-progress-pdf", ["po", 2568, 6]), ("reports-progress-html", ["po", 2568, 12]),
])
def test_anonymous_visitors_are_sent_to_log_in(client, po, name, args):
    response = client.get(reverse(name, args=args))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("name, args", [
    ("reports-measures-pdf", ["po", 2568]), ("reports-progress-pdf", ["po", 2568, 6]),
    ("reports-progress-html", ["po", 2568, 6]),
])
def test_a_member_of_another_agency_gets_404(client, members, name, args):
    client.force_login(members["outsider"])
    assert client.get(reverse(name, args=args)).status_code == 404


def test_a_user_without_any_agency_gets_404(client, po, django_user_model):
    client.force_login(django_user_model.objects.create_user(username="nobody", password="pw-nobody"))
    assert client.get(MEASURES).status_code == 404


@pytest.mark.parametrize("url", [
    reverse("reports-measures-pdf", args=["po", 2567]),
    reverse("reports-measures-pdf", args=["nowhere", 2568]),
    reverse("reports-progress-pdf", args=["po", 2568, 9]),
    reverse("reports-progress-html", args=["po", 2569, 6]),
])
def test_an_unknown_agency_year_or_round_is_404(client, members, url):
    client.force_login(members["admin"])
    assert client.get(url).status_code == 404


def test_it_only_answers_reads(client, members):
    client.force_login(members["admin"])
    assert client.post(MEASURES).status_code == 405


def test_the_preview_uses_sarabun_where_the_portal_serves_it(client, members):
    from reports.views import preview_fonts

    fonts = preview_fonts()
    if fonts is None:
        pytest.skip("the portal does not serve Sarabun to browsers")
    client.force_login(members["owner"])
    html = client.get(reverse("reports-measures-html", args=["po", 2568])).content.decode()
    assert f'src: url("{fonts["regular"]}")' in html
    assert client.get(fonts["regular"]).status_code == 200
