"""A rendered PDF is reused until the data it shows changes: a second download does not render
again, and an edited measure shows in the next download."""
from __future__ import annotations

from unittest import mock

import pytest
from django.urls import reverse

from measures.models import Measure
from reports import cache as document_cache
from reports import measures_data, pdf
from tests.reports.conftest import compact, pdftotext

MEASURES = reverse("reports-measures-pdf", args=["po", 2568])


@pytest.fixture
def renders():
    with mock.patch.object(pdf, "render_pdf", wraps=pdf.render_pdf) as spy:
        yield spy


def download(client, url=MEASURES) -> bytes:
    response = client.get(url)
    assert response.status_code == 200
    return b"".join(response.streaming_content)


def test_a_second_download_does_not_render_again(client, people, renders):
    client.force_login(people["executive"])
    first = download(client)
    second = download(client)
    assert renders.call_count == 1
    assert first == second


def test_an_edited_measure_title_shows_in_the_next_download(client, people, plan, renders):
    client.force_login(people["admin"])
    download(client)
    measure = Measure.objects.get(plan=plan, theme__number=1, number=1)
    measure.title = "การประชุมพนักงานประจำเดือนเพื่อความโปร่งใส"
    measure.save()
    text = compact(pdftotext(download(client)))
    assert renders.call_count == 2
    assert "การประชุมพนักงานประจำเดือนเพื่อความโปร่งใส" in text


def test_a_new_progress_report_shows_in_the_next_round_download(client, people, plan, progress, renders):
    url = reverse("reports-progress-pdf", args=["po", 2568, 6])
    client.force_login(people["executive"])
    download(client, url)
    report = progress["round"].reports.get(measure__theme__number=1, measure__number=1, division__name="กองคลัง")
    report.problems = "ห้องประชุมชำรุด"
    report.save()
    assert "ห้องประชุมชำรุด" in compact(pdftotext(download(client, url)))
    assert renders.call_count == 2


def test_the_key_follows_the_data_and_the_templates(plan, monkeypatch):
    from reports.measures_data import TEMPLATE, measures_context

    context = measures_context(plan)
    key = document_cache.cache_key(TEMPLATE, context)
    assert document_cache.cache_key(TEMPLATE, measures_context(plan)) == key
    assert document_cache.cache_key(TEMPLATE, {**context, "title": "อื่น"}) != key
    monkeypatch.setattr(document_cache, "template_version", lambda: "another stylesheet")
    assert document_cache.cache_key(TEMPLATE, context) != key


def test_public_pages_get_the_same_cached_bytes(plan, renders):
    assert document_cache.measures_pdf(plan) == document_cache.measures_pdf(plan)
    progress_round = plan.rounds.get(months=6)
    assert document_cache.progress_pdf(progress_round).startswith(b"%PDF-")
    assert renders.call_count == 2


def test_a_download_of_an_unchanged_plan_builds_no_document_data(client, people, plan, renders):
    client.force_login(people["executive"])
    with mock.patch("reports.measures_data.measures_context", wraps=measures_data.measures_context) as builds:
        download(client)
        download(client)
        assert builds.call_count == 1
        measure = Measure.objects.get(plan=plan, theme__number=1, number=1)
        measure.follow_up = "รายงานผลต่อนายกทุกไตรมาส"
        measure.save()
        download(client)
        assert builds.call_count == 2


def test_an_unchanged_document_is_not_rendered_again_after_an_unrelated_save(client, people, plan, renders):
    """The revision changes with any save of the plan; the content hash still spares the render."""
    client.force_login(people["executive"])
    download(client)
    plan.save()
    download(client)
    assert renders.call_count == 1
