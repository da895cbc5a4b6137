import tomllib
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from assessments.loading import load_framework_files
from assessments.models import ItemSuccessor


class Command(BaseCommand):
    help = ("Load or update ITA frameworks from their data files (TOML); earlier years first, so that each "
            "year's item map finds the items it carries on from.")

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", type=Path)

    def handle(self, *args, files, **options):
        for path in files:
            if not path.is_file():
                raise CommandError(f"No such file: {path}")
        try:
            frameworks = load_framework_files(files, warn=lambda text: self.stdout.write(f"Warning: {text}"))
        except (KeyError, ValueError, tomllib.TOMLDecodeError) as error:
            raise CommandError(f"Not a valid framework file ({error}); nothing was loaded.") from error
        for framework in frameworks:
            items = framework.items.all()
            unconfirmed = [item.code for item in items if not item.confirmed]
            links = ItemSuccessor.objects.filter(to_item__framework=framework).count()
            roles = ", ".join(f"{item.role} {item.code}" for item in items if item.role) or "none"
            self.stdout.write(
                f"Loaded {framework.name}: {len(items)} items, {len(unconfirmed)} unconfirmed"
                f"{' (' + ', '.join(unconfirmed) + ')' if unconfirmed else ''}; roles: {roles}; "
                f"{links} links from earlier items"
            )
