from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from agencies.commands import organization
from assessments.services import NoFramework, import_scores
from itaportal.spreadsheets.commands import read_file, report


class Command(BaseCommand):
    help = (
        "Import an agency's ITA scores for a year from a CSV or XLSX file with the columns code, score and "
        "evidence_url (codes: OVERALL, IIT/EIT/OIT, IND1…, SUB9.1…, I1…/E1…/O1…). A file with any bad row "
        "imports nothing: every problem is listed and the command exits 1."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--org", required=True, help="organization slug")
        parser.add_argument("--year", required=True, type=int, help="assessment year (B.E.), e.g. 2567")
        parser.add_argument("--dry-run", action="store_true", help="show what would change; save nothing")

    def handle(self, *args, file, org, year, dry_run, **options):
        agency = organization(org)
        dataset = read_file(file)
        with translation.override("th"):
            try:
                outcome = import_scores(organization=agency, year=year, dataset=dataset, dry_run=dry_run)
            except NoFramework as error:
                raise CommandError(f"No assessment of {org} for {year}, and {error}", returncode=2) from None
            if outcome.created and not outcome.result.problems:
                self.stdout.write(f"{'Would start' if dry_run else 'Started'} the assessment {org} ITA {year}.")
            report(self, outcome.result, path=file, dry_run=dry_run)
