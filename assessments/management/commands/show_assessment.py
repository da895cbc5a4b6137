from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from agencies.commands import organization
from assessments.models import Assessment
from assessments.scoring import compute
from itaportal import thai


class Command(BaseCommand):
    help = (
        "Print an agency's ITA result for a year: the overall score, each tool's score (reported, else "
        "computed) and the rating with the rule that decided it. Exits 2 for an unknown agency or year."
    )

    def add_arguments(self, parser):
        parser.add_argument("--org", required=True, help="organization slug")
        parser.add_argument("--year", required=True, type=int, help="assessment year (B.E.), e.g. 2569")

    def handle(self, *args, org, year, **options):
        agency = organization(org)
        assessment = Assessment.objects.filter(organization=agency, year=year).select_related("framework").first()
        if assessment is None:
            raise CommandError(f"No assessment for organization {org!r} and year {year}.", returncode=2)
        computation = compute(assessment)
        tools = [figure for figure in computation.figures if figure.level == "tool"]
        with translation.override("th"):
            rating = assessment.rating(computation)
        self.stdout.write(f"{agency.name} {assessment.framework.name}")
        self.stdout.write(f"{'overall':<8} {thai.score(assessment.score())}")
        for figure in tools:
            self.stdout.write(f"{figure.code:<8} {thai.score(figure.published)}")
        self.stdout.write(f"{'rating':<8} {rating or '–'}")
