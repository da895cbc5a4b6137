from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from agencies.commands import organization
from itaportal.spreadsheets.commands import output_format, write_file
from oit.models import Workspace
from oit.resources import ChecklistResource


class Command(BaseCommand):
    help = (
        "Export an agency's OIT checklist for an assessment year to CSV or XLSX (by the extension of "
        "--output): one row per OIT item, columns code, division, status, urls, note. The file imports "
        "back unchanged."
    )

    def add_arguments(self, parser):
        parser.add_argument("--org", required=True, help="organization slug")
        parser.add_argument("--year", required=True, type=int, help="assessment year (B.E.), e.g. 2568")
        parser.add_argument("--output", required=True, type=Path, help="a .csv or .xlsx file")

    def handle(self, *args, org, year, output, **options):
        agency = organization(org)
        workspace = Workspace.objects.filter(organization=agency, year=year).select_related("organization").first()
        if workspace is None:
            raise CommandError(f"No OIT workspace of {org} for {year}: open it first (import_oit opens it).",
                               returncode=2)
        output_format(output)
        with translation.override("th"):
            dataset = write_file(ChecklistResource(workspace=workspace), output)
        self.stdout.write(f"Wrote {len(dataset)} OIT items of {org} ITA {year} to {output}.")
