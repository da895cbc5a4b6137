from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from agencies.commands import organization
from itaportal.spreadsheets.commands import output_format, write_file
from measures.models import Plan
from measures.resources import MeasureResource


class Command(BaseCommand):
    help = (
        "Export the measures of an agency's plan for a fiscal year to CSV or XLSX (by the extension of "
        "--output). The file imports back unchanged."
    )

    def add_arguments(self, parser):
        parser.add_argument("--org", required=True, help="organization slug")
        parser.add_argument("--year", required=True, type=int, help="the plan's fiscal year (B.E.), e.g. 2568")
        parser.add_argument("--output", required=True, type=Path, help="a .csv or .xlsx file")

    def handle(self, *args, org, year, output, **options):
        agency = organization(org)
        plan = Plan.objects.filter(organization=agency, fiscal_year=year).first()
        if plan is None:
            raise CommandError(f"No plan of {org} for fiscal year {year}.", returncode=2)
        output_format(output)
        with translation.override("th"):
            dataset = write_file(MeasureResource(plan=plan), output)
        self.stdout.write(f"Wrote {len(dataset)} measures of {org} {year} to {output}.")
