"""Backup of one agency: `export_agency --org po --output po.zip`."""
from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from agencies.models import Organization
from measures.backup import export_agency


class Command(BaseCommand):
    help = "Write one agency's data (users, frameworks, plans, reports, history) and evidence files to a zip."

    def add_arguments(self, parser):
        parser.add_argument("--org", required=True, help="Slug of the agency.")
        parser.add_argument("--output", required=True, help="Path of the zip to write.")

    def handle(self, *args, org, output, **options):
        organization = Organization.objects.filter(slug=org).first()
        if organization is None:
            raise CommandError(f"No agency with slug {org!r}.")
        manifest = export_agency(organization, output)
        rows = sum(manifest["counts"].values())
        self.stdout.write(
            f"Exported {organization.slug}: {rows} rows, {manifest['users']} users, "
            f"{len(manifest['files'])} evidence files to {output}."
        )
