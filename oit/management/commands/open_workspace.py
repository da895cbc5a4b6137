from django.core.management.base import BaseCommand, CommandError

from agencies.commands import organization
from oit.services import NoFramework, open_workspace


class Command(BaseCommand):
    help = ("Open an agency's OIT workspace for an assessment year: one row per OIT item of the year's framework "
            "(items the framework gained since are added). Safe to run again. Exits 2 for an unknown agency or "
            "a year whose framework is not loaded.")

    def add_arguments(self, parser):
        parser.add_argument("--org", required=True, help="organization slug")
        parser.add_argument("--year", required=True, type=int, help="assessment year (B.E.), e.g. 2569")

    def handle(self, *args, org, year, **options):
        agency = organization(org)
        try:
            workspace = open_workspace(organization=agency, year=year)
        except NoFramework:
            raise CommandError(f"ITA {year} is not loaded: run load_framework first.", returncode=2) from None
        self.stdout.write(f"OIT workspace {agency.slug} {year}: {workspace.items.count()} items "
                          f"of {workspace.framework.name}.")
