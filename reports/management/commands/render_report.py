"""render_report measures|progress --org SLUG --year YEAR [--round 6|12] --output FILE [--format pdf|html]"""
from __future__ import annotations

import os
import tempfile
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from agencies.models import Organization
from measures.models import Plan, ProgressRound
from reports import measures_data, progress_data
from reports.html import render_html


def fail(message: str) -> CommandError:
    return CommandError(message, returncode=2)


class Command(BaseCommand):
    help = "Render an agency's measures document or a round's progress report to a PDF or HTML file."

    def add_arguments(self, parser):
        parser.add_argument("document", choices=["measures", "progress"])
        parser.add_argument("--org", required=True, help="The agency's slug, e.g. po.")
        parser.add_argument("--year", required=True, type=int, help="The fiscal year (B.E.), e.g. 2568.")
        parser.add_argument("--round", type=int, help="The progress round: 6 or 12 (months).")
        parser.add_argument("--output", required=True, type=Path, help="The file to write.")
        parser.add_argument("--format", choices=["pdf", "html"], default="pdf")

    def handle(self, *args, document, org, year, round, output, format, **options):
        plan = find_plan(org, year)
        if document == "measures":
            template, context = measures_data.TEMPLATE, measures_data.measures_context(plan)
        else:
            progress_round = find_round(plan, round)
            template, context = progress_data.TEMPLATE, progress_data.progress_context(progress_round)
        if format == "pdf":
            from reports.pdf import render_pdf  # noqa: PLC0415 (loads WeasyPrint)

            content = render_pdf(template, context)
        else:
            content = render_html(template, context).encode("utf-8")
        write_atomically(output, content)
        self.stdout.write(f"Wrote {output.resolve()} ({len(content):,} bytes).")


def find_plan(slug: str, year: int) -> Plan:
    organization = Organization.objects.filter(slug=slug).first()
    if organization is None:
        raise fail(f"No agency with the slug {slug!r}.")
    plan = Plan.objects.select_related("organization", "assessment__framework").filter(
        organization=organization, fiscal_year=year
    ).first()
    if plan is None:
        years = ", ".join(str(y) for y in organization.plans.values_list("fiscal_year", flat=True)) or "none"
        raise fail(f"{organization.slug} has no plan for fiscal year {year} (plans: {years}).")
    return plan


def find_round(plan: Plan, months: int | None) -> ProgressRound:
    if months not in ProgressRound.Months.values:
        raise fail("A progress report needs --round 6 or --round 12.")
    progress_round = plan.rounds.filter(months=months).first()
    if progress_round is None:
        raise fail(f"The plan {plan.organization.slug} {plan.fiscal_year} has no {months}-month round.")
    progress_round.plan = plan
    return progress_round


def current_umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_atomically(output: Path, content: bytes) -> None:
    """A temporary file beside the target, renamed only once complete: a failed render leaves no
    file behind, and a reader never sees half a document."""
    folder = output.resolve().parent
    if not folder.is_dir():
        raise fail(f"The folder {folder} does not exist.")
    handle, temporary = tempfile.mkstemp(dir=folder, prefix=f".{output.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(content)
        os.chmod(temporary, 0o666 & ~current_umask())  # mkstemp makes it private; a document is not
        os.replace(temporary, output)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
