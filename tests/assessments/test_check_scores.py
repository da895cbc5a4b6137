from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command

from assessments.models import ItemScore, ToolScore


def run(capsys, *args):
    try:
        call_command("check_scores", *args)
        code = 0
    except SystemExit as exit:
        code = exit.code
    return code, capsys.readouterr().out.splitlines()


def test_it_flags_the_seeds_eit_tool_score_that_disagrees_with_its_indicators(capsys, assessment_2567):
    code, lines = run(capsys, "--org", "po", "--year", "2567")
    assert code == 1
    assert lines == [
        "EIT: reported 88.45, computed 85.12",
        "1 of the reported figures of po ITA 2567 differs from the computed ones by more than 0.01.",
    ]


def test_it_prints_only_the_summary_and_exits_0_on_consistent_figures(capsys, assessment_2567):
    ToolScore.objects.filter(assessment=assessment_2567, tool__code="EIT").update(score=Decimal("85.12"))
    code, lines = run(capsys, "--org", "po", "--year", "2567")
    assert code == 0
    assert lines == ["0 of the reported figures of po ITA 2567 differ from the computed ones by more than 0.01."]


def test_it_names_each_figure_an_item_change_puts_out_of_line(capsys, assessment_2567):
    ToolScore.objects.filter(assessment=assessment_2567, tool__code="EIT").update(score=Decimal("85.12"))
    ItemScore.objects.filter(assessment=assessment_2567, item__code="O1").update(score=0)
    code, lines = run(capsys, "--org", "po", "--year", "2567")
    assert code == 1
    assert "sub-indicator 9.1: reported" not in "\n".join(lines)  # 9.1 is not reported, only computed
    assert "indicator 9: reported 90.00, computed 86.67" in lines
    assert "OIT: reported 95.00, computed 93.33" in lines
    assert "overall: reported 92.40, computed 91.74" in lines


def test_a_difference_of_0_01_is_tolerated(capsys, assessment_2567):
    ToolScore.objects.filter(assessment=assessment_2567, tool__code="EIT").update(score=Decimal("85.13"))
    code, _ = run(capsys, "--org", "po", "--year", "2567")
    assert code == 0


def test_an_unknown_agency_or_year_is_an_error_with_status_2(assessment_2567):
    with pytest.raises(CommandError) as error:
        call_command("check_scores", "--org", "nowhere", "--year", "2567")
    assert error.value.returncode == 2
    with pytest.raises(CommandError):
        call_command("check_scores", "--org", "po", "--year", "2560")
