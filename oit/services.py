"""Workflows over an agency's OIT workspace: opening it for a year, saving an item with its links."""
from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext
from simple_history.utils import bulk_create_with_history

from assessments.models import Item
from assessments.services import framework_for
from oit.models import EvidenceLink, Workspace, WorkspaceItem


class NoFramework(LookupError):
    """The year's ITA framework is not loaded: there are no OIT items to track."""


@transaction.atomic
def open_workspace(*, organization, year: int) -> Workspace:
    """The agency's workspace for the year, with a row for every OIT item of the year's framework (items the
    framework gained since are added; rows are never removed here). Safe to run again."""
    workspace = Workspace.objects.filter(organization=organization, year=year).first()
    if workspace is None:
        framework = framework_for(organization=organization, year=year)
        if framework is None:
            raise NoFramework(gettext("ITA %(year)s is not loaded: load its framework first.") % {"year": year})
        workspace = Workspace.objects.create(organization=organization, year=year, framework=framework)
    have = set(workspace.items.values_list("item_id", flat=True))
    # With their first history record, so that an item's history starts when it was opened.
    bulk_create_with_history(
        [WorkspaceItem(workspace=workspace, item=item) for item in oit_items(workspace.framework) if item.pk not in have],
        WorkspaceItem,
    )
    return workspace


def oit_items(framework):
    """The framework's OIT items: those scored pass/fail, in the framework's order."""
    return framework.items.filter(kind=Item.Kind.PASS_FAIL).order_by("order")


@dataclass
class ItemChange:
    status: str
    note: str
    urls: list[str]
    division: object = None  # None: unchanged (only admins assign)
    assign: bool = False


@transaction.atomic
def save_item(*, item: WorkspaceItem, change: ItemChange, by) -> WorkspaceItem:
    """Saves an item's status, note, links (in the order given) and, when `assign`, its division."""
    item.status = change.status
    item.note = change.note
    if change.assign:
        item.division = change.division
    item.updated_by = by
    item.full_clean()
    item.save()
    replace_links(item, change.urls)
    return item


def replace_links(item: WorkspaceItem, urls: list[str]) -> None:
    urls = list(dict.fromkeys(url.strip() for url in urls if url.strip()))
    existing = {link.url: link for link in item.links.all()}
    for link in existing.values():
        if link.url not in urls:
            link.delete()
    for order, url in enumerate(urls):
        link = existing.get(url) or EvidenceLink(workspace_item=item, url=url)
        if link.pk is None or link.order != order:
            link.order = order
            link.full_clean()
            link.save()
