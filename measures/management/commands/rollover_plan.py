from django.core.management.base import BaseCommand, CommandError
from django.db import IntegrityError
from django.utils import translation

from agencies.commands import organization
from measures.models import Plan
from measures.rollover import RolloverError, rollover_plan


class Command(BaseCommand):
    help = (
        "Start an agency's plan for the next fiscal year from this year's: texts, themes (item links mapped "
        "by code to the next framework), measures with their divisions a year later, and open progress "
        "rounds; status draft, no approval, no progress. Refuses (exit 1) if the new plan exists."
    )

    def add_arguments(self, parser):
        parser.add_argument("--org", required=True, help="organization slug")
        parser.add_argument("--from-year", required=True, type=int, help="fiscal year (B.E.) to copy, e.g. 2568")
        parser.add_argument("--to-year", type=int, help="the new plan's fiscal year (default: the next one)")

    def handle(self, *args, org, from_year, to_year, **options):
        agency = organization(org)
        plan = Plan.objects.filter(organization=agency, fiscal_year=from_year).first()
        if plan is None:
            raise CommandError(f"No plan of {org} for fiscal year {from_year}.", returncode=2)
        with translation.override("th"):
            try:
                outcome = rollover_plan(plan=plan, to_year=to_year)
            except RolloverError as error:
                raise CommandError(str(error), returncode=1) from None
            except IntegrityError:
                raise CommandError(f"{org} got a plan for {to_year} meanwhile; nothing was copied.",
                                   returncode=1) from None
            new = outcome.plan
            self.stdout.write(
                f"Started plan {org} {new.fiscal_year} from {from_year}: {new.themes.count()} themes, "
                f"{new.measures.count()} measures, {new.rounds.count()} rounds (draft)."
            )
            for warning in outcome.warnings:
                self.stdout.write(f"Warning: {warning}")
