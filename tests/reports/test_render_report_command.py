"""render_report writes a document to a file, says where, and fails with exit status 2 and no
file left behind when the agency, the year or the round does not exist."""
from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from tests.reports.conftest import compact, pdftotext


def render(*args) -> str:
    out = StringIO()
    call_command("render_report", *args, stdout=out)
    return out.getvalue()


def test_it_writes_the_measures_pdf_and_says_where(po, tmp_path):
    output = tmp_path / "po-2568.pdf"
    printed = render("measures", "--org", "po", "--year", "2568", "--output", str(output))
    assert str(output) in printed
    assert "การประชุมพนักงาน" in compact(pdftotext(output.read_bytes()))
    assert [p.name for p in tmp_path.iterdir()] == ["po-2568.pdf"]


def test_it_writes_a_round_report_as_html(po, tmp_path):
    output = tmp_path / "progress.html"
    render("progress", "--org", "po", "--year", "2568", "--round", "12", "--output", str(output),
           "--format", "html")
    html = output.read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>")
    assert "รอบ ๑๒ เดือน" in html and "<style>" in html


def test_it_replaces_an_older_file(po, tmp_path):
    output = tmp_path / "progress.pdf"
    output.write_bytes(b"old")
    render("progress", "--org", "po", "--year", "2568", "--round", "6", "--output", str(output))
    assert output.read_bytes().startswith(b"%PDF-")


@pytest.mark.parametrize("args, message", [
    (["measures", "--org", "nowhere", "--year", "2568"], "No agency with the slug 'nowhere'"),
    (["measures", "--org", "po", "--year", "2567"], "po has no plan for fiscal year 2567 (plans: 2568)"),
    (["progress", "--org", "po", "--year", "2568"], "needs --round 6 or --round 12"),
    (["progress", "--org", "po", "--year", "2568", "--round", "9"], "needs --round 6 or --round 12"),
])
def test_unknown_agency_year_or_round_is_a_clear_error_with_status_2(po, tmp_path, args, message):
    output = tmp_path / "out.pdf"
    with pytest.raises(CommandError, match=message.replace("(", r"\(").replace(")", r"\)")) as error:
        render(*args, "--output", str(output))
    assert error.value.returncode == 2
    assert list(tmp_path.iterdir()) == []


def test_a_missing_round_is_an_error(po, tmp_path):
    po.plans.get().rounds.filter(months=12).delete()
    with pytest.raises(CommandError, match="has no 12-month round") as error:
        render("progress", "--org", "po", "--year", "2568", "--round", "12", "--output", str(tmp_path / "x.pdf"))
    assert error.value.returncode == 2


def test_a_failed_write_leaves_no_file_behind(po, tmp_path, monkeypatch):
    from reports.management.commands import render_report

    def full_disk(source, target):
        raise OSError("No space left on device")

    monkeypatch.setattr(render_report.os, "replace", full_disk)
    with pytest.raises(OSError, match="No space left"):
        render("measures", "--org", "po", "--year", "2568", "--output", str(tmp_path / "x.pdf"), "--format", "html")
    assert list(tmp_path.iterdir()) == []


def test_an_output_folder_that_does_not_exist_is_an_error(po, tmp_path):
    with pytest.raises(CommandError, match="does not exist") as error:
        render("measures", "--org", "po", "--year", "2568", "--output", str(tmp_path / "no" / "x.pdf"))
    assert error.value.returncode == 2


def test_the_written_file_gets_ordinary_permissions(tmp_path, plan):
    import os
    import stat

    from django.core.management import call_command

    output = tmp_path / "measures.html"
    call_command("render_report", "measures", "--org", "po", "--year", "2568", "--output", str(output),
                 "--format", "html", stdout=open(os.devnull, "w"))
    mask = os.umask(0)
    os.umask(mask)
    assert stat.S_IMODE(output.stat().st_mode) == 0o666 & ~mask
