import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from measures.services import reminders_for, send_reminder


def iso_date(value: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"--date must be YYYY-MM-DD, not {value!r}") from None


class Command(BaseCommand):
    help = (
        "Email each division the progress reports it has not submitted: overdue ones, and those of the "
        "next open round. Sends at most one email per division per day; run it daily from cron."
    )

    def add_arguments(self, parser):
        parser.add_argument("--date", type=iso_date, help="The day to remind for (YYYY-MM-DD); default today.")
        parser.add_argument(
            "--within", type=int, default=14,
            help="Remind about the next round once its deadline is this many days away or less (default 14).",
        )

    def handle(self, *args, date=None, within=14, **options):
        on = date or timezone.localdate()
        sent = 0
        for reminder in reminders_for(on=on, within_days=within):
            log = send_reminder(reminder=reminder, on=on)
            name = f"{reminder.plan.organization.slug} / {reminder.division.name}"
            if log is None:
                self.stdout.write(f"skipped {name}: already reminded on {on} or no member has an email address")
                continue
            sent += 1
            people = len(log.recipients.splitlines())
            self.stdout.write(f"sent {name}: {log.overdue} overdue, {log.due} due, to {people} people")
        self.stdout.write(f"{sent} reminder(s) sent for {on}.")
