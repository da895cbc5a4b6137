"""A file with any bad row imports nothing: counts, values and history are as they were."""
from unittest import mock

from assessments.models import Assessment
from assessments.resources import ScoreResource
from assessments.services import import_scores
from measures.resources import MeasureResource, ProgressResource
from tests.importexport.helpers import measure_snapshot, progress_snapshot, score_snapshot, sheet


def test_a_bad_last_row_keeps_every_good_score_before_it_out(assessment_2567):
    before = score_snapshot(assessment_2567)
    rows = [[f"I{n}", "50"] for n in range(1, 16)] + [["OVERALL", "50"], ["E1", "999"]]

    result = ScoreResource(assessment=assessment_2567).import_data(sheet(("code", "score"), *rows))

    assert result.has_validation_errors()
    assert len(result.problems) == 1
    assert score_snapshot(assessment_2567) == before


def test_a_bad_row_keeps_new_themes_measures_and_history_out(plan):
    before = measure_snapshot(plan)
    rows = [
        [8, 1, "มาตรการใหม่", "สำนักปลัด", "ต.ค. 2567", "ก.ย. 2568", "ประเด็นใหม่"],
        [1, 1, "ชื่อใหม่", "กองคลัง", "ต.ค. 2567", "ก.ย. 2568", ""],
        [1, 2, "ชื่อใหม่", "กองไม่มี", "ต.ค. 2567", "ก.ย. 2568", ""],
    ]
    headers = ("theme", "number", "title", "divisions", "start_month", "end_month", "theme_title")

    result = MeasureResource(plan=plan).import_data(sheet(headers, *rows))

    assert [problem.row for problem in result.problems] == [4]
    assert measure_snapshot(plan) == before


def test_a_bad_row_keeps_new_and_changed_reports_out(six_months):
    before = progress_snapshot(six_months)
    rows = [["1.1", "สำนักปลัด", "ดำเนินการแล้ว", "100", "ครบ"], ["1.3", "สำนักปลัด", "ดำเนินการแล้ว", "100", "ครบ"],
            ["1.4", "สำนักปลัด", "ดำเนินการแล้ว", "50", "ครบ"]]

    headers = ("measure", "division", "status", "percent", "done")
    result = ProgressResource(round=six_months).import_data(sheet(headers, *rows))

    assert [problem.row for problem in result.problems] == [4]
    assert progress_snapshot(six_months) == before


def test_a_dry_run_saves_nothing_and_still_counts_the_changes(assessment_2567):
    before = score_snapshot(assessment_2567)

    result = ScoreResource(assessment=assessment_2567).import_data(sheet(("code", "score"), ["I1", "99"]), dry_run=True)

    assert result.totals["update"] == 1
    assert score_snapshot(assessment_2567) == before


def test_an_assessment_started_by_a_refused_file_is_not_kept(po, other_org):
    outcome = import_scores(organization=other_org, year=2567, dataset=sheet(("code", "score"), ["I1", "abc"]))

    assert outcome.created and outcome.result.problems
    assert not Assessment.objects.filter(organization=other_org).exists()


def test_an_assessment_started_by_a_good_file_is_kept(po, other_org):
    outcome = import_scores(organization=other_org, year=2567, dataset=sheet(("code", "score"), ["OVERALL", "88.5"]))

    assert outcome.created
    assert Assessment.objects.get(organization=other_org, year=2567).overall == 88.5


def test_an_error_in_saving_one_row_rolls_back_the_rows_saved_before_it(plan):
    before = measure_snapshot(plan)
    rows = [[1, 1, "ชื่อใหม่"], [1, 2, "ชื่อใหม่ด้วย"]]
    original_save = MeasureResource.do_instance_save
    calls = []

    def save_then_fail(self, instance, is_create):
        calls.append(instance.number)
        if len(calls) == 2:
            raise RuntimeError("disk full")
        original_save(self, instance, is_create)

    with mock.patch.object(MeasureResource, "do_instance_save", save_then_fail):
        result = MeasureResource(plan=plan).import_data(sheet(("theme", "number", "title"), *rows))

    assert result.has_errors()
    assert [problem.row for problem in result.problems] == [3]
    assert measure_snapshot(plan) == before
