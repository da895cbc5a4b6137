from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from assessments.loading import load_all_frameworks
from measures.seeding import DEMO_DIR, load_agency


class Command(BaseCommand):
    help = ("Load the ITA frameworks of assessments/data, then create or refresh the demo agency อบต.ปอ (slug po) "
            "with its FY2568 plan and demo users.")

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError(
                "load_demo creates users with published passwords; it runs only with DEBUG=1."
            )
        frameworks = load_all_frameworks(warn=lambda text: self.stdout.write(f"Warning: {text}"))
        self.stdout.write("ITA frameworks: " + ", ".join(framework.name for framework in frameworks) + ".")
        try:
            organization, users = load_agency(DEMO_DIR / "po.toml")
        except ValidationError as error:
            raise CommandError(f"The demo data is invalid: {error}") from error
        plans = organization.plans.count()
        measures = sum(plan.measures.count() for plan in organization.plans.all())
        self.stdout.write(
            f"Demo agency {organization.name} ({organization.slug}): {plans} plan, {measures} measures."
        )
        self.stdout.write("Demo users (demo only; never use these on a real deployment):")
        for user in users:
            self.stdout.write(f"  {user['username']:<14} {user['role']:<10} password: {user['password']}")
