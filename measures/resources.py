"""A plan's measures and a round's progress reports as spreadsheets.

Measures are found by theme number and measure number (two columns: Excel would read "1.10" as the
number 1.1). A theme missing from the plan is added when the row gives its title; a title that
differs from the plan's renames the theme. Progress reports are found by the measure's code (1.2)
and the division's name.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from import_export.widgets import Widget

from agencies.models import Division, Organization
from itaportal.spreadsheets.resources import SheetField, SheetResource
from itaportal.spreadsheets.widgets import (
    CellError,
    ChoiceWidget,
    IntegerWidget,
    MonthWidget,
    TextWidget,
    UrlListWidget,
    clean_text,
    is_blank,
    squeeze,
)
from itaportal.thai import arabic_digits
from measures.models import Measure, Plan, ProgressReport, ProgressRound, Theme
from measures.seeding import ALL_DIVISIONS
from measures.services import RoundLocked, StaleReport, save_report

ALL_SPELLINGS = {squeeze(word).lower() for word in (
    ALL_DIVISIONS, "ทุกกอง/สำนัก", "ทุกสำนัก", "ทุกกอง", "ทุกส่วนราชการ", "all", "all divisions",
)}


@dataclass(frozen=True)
class Responsible:
    """Who carries out a measure: all divisions, named ones, or both as the seed writes them."""

    all: bool
    divisions: tuple[Division, ...] = ()

    def __eq__(self, other) -> bool:
        return isinstance(other, Responsible) and (self.all, self.ids()) == (other.all, other.ids())

    def __hash__(self) -> int:
        return hash((self.all, self.ids()))

    def ids(self) -> frozenset[int]:
        return frozenset(division.pk for division in self.divisions)


def responsible(measure: Measure) -> Responsible:
    divisions = tuple(sorted(measure.divisions.all(), key=lambda d: (d.order, d.name))) if measure.pk else ()
    return Responsible(measure.all_divisions, divisions)


def division_names(organization: Organization) -> dict[str, Division]:
    return {squeeze(division.name): division for division in organization.divisions.all()}


def unknown_division(organization: Organization, name: str) -> str:
    return gettext("The agency has no division called “%(given)s”; its divisions: %(names)s.") % {
        "given": name, "names": ", ".join(d.name for d in organization.divisions.all()),
    }


class DivisionsWidget(Widget):
    """Division names separated by commas or line breaks; ทุกสำนัก/กอง for all divisions."""

    def __init__(self, organization: Organization | None = None):
        super().__init__()
        self.organization = organization

    def clean(self, value, row=None, **kwargs) -> Responsible | None:
        if is_blank(value):
            return None
        names = division_names(self.organization)
        everyone, found = False, []
        for part in re.split(r"[,;\n、]+", clean_text(value)):
            key = squeeze(part)
            if not key:
                continue
            if key.lower() in ALL_SPELLINGS:
                everyone = True
            elif key in names:
                found.append(names[key])
            else:
                raise CellError(unknown_division(self.organization, part.strip())
                                + " " + gettext("Or write ทุกสำนัก/กอง for all divisions."))
        unique = {division.pk: division for division in found}.values()
        return Responsible(everyone, tuple(sorted(unique, key=lambda d: (d.order, d.name))))

    def render(self, value, obj=None, **kwargs) -> str:
        if value is None:
            return ""
        return ", ".join(([ALL_DIVISIONS] if value.all else []) + [d.name for d in value.divisions])


class MeasureResource(SheetResource):
    theme = SheetField("theme", _("theme"), IntegerWidget(1, 99), key=True,
                       getter=lambda m: m.theme.number, help=_("The theme's number in the plan: 1, 2, …"))
    theme_title = SheetField("theme_title", _("title of the theme"), TextWidget(max_length=300, keep_on_blank=True),
                             getter=lambda m: m.theme.title, help=_(
                                 "Optional. A theme that is not in the plan yet is added with this title; "
                                 "a different title renames the theme."))
    number = SheetField("number", _("number within the theme"), IntegerWidget(1, 999), key=True,
                        help=_("The measure's number within its theme: measure 1.2 is theme 1, number 2."))
    title = SheetField("title", _("measure / approach"), TextWidget(), required=True, help=_("Required."))
    steps = SheetField("steps", _("steps"), TextWidget(), help=_("One step per line."))
    divisions = SheetField("divisions", _("responsible divisions"), DivisionsWidget(), required=True,
                           getter=responsible, help=_(
                               "Division names as in admin, separated by commas or line breaks; "
                               "ทุกสำนัก/กอง for all divisions."))
    start_month = SheetField("start_month", _("start month"), MonthWidget(), required=True, help=_(
        "Like ต.ค. 2567 (Thai digits are fine: ต.ค. ๒๕๖๗), ตุลาคม 2567, or 2024-10."))
    end_month = SheetField("end_month", _("end month"), MonthWidget(), required=True, help=_(
        "As the start month; not before it."))
    follow_up = SheetField("follow_up", _("follow-up"), TextWidget(), help=_("How the measure is followed up."))

    model_columns = {name: name for name in (
        "title", "steps", "start_month", "end_month", "follow_up", "divisions", "number", "theme", "theme_title",
    )} | {"all_divisions": "divisions"}
    default_column = "number"
    needed_by_new = ("title", "divisions", "start_month", "end_month")

    def __init__(self, plan: Plan | None = None, **kwargs):
        super().__init__(**kwargs)
        self.target = plan
        self.fields["divisions"].widget = DivisionsWidget(plan.organization if plan else None)
        self._themes = self._measures = None
        self.titles: dict[int, tuple[int, str]] = {}  # theme number -> (first row, title)
        self.dirty_themes: set[int] = set()

    @classmethod
    def get_display_name(cls):
        return _("a plan's measures, row by row")

    def themes(self) -> dict[int, Theme]:
        if self._themes is None:
            self._themes = {theme.number: theme for theme in self.target.themes.all()}
        return self._themes

    def measures(self) -> dict[tuple[int, int], Measure]:
        if self._measures is None:
            self._measures = {(m.theme.number, m.number): m for m in self.target.measures.select_related("theme")}
        return self._measures

    def locate(self, row):
        theme_number, number = self.cell("theme", row), self.cell("number", row)
        self.claim((theme_number, number), "number")
        theme = self.themes().setdefault(theme_number, Theme(plan=self.target, number=theme_number, title=""))
        measure = self.measures().get((theme_number, number)) or Measure(plan=self.target, number=number)
        measure.theme = theme  # one object per theme: a rename on one row is seen by the next
        return measure, measure.pk is None

    def current(self, instance, sheet_field):
        if sheet_field.column_name == "divisions":
            return responsible(instance)
        return super().current(instance, sheet_field)

    def assign(self, instance, sheet_field, value) -> None:
        column = sheet_field.column_name
        if column == "theme_title":
            instance.theme.title = value
            self.dirty_themes.add(instance.theme.number)
        elif column == "divisions":
            instance.all_divisions = value.all
            instance._sheet_divisions = value
        else:
            super().assign(instance, sheet_field, value)

    def finish(self, instance, row, errors) -> None:
        theme = instance.theme
        title = clean_text(row.get("theme_title"))
        if title and "theme_title" not in errors:
            first_row, first_title = self.titles.setdefault(theme.number, (self.row_number, title))
            if first_title != title:
                errors["theme_title"] = _("The title differs from the one given for this theme in row %(row)s.") % {
                    "row": first_row}
        if theme.pk is None and not theme.title and "theme" not in errors:
            errors["theme"] = _("Theme %(n)s does not exist yet: write a title for it so it can be added.") % {
                "n": theme.number}
        if instance._sheet_new:
            for column in self.needed_by_new:
                if column not in errors and is_blank(row.get(column)):
                    errors[column] = _("Fill in “%(header)s” for a measure that is being added.") % {
                        "header": self.fields[column].header()}

    def check(self, instance) -> None:
        errors = {}
        theme = instance.theme
        if theme.title and (theme.pk is None or theme.number in self.dirty_themes):  # untitled: see finish()
            try:
                theme.full_clean()
            except ValidationError as error:
                for name, messages in error.message_dict.items():
                    errors["theme_title" if name == "title" else "theme"] = messages
        try:
            instance.full_clean(exclude=["theme"] if theme.pk is None else None)
        except ValidationError as error:
            errors.update(error.message_dict)
        if hasattr(instance, "_sheet_divisions") or instance._sheet_new:
            try:
                instance.clean_divisions(list(getattr(instance, "_sheet_divisions", Responsible(False)).divisions))
            except ValidationError as error:
                errors.update(error.message_dict)
        if errors:
            raise ValidationError(errors)

    def do_instance_save(self, instance, is_create) -> None:
        theme = instance.theme
        if theme.pk is None or theme.number in self.dirty_themes:
            theme.save()
            self.dirty_themes.discard(theme.number)
        instance.theme = theme  # now that the theme has an id
        instance.save(force_insert=is_create)
        if hasattr(instance, "_sheet_divisions"):
            instance.divisions.set(instance._sheet_divisions.divisions)

    def describe(self, instance) -> str:
        return instance.code

    def export(self, queryset=None, **kwargs):
        measures = list(queryset if queryset is not None else self.target.measures.all())
        plans = {measure.plan_id for measure in measures}
        if len(plans) > 1:
            raise ValueError(gettext("Choose the measures of one plan: filter the list by agency and fiscal year."))
        ordered = Measure.objects.filter(pk__in=[m.pk for m in measures]).select_related("theme").prefetch_related(
            "divisions").order_by("theme__number", "number")
        return super().export(queryset=list(ordered), **kwargs)

    def notes(self) -> list[list[str]]:
        return [
            ["", ""],
            [gettext("Example"), "1 | กระบวนการปฏิบัติงานที่โปร่งใสและมีประสิทธิภาพ | 1 | การประชุมพนักงาน | … | "
                                 "ทุกสำนัก/กอง | ต.ค. 2567 | ก.ย. 2568 | รายงานความก้าวหน้า รอบ ๖ เดือน"],
            [gettext("Measures not in the file"), gettext("are left as they are: an import never deletes.")],
        ]


MEASURE_CODE = re.compile(r"^(\d+)\.(\d+)$")
STATUS_SYNONYMS = {
    "ยังไม่ได้ดำเนินการ": "not_started", "ยังไม่เริ่ม": "not_started",
    "อยู่ระหว่างการดำเนินการ": "in_progress", "กำลังดำเนินการ": "in_progress",
    "ดำเนินการแล้วเสร็จ": "done", "ดำเนินการเสร็จแล้ว": "done", "แล้วเสร็จ": "done", "เสร็จ": "done",
    "เสร็จสิ้น": "done",
}


class ProgressResource(SheetResource):
    measure = SheetField("measure", _("measure"), TextWidget(), key=True, getter=lambda r: r.measure.code,
                         help=_("The measure's code: theme number, a dot, measure number (1.2)."))
    division = SheetField("division", _("division"), TextWidget(), key=True, getter=lambda r: r.division.name,
                          help=_("The reporting division's name as in admin."))
    status = SheetField("status", _("status"), ChoiceWidget(ProgressReport.Status, STATUS_SYNONYMS), help=_(
        "ยังไม่ดำเนินการ, อยู่ระหว่างดำเนินการ or ดำเนินการแล้ว (or not_started, in_progress, done)."))
    percent = SheetField("percent", _("percent done"), IntegerWidget(0, 100, percent=True),
                         help=_("Percent from 0 to 100; done means 100."))
    done = SheetField("done", _("what was done"), TextWidget())
    result = SheetField("result", _("result"), TextWidget())
    problems = SheetField("problems", _("problems and obstacles"), TextWidget())
    links = SheetField("links", _("evidence links"), UrlListWidget(),
                       help=_("Links to the evidence, each on its own line."))

    model_columns = {name: name for name in ("status", "percent", "done", "result", "problems", "links",
                                             "division", "measure")}
    default_column = "measure"

    def __init__(self, round: ProgressRound | None = None, **kwargs):
        super().__init__(**kwargs)
        self.target = round
        self._measures = self._divisions = self._reports = None
        self.user = None

    @classmethod
    def get_display_name(cls):
        return _("Round-wise follow-up sheet")

    def before_import(self, dataset, **kwargs):
        self.user = kwargs.get("user")
        super().before_import(dataset, **kwargs)

    def check_target(self) -> None:
        # Row lock: an approval cannot slip in while the file is being imported.
        self.target = ProgressRound.objects.select_for_update().select_related("plan__organization").get(
            pk=self.target.pk)
        if self.target.is_locked():
            self.file_problem(_("The round is approved: its reports are a record, and an import does not "
                                "change them."))

    def lookups(self) -> None:
        plan = self.target.plan
        self._measures = {m.code: m for m in plan.measures.select_related("theme", "plan")}
        self._divisions = division_names(plan.organization)
        self._reports = {(r.measure_id, r.division_id): r for r in self.target.reports.all()}

    def locate(self, row):
        if self._measures is None:
            self.lookups()
        code = arabic_digits(squeeze(self.cell("measure", row)))
        match = MEASURE_CODE.match(code)
        measure = self._measures.get(f"{int(match[1])}.{int(match[2])}") if match else None
        if measure is None:
            raise ValidationError({"measure": _(
                "No measure with this code exists in the %(year)s plan; codes are written theme.number, like 1.2."
            ) % {"year": self.target.plan.fiscal_year}})
        name = self.cell("division", row)
        division = self._divisions.get(squeeze(name))
        if division is None:
            raise ValidationError({"division": unknown_division(self.target.plan.organization, name)})
        self.claim((measure.pk, division.pk), "division")
        report = self._reports.get((measure.pk, division.pk))
        if report is None:
            report = ProgressReport(round=self.target, measure=measure, division=division)
        return report, report.pk is None

    def check(self, instance) -> None:
        # An imported report is a submitted one: it meets the rules a submission meets in the portal.
        instance.submitted_at = timezone.now()
        instance.full_clean()

    def do_instance_save(self, instance, is_create) -> None:
        """An imported report is filed by the person importing, like a report submitted in the portal,
        and claims the next version, so that an edit saved meanwhile in the portal is not overwritten."""
        by = self.user if getattr(self.user, "pk", None) else instance.reported_by
        try:
            save_report(report=instance, expected_version=0 if is_create else instance.version, by=by, submit=True)
        except (StaleReport, RoundLocked):
            raise ValidationError({"measure": _(
                "Someone saved this report while the file was being imported: check the file again.")}) from None

    def describe(self, instance) -> str:
        return f"{instance.measure.code} {instance.division.name}"

    def export(self, queryset=None, **kwargs):
        reports = list(queryset if queryset is not None else self.target.reports.all())
        if len({report.round_id for report in reports}) > 1:
            raise ValueError(gettext("Choose the reports of one round: filter the list by round first."))
        ordered = ProgressReport.objects.filter(pk__in=[r.pk for r in reports]).select_related(
            "measure__theme", "division")
        return super().export(queryset=list(ordered), **kwargs)
