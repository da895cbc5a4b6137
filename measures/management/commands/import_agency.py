"""Restore of one agency from a zip written by export_agency."""
from __future__ import annotations

import zipfile

from django.core.management.base import BaseCommand, CommandError

from measures.backup import RestoreError, import_agency


class Command(BaseCommand):
    help = "Restore one agency from a zip written by export_agency. Refuses if the agency's slug exists."

    def add_arguments(self, parser):
        parser.add_argument("path", help="The zip written by export_agency.")

    def handle(self, *args, path, **options):
        try:
            organization = import_agency(path)
        except (RestoreError, zipfile.BadZipFile, KeyError, FileNotFoundError) as error:
            raise CommandError(f"Nothing was restored: {error}") from error
        self.stdout.write(f"Restored {organization.slug} ({organization.name}).")
