"""A plan still being written renders cleanly: no assessment yet, no measures in a theme, no
announcement date or signer."""
from __future__ import annotations

from reports.measures_data import measures_context
from reports.pdf import measures_document
from tests.reports.conftest import compact, pdftotext


def test_a_plan_without_results_or_measures_renders_cleanly(plan):
    plan.assessment = None
    plan.approved_on = None
    plan.signer_name = ""
    plan.save()
    plan.measures.filter(theme__number=3).delete()
    text = compact(pdftotext(measures_document(plan)))
    assert "ยังไม่มีผลการประเมินITAปีพ.ศ.๒๕๖๗" in text
    assert "ยังไม่มีมาตรการในประเด็นนี้" in text
    assert "ประกาศณวันที่()" in text  # blank lines for the date and the signer, filled in by hand


def test_without_an_assessment_themes_keep_their_items_without_scores(plan):
    plan.assessment = None
    context = measures_context(plan)
    assert context["results"] is None
    first_row = context["themes"][0]["items"]["rows"][0]
    assert first_row[0]["code"] == "I๑" and first_row[0]["score"] is None
