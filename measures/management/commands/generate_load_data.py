"""Synthetic agencies for load tests: `generate_load_data --agencies 1000`."""
from __future__ import annotations

import time

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from measures.loaddata_synthetic import generate, last_number, slug_for

DEFAULT_PASSWORD = "load-test-2568"


class Command(BaseCommand):
    help = (
        "Create N synthetic agencies (slugs load-00001, ...) with users, an ITA assessment, a published plan "
        "and two rounds of progress reports, for load tests. No edit history is recorded for these rows."
    )

    def add_arguments(self, parser):
        parser.add_argument("--agencies", type=int, required=True, help="How many agencies to create.")
        parser.add_argument("--year", type=int, default=2568, help="Fiscal year (B.E.) of the plans.")
        parser.add_argument("--seed", type=int, default=1, help="Random seed; the same seed gives the same data.")
        parser.add_argument("--password", default=DEFAULT_PASSWORD, help="Password of every synthetic user.")
        parser.add_argument("--append", action="store_true", help="Continue after the last existing agency.")
        parser.add_argument("--batch-size", type=int, default=100, help="Agencies per transaction.")

    def handle(self, *args, agencies, year, seed, password, append, batch_size, **options):
        if agencies < 1 or batch_size < 1:
            raise CommandError("--agencies and --batch-size must be at least 1.")
        last = last_number()
        if last and not append:
            raise CommandError(
                f"Synthetic agencies already exist ({slug_for(1)} to {slug_for(last)}); "
                "use --append to add more after the last one."
            )
        start = last + 1
        if start + agencies - 1 > 99999:
            raise CommandError("Synthetic agency numbers stop at 99999.")
        self.stdout.write(f"Creating {agencies} synthetic agencies from {slug_for(start)} (fiscal year {year}).")
        began = time.monotonic()

        def progress(done: int) -> None:
            elapsed = time.monotonic() - began
            self.stdout.write(f"  {done}/{agencies} agencies, {elapsed:.1f} s")

        created = generate(count=agencies, year=year, seed=seed, password=password, start=start,
                           batch_size=batch_size, progress=progress)
        elapsed = time.monotonic() - began
        if connection.vendor == "postgresql":
            # Bulk inserts leave the planner without statistics until autovacuum gets round to it.
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        self.stdout.write(
            f"Created {created} agencies ({slug_for(start)} to {slug_for(start + created - 1)}) in {elapsed:.1f} s: "
            f"{created / elapsed:.1f} agencies/second."
        )
        self.stdout.write(
            f"Users: <slug>-admin, <slug>-executive, <slug>-staff1..4; password: {password}"
        )
