import sys

from django.core.management.base import BaseCommand, CommandError

from agencies.models import Organization
from oit.linkcheck import check_agencies


class Command(BaseCommand):
    help = (
        "Check every evidence URL of agencies' OIT workspaces and progress reports, record each URL's status, "
        "and email the divisions whose OIT items have a link that has just broken. Prints one line per broken "
        "URL (<item or measure code> <url> <reason>, after the agency's slug with --all); exits 1 when any "
        "URL is broken, 2 for an unknown agency."
    )

    def add_arguments(self, parser):
        which = parser.add_mutually_exclusive_group(required=True)
        which.add_argument("--org", metavar="SLUG", help="The agency to check.")
        which.add_argument("--all", action="store_true", help="Check every agency.")
        parser.add_argument("--year", type=int, help="Only the workspace and the plan of this year (B.E.).")

    def handle(self, *args, org=None, all=False, year=None, **options):
        if all:
            organizations = Organization.objects.order_by("slug")
        else:
            organizations = Organization.objects.filter(slug=org)
            if not organizations.exists():
                raise CommandError(f"No agency has the slug {org!r}.", returncode=2)
        checked = broken = 0
        for organization, findings in check_agencies(organizations, year=year):
            checked += len({f.target.url for f in findings})
            for finding in findings:
                if not finding.result.ok:
                    broken += 1
                    prefix = f"{organization.slug} " if all else ""
                    self.stdout.write(f"{prefix}{finding.target.code} {finding.target.url} {finding.result.label}")
        self.stderr.write(f"{checked} URL(s) checked, {broken} broken.")
        if broken:
            self.stdout.flush()
            sys.exit(1)
