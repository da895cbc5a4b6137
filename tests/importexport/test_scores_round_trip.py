"""Exporting an assessment's scores and importing the file back changes nothing."""
import pytest

from assessments.resources import ScoreResource
from tests.importexport.helpers import problems, score_snapshot, through


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_exporting_and_importing_the_scores_changes_nothing(assessment_2567, fmt):
    before = score_snapshot(assessment_2567)
    exported = ScoreResource(assessment=assessment_2567).export(force_native_type=fmt == "xlsx")

    result = ScoreResource(assessment=assessment_2567).import_data(through(exported, fmt))

    assert problems(result) == []
    assert (result.totals["new"], result.totals["update"], result.totals["skip"]) == (0, 0, 73)
    assert result.changes == []
    assert score_snapshot(assessment_2567) == before


def test_the_export_holds_every_reported_figure_under_its_code(assessment_2567):
    exported = ScoreResource(assessment=assessment_2567).export()
    scores = {row[0]: row[1] for row in exported}

    assert exported.headers == ["code", "score", "evidence_url", "name"]
    assert list(scores)[:4] == ["OVERALL", "IIT", "EIT", "OIT"]
    assert scores["OVERALL"] == "92.40"
    assert scores["EIT"] == "88.45"
    assert scores["IND8"] == "73.79"
    assert scores["I1"] == "93.81"
    assert scores["E9"] == "42.37"
    assert scores["O17"] == "0.00"
    assert len(exported) == 1 + 3 + 10 + 15 + 9 + 35


def test_an_xlsx_export_keeps_scores_as_numbers(assessment_2567):
    exported = ScoreResource(assessment=assessment_2567).export(force_native_type=True)
    back = through(exported, "xlsx")

    assert {row[0]: row[1] for row in back}["I1"] == 93.81


def test_a_score_changed_in_the_file_is_the_only_change(assessment_2567):
    exported = ScoreResource(assessment=assessment_2567).export()
    rows = [list(row) for row in exported]
    rows[[row[0] for row in rows].index("I1")][1] = "95.00"
    exported = type(exported)(*rows, headers=exported.headers)

    result = ScoreResource(assessment=assessment_2567).import_data(through(exported, "csv"))

    assert (result.totals["new"], result.totals["update"]) == (0, 1)
    assert [str(change) for change in result.changes] == ["I1: score: 93.81 → 95.00"]
    assert assessment_2567.itemscore_set.get(item__code="I1").score == 95
