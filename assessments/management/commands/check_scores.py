from django.core.management.base import BaseCommand, CommandError

from assessments.models import Assessment
from assessments.scoring import compute, round2


def describe(figure) -> str:
    if figure.level == "indicator":
        return f"indicator {figure.code}"
    if figure.level == "subindicator":
        return f"sub-indicator {figure.code}"
    return figure.code


class Command(BaseCommand):
    help = (
        "Compare an assessment's reported figures with those computed by its framework's rules. "
        "Prints one line per figure that differs by more than 0.01; exits 1 if any does."
    )

    def add_arguments(self, parser):
        parser.add_argument("--org", required=True, help="organization slug")
        parser.add_argument("--year", required=True, type=int, help="assessment year (B.E.), e.g. 2567")

    def handle(self, *args, org, year, **options):
        assessment = (
            Assessment.objects.select_related("framework", "organization")
            .filter(organization__slug=org, year=year).first()
        )
        if assessment is None:
            raise CommandError(f"No assessment for organization {org!r} and year {year}.", returncode=2)
        disagreements = compute(assessment).disagreements()
        for figure in disagreements:
            self.stdout.write(
                f"{describe(figure)}: reported {figure.reported:.2f}, computed {round2(figure.computed):.2f}"
            )
        count = len(disagreements)
        self.stdout.write(
            f"{count} of the reported figures of {org} ITA {year} "
            f"{'differs' if count == 1 else 'differ'} from the computed ones by more than 0.01."
        )
        if count:
            raise SystemExit(1)
