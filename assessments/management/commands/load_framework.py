from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from assessments.loading import load_framework_file


class Command(BaseCommand):
    help = "Load or update ITA frameworks from their data files (TOML)."

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", type=Path)

    def handle(self, *args, files, **options):
        for path in files:
            if not path.is_file():
                raise CommandError(f"No such file: {path}")
            try:
                framework = load_framework_file(path)
            except (KeyError, ValueError) as error:
                raise CommandError(f"{path}: not a valid framework file ({error})") from error
            self.stdout.write(f"Loaded {framework.name}: {framework.items.count()} items")
