"""show_assessment prints the overall, each tool and the rating line; exit 2 for an unknown agency or year."""
from io import StringIO

import pytest
from django.core.management import CommandError, call_command


def run(*args):
    out = StringIO()
    try:
        call_command("show_assessment", *args, stdout=out)
        return 0, out.getvalue()
    except CommandError as error:
        return error.returncode, str(error)


def test_it_prints_the_scores_and_the_rating_of_the_demo(po):
    code, out = run("--org", "po", "--year", "2567")

    assert code == 0
    assert out.splitlines() == [
        "องค์การบริหารส่วนตำบลปอ ITA 2567",
        "overall  92.40",
        "IIT      96.22",
        "EIT      88.45",
        "OIT      95.00",
        "rating   A — คะแนนรวม 92.40 อยู่ในช่วง 85–94.99",
    ]


@pytest.mark.parametrize("args", [("--org", "nowhere", "--year", "2567"), ("--org", "po", "--year", "2560")])
def test_it_exits_2_for_an_unknown_agency_or_year(po, args):
    assert run(*args)[0] == 2
