"""An agency's OIT checklist as a spreadsheet: one row per OIT item of the workspace, found by its code.

A row sets the item's responsible division (by name, within the agency; empty: none), its status, its
evidence links (one per line) and its note. Rows are saved through `save_item`, as the portal saves
them. The links the portal derives (the measures document, the progress reports) are not stored, so
they are neither exported nor imported.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

import tablib
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from import_export.widgets import Widget

from itaportal.spreadsheets.resources import SheetField, SheetResource
from itaportal.spreadsheets.widgets import CellError, ChoiceWidget, TextWidget, UrlWidget, clean_text, is_blank, squeeze
from itaportal.thai import arabic_digits
from measures.resources import division_names, unknown_division
from oit.forms import STATUS_LABELS, status_label, web_address
from oit.models import EvidenceLink, Status, Workspace, WorkspaceItem
from oit.services import ItemChange, open_workspace, save_item

STATUS_SYNONYMS = {
    "ยังไม่เริ่ม": Status.NOT_STARTED, "ยังไม่ได้เริ่ม": Status.NOT_STARTED,
    "กำลังจัดทำ": Status.IN_PROGRESS, "อยู่ระหว่างจัดทำ": Status.IN_PROGRESS,
    "พร้อมส่ง": Status.READY,
}


class DivisionWidget(Widget):
    """A division of the agency by its name; an empty cell is no division ("", not None, which would
    mean "leave it as it is")."""

    def __init__(self, organization=None):
        super().__init__()
        self.organization = organization
        self._names = None

    def clean(self, value, row=None, **kwargs):
        if is_blank(value):
            return ""
        if self._names is None:
            self._names = division_names(self.organization)
        division = self._names.get(squeeze(value))
        if division is None:
            raise CellError(unknown_division(self.organization, clean_text(value)))
        return division

    def render(self, value, obj=None, **kwargs) -> str:
        return value.name if value else ""


class StatusWidget(ChoiceWidget):
    """A status as the portal words it (ยังไม่เริ่ม, กำลังจัดทำ, พร้อมส่ง), by its code, or by the
    model's labels; written as the portal words it."""

    def __init__(self):
        super().__init__(Status, STATUS_SYNONYMS)

    def spellings(self) -> dict[str, str]:
        known = super().spellings()
        for language in ("en", "th"):
            with translation.override(language):
                known.update({squeeze(str(label)).lower(): code for code, label in STATUS_LABELS.items()})
        return known

    def clean(self, value, row=None, **kwargs) -> str | None:
        if is_blank(value):
            return None
        code = self.spellings().get(squeeze(value).lower())
        if code is None:
            words = ", ".join(f"{status_label(code)} ({code})" for code in Status.values)
            raise CellError(_("Choose from: %(words)s.") % {"words": words})
        return code

    def render(self, value, obj=None, **kwargs) -> str:
        return status_label(value) if value else ""


class EvidenceUrlsWidget(UrlWidget):
    """Web addresses, one per line (spaces between them are read as line breaks), each in order and
    once; an address typed without its scheme ("www.…") gets https:// in front, as in the portal's
    form. An empty cell is no links."""

    def __init__(self):
        super().__init__(max_length=EvidenceLink._meta.get_field("url").max_length)

    def clean(self, value, row=None, **kwargs) -> tuple[str, ...]:
        urls = []
        for typed in re.split(r"\s+", clean_text(value)):
            if not typed:
                continue
            url = web_address(typed)
            try:
                self.check(url)
            except CellError as error:
                if len(url) > self.max_length:
                    raise
                raise CellError(_("%(link)s is not a web address (http:// or https://).") % {"link": typed}) from error
            urls.append(url)
        return tuple(dict.fromkeys(urls))

    def render(self, value, obj=None, **kwargs) -> str:
        return "\n".join(value or ())


def link_urls(item: WorkspaceItem) -> tuple[str, ...]:
    return tuple(link.url for link in item.links.all())


class ChecklistResource(SheetResource):
    code = SheetField("code", _("code"), TextWidget(), key=True, getter=lambda item: item.item.code, help=_(
        "The OIT item's code: O1, O2, … Each row changes that item of the checklist; an import neither "
        "adds items nor deletes them."))
    division = SheetField("division", _("division"), DivisionWidget(), getter=lambda item: item.division, help=_(
        "The name of the division that prepares the item, as in admin; empty: no division."))
    status = SheetField("status", _("status"), StatusWidget(), help=_(
        "ยังไม่เริ่ม, กำลังจัดทำ or พร้อมส่ง (or not_started, in_progress, ready); empty: left as it is."))
    urls = SheetField("urls", _("evidence links"), EvidenceUrlsWidget(), getter=link_urls, help=_(
        "Links to the evidence, each on its own line, starting with https:// or http:// (www.… gets "
        "https:// in front); empty: no links. The links to the measures document and the progress "
        "reports are added by the portal: leave them out."))
    note = SheetField("note", _("note"), TextWidget(), help=_("Optional; empty clears the note."))

    model_columns = {"item": "code", "division": "division", "status": "status", "note": "note"}
    default_column = "code"

    def __init__(self, workspace: Workspace | None = None, **kwargs):
        super().__init__(**kwargs)
        self.target = workspace
        self.fields["division"].widget = DivisionWidget(workspace.organization if workspace else None)
        self._items = None
        self.user = None

    @classmethod
    def get_display_name(cls):
        return _("an agency's OIT checklist, item by item")

    def before_import(self, dataset, **kwargs):
        self.user = kwargs.get("user")
        super().before_import(dataset, **kwargs)

    def items(self) -> dict[str, WorkspaceItem]:
        if self._items is None:
            items = self.target.items.select_related("item", "division").prefetch_related("links")
            self._items = {item.item.code.upper(): item for item in items}
            for item in self._items.values():
                item.workspace = self.target
        return self._items

    def locate(self, row):
        code = arabic_digits(squeeze(self.cell("code", row))).upper()
        item = self.items().get(code)
        if item is None:
            codes = list(self.items())
            raise ValidationError({"code": _(
                "ITA %(year)s has no OIT item with this code; its OIT items are %(first)s to %(last)s."
            ) % {"year": self.target.year, "first": codes[0] if codes else "–", "last": codes[-1] if codes else "–"}})
        self.claim((item.pk,), "code")
        return item, False

    def current(self, instance, sheet_field):
        if sheet_field.column_name == "division":
            return instance.division or ""
        return super().current(instance, sheet_field)

    def assign(self, instance, sheet_field, value) -> None:
        column = sheet_field.column_name
        if column == "division":
            instance.division = value or None
        elif column == "urls":
            instance._sheet_urls = value
        else:
            super().assign(instance, sheet_field, value)

    def check(self, instance) -> None:
        instance.full_clean()

    def do_instance_save(self, instance, is_create) -> None:
        """Through `save_item`, as the portal saves an item; an import assigns divisions, as admins do."""
        urls = getattr(instance, "_sheet_urls", None)
        change = ItemChange(status=instance.status, note=instance.note,
                            urls=list(link_urls(instance) if urls is None else urls),
                            division=instance.division, assign=True)
        by = self.user if getattr(self.user, "pk", None) else instance.updated_by
        save_item(item=instance, change=change, by=by)

    def describe(self, instance) -> str:
        return instance.item.code

    def export(self, queryset=None, **kwargs):
        items = list(queryset if queryset is not None else self.target.items.all())
        if len({item.workspace_id for item in items}) > 1:
            raise ValueError(gettext("Choose the OIT items of one agency and year: filter the list by both first."))
        ordered = WorkspaceItem.objects.filter(pk__in=[item.pk for item in items]).select_related(
            "item", "division").prefetch_related("links").order_by("item__order")
        return super().export(queryset=list(ordered), **kwargs)

    def template_rows(self) -> list[list]:
        if self.target is None:
            return []
        return [[code, "", "", "", ""] for code in self.items()]

    def notes(self) -> list[list[str]]:
        return [
            ["", ""],
            [gettext("Example"), "O1 | สำนักปลัด | กำลังจัดทำ | https://www.po.go.th/structure | รอภาพผังใหม่"],
            [gettext("Items not in the file"), gettext("are left as they are: an import never deletes.")],
        ]


@dataclass
class ChecklistImport:
    workspace: Workspace
    created: bool  # the workspace was opened by this import (and kept only if it was saved)
    result: object  # import_export's Result, with our problems and changes


@transaction.atomic
def import_checklist(*, organization, year: int, dataset: tablib.Dataset, dry_run: bool = False,
                     user=None) -> ChecklistImport:
    """Imports a checklist file into the agency's OIT workspace of the year, opening the workspace if
    the year's framework is loaded. Nothing is saved on a dry run or when any row is bad."""
    workspace = Workspace.objects.filter(organization=organization, year=year).first()
    created = workspace is None
    if created:
        workspace = open_workspace(organization=organization, year=year)  # NoFramework if it is not loaded
    result = ChecklistResource(workspace=workspace).import_data(dataset, dry_run=dry_run, user=user)
    if dry_run or result.has_errors() or result.has_validation_errors():
        transaction.set_rollback(True)
    return ChecklistImport(workspace, created, result)

