"""The public PDFs at stable URLs: measures.pdf and progress-<months>.pdf, with a Thai file name."""
from __future__ import annotations

import pytest
from django.urls import reverse

from measures.services import approve_round

pytest.importorskip("reports.cache")


def test_the_measures_pdf_is_served_inline_with_a_thai_file_name(client, plan):
    response = client.get(reverse("reports-public-measures-pdf", args=["po", 2568]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    disposition = response["Content-Disposition"]
    assert disposition.startswith('inline; filename="measures-po-2568.pdf"; ')
    assert "filename*=UTF-8''%E0%B8%A1%E0%B8%B2%E0%B8%95%E0%B8%A3%E0%B8%81%E0%B8%B2%E0%B8%A3" in disposition


def test_the_progress_pdf_is_served_once_the_round_is_approved(client, plan, six, people):
    url = reverse("reports-public-progress-pdf", args=["po", 2568, 6])
    assert client.get(url).status_code == 404
    approve_round(round=six, by=people["admin"])
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    assert 'filename="progress-6-po-2568.pdf"' in response["Content-Disposition"]
