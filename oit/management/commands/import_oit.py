from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from agencies.commands import organization
from itaportal.spreadsheets.commands import read_file, report
from oit.resources import import_checklist
from oit.services import NoFramework


class Command(BaseCommand):
    help = (
        "Import an agency's OIT checklist for an assessment year from a CSV or XLSX file (columns code, "
        "division, status, urls, note), opening the year's OIT workspace if the framework is loaded. A file "
        "with any bad row imports nothing: every problem is listed and the command exits 1."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--org", required=True, help="organization slug")
        parser.add_argument("--year", required=True, type=int, help="assessment year (B.E.), e.g. 2568")
        parser.add_argument("--dry-run", action="store_true", help="show what would change; save nothing")

    def handle(self, *args, file, org, year, dry_run, **options):
        agency = organization(org)
        dataset = read_file(file)
        with translation.override("th"):
            try:
                outcome = import_checklist(organization=agency, year=year, dataset=dataset, dry_run=dry_run)
            except NoFramework:
                raise CommandError(f"No OIT workspace of {org} for {year}, and ITA {year} is not loaded: "
                                   "load its framework first.", returncode=2) from None
            if outcome.created and not outcome.result.problems:
                self.stdout.write(f"{'Would open' if dry_run else 'Opened'} the OIT workspace {org} ITA {year}.")
            report(self, outcome.result, path=file, dry_run=dry_run)
