"""A measure's change history, from django-simple-history: the measure itself, every report filed on
it and their evidence files, each record compared with the one before it."""
from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db import models
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from itaportal import thai
from measures.models.plans import Measure
from measures.models.progress import Evidence, ProgressReport, ProgressRound

MONTHS = {"start_month", "end_month"}  # stored as the first of the month; read as a month
# Bookkeeping fields: they change on every save and say nothing a reader needs.
IGNORED = {"updated_at", "version", "plan", "theme", "round", "measure", "division", "report", "file",
           "size", "uploaded_at"}
TEXT_LIMIT = 300


@dataclass
class Change:
    label: str
    old: str
    new: str


@dataclass
class Entry:
    when: datetime.datetime
    who: str
    subject: str
    action: str
    changes: list[Change] = field(default_factory=list)
    reason: str = ""
    created: bool = False  # the first record: its values are listed, there is nothing before them


ACTIONS = {"+": _("created"), "~": _("changed"), "-": _("deleted")}


def user_label(user) -> str:
    if user is None:
        return str(_("system"))
    return user.get_full_name() or user.get_username()


class Formatter:
    """Shows a stored value the way a reader knows it: names for ids, labels for choices, Thai dates."""

    def __init__(self, model, *, users: dict, divisions: dict):
        self.model, self.users, self.divisions = model, users, divisions

    def label(self, name: str) -> str:
        return str(self.model._meta.get_field(name).verbose_name)

    def value(self, name: str, value) -> str:
        model_field = self.model._meta.get_field(name)
        if value in (None, ""):
            return "–"
        if model_field.many_to_many:
            return ", ".join(sorted(self.divisions.get(row.get("division"), "?") for row in value)) or "–"
        if model_field.choices:
            return str(dict(model_field.flatchoices).get(value, value))
        if isinstance(model_field, models.ForeignKey):
            return user_label(self.users.get(value)) if model_field.related_model == get_user_model() else str(value)
        if isinstance(value, datetime.datetime):
            local = timezone.localtime(value)
            return f"{thai.date_short(local.date())} {local:%H:%M}"
        if isinstance(value, datetime.date):
            return thai.month_abbr(value) if name in MONTHS else thai.date_short(value)
        if isinstance(value, bool):
            return str(_("yes") if value else _("no"))
        return Truncator(str(value)).chars(TEXT_LIMIT)


def _initial_changes(record, fields: list[str], fmt: Formatter) -> list[Change]:
    changes = []
    for name in fields:
        value = record.serializable_value(name)  # a foreign key's id, as diff_against gives it
        if value not in (None, "", False, 0) or name in ("status", "percent"):
            changes.append(Change(fmt.label(name), "–", fmt.value(name, value)))
    return changes


def _entries(records: list, subject, fmt: Formatter, fields: list[str]) -> list[Entry]:
    """Entries for one object's records, oldest first; each compared with the record before it."""
    entries, previous = [], None
    for record in records:
        entry = Entry(
            record.history_date, user_label(record.history_user), subject(record),
            str(ACTIONS.get(record.history_type, record.history_type)),
            reason=record.history_change_reason or "",
        )
        if record.history_type == "+" or previous is None:
            entry.changes = _initial_changes(record, [f for f in fields if f != "divisions"], fmt)
            entry.created = True
        elif record.history_type == "~":
            delta = record.diff_against(previous, excluded_fields=IGNORED)
            entry.changes = [
                Change(fmt.label(c.field), fmt.value(c.field, c.old), fmt.value(c.field, c.new))
                for c in delta.changes
            ]
            if not entry.changes:
                previous = record
                continue
        entries.append(entry)
        previous = record
    return entries


def _tracked(model) -> list[str]:
    names = [f.name for f in model._meta.concrete_fields if f.editable and f.name not in IGNORED | {"id"}]
    return names + [f.name for f in model._meta.many_to_many]


def measure_history(measure: Measure, *, divisions: dict[int, str], rounds: list[ProgressRound]) -> list[Entry]:
    """Every change to the measure and its reports and files, newest first."""
    measure_records = list(measure.history.select_related("history_user").order_by("history_date", "history_id"))
    report_records = list(
        ProgressReport.history.filter(measure_id=measure.pk)
        .select_related("history_user").order_by("history_date", "history_id")
    )
    report_ids = {record.id for record in report_records}
    evidence_records = list(
        Evidence.history.filter(report_id__in=report_ids)
        .select_related("history_user").order_by("history_date", "history_id")
    )
    user_ids = {r.reported_by_id for r in report_records if r.reported_by_id}
    users = get_user_model().objects.in_bulk(user_ids)
    round_names = {r.pk: str(r.get_months_display()) for r in rounds}
    report_of = {r.id: (round_names.get(r.round_id, "?"), divisions.get(r.division_id, "?")) for r in report_records}

    entries = _entries(
        measure_records, lambda record: str(_("Measure")),
        Formatter(Measure, users=users, divisions=divisions), _tracked(Measure),
    )
    by_report = defaultdict(list)
    for record in report_records:
        by_report[record.id].append(record)
    report_fmt = Formatter(ProgressReport, users=users, divisions=divisions)
    def report_subject(record) -> str:
        round_name, division_name = report_of[record.id]
        return _("Report, %(round)s – %(division)s") % {"round": round_name, "division": division_name}

    for records in by_report.values():
        entries += _entries(records, report_subject, report_fmt, _tracked(ProgressReport))
    for record in evidence_records:
        round_name, division_name = report_of.get(record.report_id, ("?", "?"))
        entries.append(Entry(
            record.history_date, user_label(record.history_user),
            _("Evidence file, %(round)s – %(division)s") % {"round": round_name, "division": division_name},
            str(_("file added") if record.history_type == "+" else
                _("file removed") if record.history_type == "-" else _("changed")),
            [Change(str(_("file")), "–" if record.history_type == "+" else record.original_name,
                    record.original_name if record.history_type == "+" else "–")],
        ))
    entries.sort(key=lambda entry: entry.when, reverse=True)
    return entries
