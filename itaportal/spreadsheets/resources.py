"""The base of our import/export resources.

What it adds to django-import-export: headers in English or Thai (or both, as our blank templates
write them: "คะแนน (score)"); rows numbered as Excel shows them (the header is row 1); every bad row
reported at once with its column, value and reason; unchanged rows left alone (no save, no
history); and a file with any bad row imports nothing, whoever calls it.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils import translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from import_export import resources
from import_export.fields import Field
from import_export.instance_loaders import BaseInstanceLoader
from import_export.results import RowResult
from openpyxl.utils import get_column_letter

from itaportal.spreadsheets.widgets import CellError, clean_text, is_blank, squeeze

_KEY_IN_BRACKETS = re.compile(r"\(([a-z_]+)\)$")


class SheetError(Exception):
    """The file as a whole is refused (its problems are already listed)."""


@dataclass
class Problem:
    """Why a cell, a row or the file cannot be imported."""

    row: int | None  # as Excel numbers it: the header is row 1; None for the file as a whole
    message: str
    column: str = ""  # our key, e.g. "score"
    header: str = ""  # the header as the file writes it
    letter: str = ""  # Excel's column letter
    value: str = ""

    def __str__(self) -> str:
        if self.row is None:
            return self.message
        if not self.header:
            return gettext("%(message)s — see spreadsheet line %(row)s") % {"row": self.row, "message": self.message}
        return gettext("[%(col)s%(line)s · %(head)s] “%(cell)s” — %(why)s") % {
            "line": self.row, "col": self.letter, "head": self.header, "cell": self.value, "why": self.message,
        }


@dataclass
class Change:
    """What importing a row changes (or would change, in a dry run)."""

    row: int
    label: str
    new: bool
    fields: list[tuple[str, str, str]] = field(default_factory=list)  # (column, before, after)

    def __str__(self) -> str:
        parts = "; ".join(f"{column}: {before or '–'} → {after or '–'}" for column, before, after in self.fields)
        return f"{self.label}: {parts}"


def printable(value, limit: int = 60) -> str:
    text = "" if value is None else "".join(ch if ch.isprintable() else " " for ch in str(value))
    return text if len(text) <= limit else text[: limit - 1] + "…"


def only_one(queryset, message):
    """The single object an export is about; several (or none) is the person's mistake, not ours."""
    found = list(queryset[:2]) if queryset is not None else []
    if len(found) != 1:
        raise ValueError(str(message))
    return found[0]


def header_key(text) -> str:
    normal = squeeze(text).lower()
    match = _KEY_IN_BRACKETS.search(normal)
    return match.group(1) if match else normal


class SheetField(Field):
    """A column: its key (the English header), its label (the Thai header) and how it is read.

    `key` columns find the row's object; `informational` ones are written on export and ignored on
    import; `required` ones may not be left blank.
    """

    def __init__(self, column: str, label, widget, *, attribute: str | None = None, key: bool = False,
                 required: bool = False, informational: bool = False, getter=None, help=""):
        super().__init__(attribute=attribute or column, column_name=column, widget=widget, readonly=informational)
        self.label, self.key, self.required, self.informational = label, key, required, informational
        self.getter, self.help = getter, help

    def get_value(self, instance):
        return self.getter(instance) if self.getter else super().get_value(instance)

    def header(self) -> str:
        return f"{self.label} ({self.column_name})"


class SheetResource(resources.Resource):
    """Subclasses find or start the row's object in `locate`, may check across cells in `finish`,
    validate the object in `check` (raising the model's ValidationError) and describe it."""

    model_columns: dict[str, str] = {}  # model field -> our column, for the model's own errors
    default_column = ""  # where model errors on other fields are shown

    class Meta:
        skip_diff = True  # we record the changes ourselves, in the person's terms
        store_instance = True
        report_skipped = True
        use_transactions = True
        instance_loader_class = BaseInstanceLoader  # unused: `locate` finds the row's object

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.target = None
        self.reset()

    def reset(self) -> None:
        self.problems: list[Problem] = []
        self.changes: list[Change] = []
        self.ignored_columns: list[str] = []
        self.columns: dict[str, tuple[str, str]] = {}  # key -> (letter, header as written)
        self.seen: dict[tuple, int] = {}
        self.row_number = 1

    # -- what subclasses provide -------------------------------------------------------------

    def locate(self, row) -> tuple[object, bool]:
        raise NotImplementedError

    def finish(self, instance, row, errors: dict) -> None:
        pass

    def check(self, instance) -> None:
        pass

    def describe(self, instance) -> str:
        return str(instance)

    def check_target(self) -> None:
        """Problems with the file as a whole (e.g. a locked round), added with `file_problem`."""

    def widget_kwargs(self, instance) -> dict:
        return {}

    def notes(self) -> list[list[str]]:
        """Rows explaining the codes, after the columns, on the blank template's second sheet."""
        return []

    # -- the import ---------------------------------------------------------------------------

    def import_data(self, dataset, dry_run=False, raise_errors=False, use_transactions=None,
                    collect_failed_rows=False, rollback_on_validation_errors=False, **kwargs):
        # A bad row anywhere rolls the whole file back, whoever calls us and with whatever options.
        self.reset()
        return super().import_data(
            dataset, dry_run=dry_run, raise_errors=raise_errors, use_transactions=True,
            collect_failed_rows=collect_failed_rows, rollback_on_validation_errors=True, **kwargs,
        )

    def sheet_fields(self) -> list[SheetField]:
        return [f for f in self.fields.values() if isinstance(f, SheetField)]

    def header_aliases(self) -> dict[str, str]:
        aliases = {}
        for sheet_field in self.sheet_fields():
            aliases[sheet_field.column_name] = sheet_field.column_name
            for language in ("en", "th"):
                with translation.override(language):
                    aliases[header_key(str(sheet_field.label))] = sheet_field.column_name
        return aliases

    def file_problem(self, message, *, row: int | None = None, column: str = "", header: str = "",
                     letter: str = "") -> None:
        self.problems.append(Problem(row=row, message=str(message), column=column, header=header, letter=letter))

    def before_import(self, dataset, **kwargs):
        aliases = self.header_aliases()
        headers = list(dataset.headers or [])
        renamed = []
        for index, header in enumerate(headers):
            letter = get_column_letter(index + 1)
            key = aliases.get(header_key(header))
            if key in self.columns:
                self.file_problem(_("This column appears twice."), row=1, column=key,
                                  header=clean_text(header), letter=letter)
            elif key is not None:
                self.columns[key] = (letter, clean_text(header))
                renamed.append(key)
                continue
            elif not is_blank(header):
                self.ignored_columns.append(clean_text(header))
            renamed.append(f"~{index}")  # a column we do not read; unique, so every cell stays put
        if not headers:
            self.file_problem(_("The file is empty: the first row must hold the column headers."))
        else:
            for sheet_field in self.sheet_fields():
                if sheet_field.key and sheet_field.column_name not in self.columns:
                    missing = _("A “%(header)s” column is missing from the header row.")
                    self.file_problem(missing % {"header": sheet_field.header()}, row=1)
        self.check_target()
        if self.problems:
            del dataset[:]
            raise SheetError
        dataset.headers = renamed

    def import_row(self, row, instance_loader, **kwargs):
        self.row_number = kwargs["row_number"] + 1
        if all(is_blank(row.get(f.column_name)) for f in self.sheet_fields() if not f.informational):
            return self.get_row_result_class()()  # a blank line: nothing to do, and not counted
        return super().import_row(row, instance_loader, **kwargs)

    def get_or_init_instance(self, instance_loader, row):
        instance, new = self.locate(row)
        instance._sheet_new = new
        instance._sheet_changes = []
        return instance, new

    def cell(self, column: str, row, **kwargs):
        """The value of a key cell, or a ValidationError naming the column."""
        sheet_field = self.fields[column]
        try:
            value = sheet_field.widget.clean(row.get(column), row=row, **kwargs)
        except CellError as error:
            raise ValidationError({column: error.message}) from None
        if value is None or value == "":
            raise ValidationError({column: _("This cell may not be empty.")})
        return value

    def claim(self, key: tuple, column: str) -> None:
        """Refuses a second row for the same object: which of the two would win is anyone's guess."""
        first = self.seen.setdefault(key, self.row_number)
        if first != self.row_number:
            raise ValidationError({column: _("Duplicate of the entry in row %(row)s; delete one of the two.")
                                   % {"row": first}})

    def current(self, instance, sheet_field: SheetField):
        return sheet_field.get_value(instance)

    def assign(self, instance, sheet_field: SheetField, value) -> None:
        setattr(instance, sheet_field.attribute, value)

    def same(self, sheet_field: SheetField, before, after, instance) -> bool:
        """Equal as the file would write them: '92.4' is 92.40, and a stored CRLF is a newline."""
        if before == after:
            return True
        try:
            rendered = sheet_field.widget.render(before)
            return sheet_field.widget.clean(rendered, **self.widget_kwargs(instance)) == after
        except (CellError, ValueError, TypeError):
            return False

    def show(self, sheet_field: SheetField, value) -> str:
        if value is None:
            return ""
        return printable(sheet_field.widget.render(value), limit=80)

    def import_instance(self, instance, row, **kwargs):
        errors, changes = {}, []
        new = instance._sheet_new
        for sheet_field in self.sheet_fields():
            column = sheet_field.column_name
            if sheet_field.key or sheet_field.informational or column not in row:
                continue
            try:
                if sheet_field.required and is_blank(row[column]):
                    raise CellError(_("This cell may not be empty."))
                value = sheet_field.widget.clean(row[column], row=row, **self.widget_kwargs(instance))
                if value is None or (new and value == ""):
                    continue  # nothing given: keep what is there
                before = self.current(instance, sheet_field)
                if not new and self.same(sheet_field, before, value, instance):
                    continue
                self.assign(instance, sheet_field, value)
                changes.append((column, "" if new else self.show(sheet_field, before), self.show(sheet_field, value)))
            except CellError as error:
                errors[column] = error.message
        instance._sheet_changes = changes
        self.finish(instance, row, errors)
        if errors:
            raise ValidationError(errors)

    def skip_row(self, instance, original, row, import_validation_errors=None):
        return not import_validation_errors and not instance._sheet_changes

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        errors = dict(import_validation_errors or {})
        try:
            self.check(instance)
        except ValidationError as error:
            model_errors = error.message_dict if hasattr(error, "error_dict") else {NON_FIELD_ERRORS: error.messages}
            for name, messages in model_errors.items():
                column = self.model_columns.get(name, self.default_column)
                if column not in errors:
                    errors[column] = messages
        if errors:
            raise ValidationError(errors)

    def after_import_row(self, row, row_result, **kwargs):
        if row_result.import_type in (RowResult.IMPORT_TYPE_NEW, RowResult.IMPORT_TYPE_UPDATE):
            instance = row_result.instance
            self.changes.append(Change(self.row_number, self.describe(instance), row_result.is_new(),
                                       instance._sheet_changes))

    def after_import(self, dataset, result, **kwargs):
        for invalid in result.invalid_rows:
            values = dict(zip(dataset.headers, dataset[invalid.number - 1]))
            for column, messages in invalid.error_dict.items():
                column = "" if column == NON_FIELD_ERRORS else column
                letter, header = self.columns.get(column, ("", ""))
                for message in messages:
                    self.problems.append(Problem(
                        row=invalid.number + 1, message=str(message), column=column, header=header,
                        letter=letter, value=printable(values.get(column)) if column else "",
                    ))
        for error_row in result.error_rows:
            for error in error_row.errors:
                self.problems.append(Problem(
                    row=error_row.number + 1,
                    message=gettext("Something went wrong that we did not foresee (%(error)s).")
                    % {"error": printable(error.error, 200)},
                ))
        for error in result.base_errors:
            if not isinstance(error.error, SheetError):
                self.problems.append(Problem(row=None, message=printable(error.error, 200)))
        self.problems.sort(key=lambda problem: (problem.row or 0, problem.letter))
        result.problems = self.problems
        result.changes = self.changes
        result.ignored_columns = self.ignored_columns
        result.target = self.target

    # -- blank templates ---------------------------------------------------------------------

    def template_headers(self) -> list[str]:
        return [f.header() for f in self.sheet_fields()]

    def template_rows(self) -> list[list]:
        return []

    def column_notes(self) -> list[list[str]]:
        rows = [[gettext("Column"), gettext("What to write")]]
        for sheet_field in self.sheet_fields():
            rows.append([sheet_field.header(), str(sheet_field.help)])
        rows.append(["", ""])
        rows.append([gettext("Rows"), gettext(
            "The first row holds the headers, in Thai, in English (the word in brackets) or both. "
            "Columns with other headers are ignored. A file with any bad row imports nothing: the "
            "errors name each row as Excel numbers it, the column, the value and the reason."
        )])
        return rows + self.notes()
