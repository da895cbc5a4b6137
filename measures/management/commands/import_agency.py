"""Restore of one agency from a zip written by export_agency."""
from __future__ import annotations

import zipfile

from django.core.management.base import BaseCommand, CommandError

from measures.backup import RestoreError, import_agency


class Command(BaseCommand):
    help = "Restore one agency from a zip written by export_agency. Refuses if the agency's slug exists."

    def add_arguments(self, parser):
        parser.add_argument("path", help="The zip written by export_agency.")
        parser.add_argument(
            "--reuse-users", action="store_true",
            help="Attach the agency's memberships and records to existing users of the same username.",
        )

    def handle(self, *args, path, reuse_users, **options):
        try:
            organization = import_agency(path, reuse_users=reuse_users)
        except (RestoreError, zipfile.BadZipFile, KeyError, FileNotFoundError) as error:
            raise CommandError(f"Nothing was restored: {error}") from error
        self.stdout.write(f"Restored {organization.slug} ({organization.name}).")
