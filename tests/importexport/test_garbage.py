"""Whatever is typed in any cell, an import never crashes and never saves half a file."""
import datetime
from decimal import Decimal

import tablib
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assessments.resources import ScoreResource
from measures.resources import MeasureResource, ProgressResource
from tests.importexport.helpers import measure_snapshot, progress_snapshot, score_snapshot, through

THAI = st.characters(min_codepoint=0x0E01, max_codepoint=0x0E5B)
CONTROL = st.characters(min_codepoint=0, max_codepoint=31)
GARBAGE = st.one_of(
    st.none(),
    st.just(""),
    st.text(max_size=30),
    st.text(alphabet=THAI, max_size=30),
    st.text(alphabet=CONTROL, min_size=1, max_size=5),
    st.text(alphabet=st.one_of(THAI, CONTROL, st.sampled_from(" .,-/%๐๑๒๓๔๕๖๗๘๙0123456789")), max_size=20),
    st.integers(min_value=-(10**30), max_value=10**30),
    st.floats(allow_nan=True, allow_infinity=True),
    st.decimals(allow_nan=False, allow_infinity=False, places=4),
    st.booleans(),
    st.dates(min_value=datetime.date(1, 1, 1)),
    st.text(min_size=2000, max_size=6000),
    st.sampled_from(["ผ่าน", "ไม่ผ่าน", "ทุกสำนัก/กอง", "ต.ค. ๒๕๖๗", "2024-13", "1.1", "O99", "=1+1", "'-", "1e999",
                     "NaN", "-0", "1,000.5", "100%", "I1", "SUB9.1", "กองคลัง\nกองไม่มี", Decimal("92.40")]),
)
HYPOTHESIS = settings(max_examples=30, deadline=None,
                      suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])


def spoil(data, exported: tablib.Dataset, rows: int) -> tablib.Dataset:
    """A few of the exported rows with garbage in a few cells (the header row included)."""
    table = [list(exported.headers)] + [list(row) for row in exported][:rows]
    for _ in range(data.draw(st.integers(min_value=1, max_value=4))):
        row = data.draw(st.integers(min_value=0, max_value=len(table) - 1))
        column = data.draw(st.integers(min_value=0, max_value=len(table[0]) - 1))
        table[row][column] = data.draw(GARBAGE)
    dataset = tablib.Dataset(*table[1:], headers=table[0])
    route = data.draw(st.sampled_from(["as typed", "csv", "xlsx"]))
    return dataset if route == "as typed" else through(dataset, route)


def import_in_savepoint(resource, dataset, snapshot):
    """Imports inside a savepoint that is rolled back, so that every example starts from the demo."""
    with transaction.atomic():
        before = snapshot()
        result = resource.import_data(dataset)
        assert result.error_rows == [], "a cell made the import crash instead of being reported"
        assert all(problem.message for problem in result.problems)
        assert all(problem.row is None or problem.row >= 1 for problem in result.problems)
        if result.problems:
            assert snapshot() == before, "a refused file changed something"
        transaction.set_rollback(True)


@HYPOTHESIS
@given(data=st.data())
def test_garbage_in_a_scores_file_is_reported_never_half_imported(assessment_2567, data):
    exported = ScoreResource(assessment=assessment_2567).export()
    dataset = spoil(data, exported, rows=8)

    import_in_savepoint(ScoreResource(assessment=assessment_2567), dataset, lambda: score_snapshot(assessment_2567))


@HYPOTHESIS
@given(data=st.data())
def test_garbage_in_a_measures_file_is_reported_never_half_imported(plan, data):
    exported = MeasureResource(plan=plan).export()
    dataset = spoil(data, exported, rows=4)

    import_in_savepoint(MeasureResource(plan=plan), dataset, lambda: measure_snapshot(plan))


@HYPOTHESIS
@given(data=st.data())
def test_garbage_in_a_progress_file_is_reported_never_half_imported(six_months, data):
    exported = ProgressResource(round=six_months).export()
    dataset = spoil(data, exported, rows=2)

    import_in_savepoint(ProgressResource(round=six_months), dataset, lambda: progress_snapshot(six_months))
