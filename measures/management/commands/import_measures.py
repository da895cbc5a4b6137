from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from agencies.commands import organization
from itaportal.spreadsheets.commands import read_file, report
from measures.models import Plan
from measures.resources import MeasureResource


class Command(BaseCommand):
    help = (
        "Import the measures of an agency's plan for a fiscal year from a CSV or XLSX file (columns theme, "
        "theme_title, number, title, steps, divisions, start_month, end_month, follow_up). A file with any "
        "bad row imports nothing: every problem is listed and the command exits 1."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--org", required=True, help="organization slug")
        parser.add_argument("--year", required=True, type=int, help="the plan's fiscal year (B.E.), e.g. 2568")
        parser.add_argument("--dry-run", action="store_true", help="show what would change; save nothing")

    def handle(self, *args, file, org, year, dry_run, **options):
        agency = organization(org)
        plan = Plan.objects.filter(organization=agency, fiscal_year=year).first()
        if plan is None:
            raise CommandError(f"No plan of {org} for fiscal year {year}.", returncode=2)
        dataset = read_file(file)
        with translation.override("th"):
            result = MeasureResource(plan=plan).import_data(dataset, dry_run=dry_run)
            report(self, result, path=file, dry_run=dry_run)
