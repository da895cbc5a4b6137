from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from agencies.commands import organization
from assessments.models import Assessment
from assessments.resources import ScoreResource
from itaportal.spreadsheets.commands import output_format, write_file


class Command(BaseCommand):
    help = (
        "Export an agency's ITA scores for a year to CSV or XLSX (by the extension of --output): one row "
        "per reported figure, columns code, score, evidence_url, name. The file imports back unchanged."
    )

    def add_arguments(self, parser):
        parser.add_argument("--org", required=True, help="organization slug")
        parser.add_argument("--year", required=True, type=int, help="assessment year (B.E.), e.g. 2567")
        parser.add_argument("--output", required=True, type=Path, help="a .csv or .xlsx file")

    def handle(self, *args, org, year, output, **options):
        agency = organization(org)
        assessment = Assessment.objects.filter(organization=agency, year=year).select_related("framework").first()
        if assessment is None:
            raise CommandError(f"No assessment for organization {org!r} and year {year}.", returncode=2)
        output_format(output)
        with translation.override("th"):
            dataset = write_file(ScoreResource(assessment=assessment), output)
        self.stdout.write(f"Wrote {len(dataset)} scores of {org} ITA {year} to {output}.")
