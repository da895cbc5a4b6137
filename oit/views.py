"""The OIT workspace: the board of every item, an item's page with its form and history, the public page
agencies paste into the NACC's system, and the evidence files."""
from __future__ import annotations

from dataclasses import dataclass, field

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from assessments.services import framework_for
from measures.models.changes import Change, Entry, user_label
from oit.access import can_assign, can_edit, get_item_for_user, get_organization_for_user, get_workspace_for_user
from oit.documents import base_url, document_links
from oit.forms import ItemForm, status_label
from oit.models import EvidenceFile, EvidenceLink, LinkStatus, Status, Workspace, WorkspaceItem
from oit.services import NoFramework, open_workspace, save_item


@dataclass
class Progress:
    """How many items of an indicator (or sub-indicator, or the whole workspace) are ready to submit."""

    label: str
    ready: int = 0
    total: int = 0
    parts: dict = field(default_factory=dict)

    @property
    def percent(self) -> int:
        return round(100 * self.ready / self.total) if self.total else 0

    def add(self, item: WorkspaceItem) -> None:
        self.total += 1
        self.ready += item.status == Status.READY


def _progress(items: list[WorkspaceItem]) -> tuple[Progress, list[Progress]]:
    overall, indicators = Progress(""), {}
    for row in items:
        indicator, sub = row.item.indicator, row.item.subindicator
        group = indicators.setdefault(indicator.number, Progress(f"{indicator.number}. {indicator.name}"))
        for progress in (overall, group):
            progress.add(row)
        if sub is not None:
            group.parts.setdefault((sub.order, sub.code), Progress(f"{sub.code} {sub.name}")).add(row)
    groups = [indicators[number] for number in sorted(indicators)]
    for group in groups:
        group.parts = [group.parts[key] for key in sorted(group.parts)]
    return overall, groups


def _annotate(workspace: Workspace, items: list[WorkspaceItem], request) -> None:
    """What each row shows besides the item: its links' last check and the documents filled automatically."""
    urls = [link.url for row in items for link in row.links.all()]
    checks = {status.url: status for status in
              LinkStatus.objects.filter(organization_id=workspace.organization_id, url__in=urls)}
    documents = document_links(workspace, base_url(request))
    for row in items:
        row.workspace = workspace
        row.status_label = status_label(row.status)
        row.checked_links = [(link, checks.get(link.url)) for link in row.links.all()]
        row.documents = documents.get(row.item_id, [])


def _items(workspace: Workspace) -> list[WorkspaceItem]:
    return list(
        workspace.items.select_related("item__indicator", "item__subindicator", "division", "updated_by")
        .prefetch_related("links", "files")
    )


@login_required
@require_safe
def board(request, org_slug: str, year: int):
    if not Workspace.objects.filter(organization__slug=org_slug, year=year).exists():
        return not_opened(request, org_slug, year)
    workspace, membership = get_workspace_for_user(request.user, org_slug, year)
    items = _items(workspace)
    _annotate(workspace, items, request)
    overall, indicators = _progress(items)
    for row in items:
        row.editable = can_edit(membership, row)
        row.own = membership.division_id is not None and row.division_id == membership.division_id
    mine = request.GET.get("show") == "mine" and membership.division_id is not None
    status = request.GET.get("status", "")
    status = status if status in Status.values else ""
    shown = [row for row in items if (not mine or row.own) and (not status or row.status == status)]
    return render(request, "oit/board.html", {
        "workspace": workspace,
        "organization": workspace.organization,
        "membership": membership,
        "items": shown,
        "overall": overall,
        "indicators": indicators,
        "mine": mine,
        "status": status,
        "statuses": [(value, status_label(value)) for value in Status.values],
    })


def _save(item: WorkspaceItem, form: ItemForm, by) -> None:
    """The item, its links and its files together: a refused link or file leaves everything as it was."""
    with transaction.atomic():
        save_item(item=item, change=form.change(), by=by)
        for evidence in form.cleaned_data["remove"]:
            evidence._history_user = by
            evidence.delete()  # the stored file stays: the history still names it
        for upload, file_type in form.cleaned_data["files"]:
            evidence = EvidenceFile(workspace_item=item, original_name=upload.name[:255], size=upload.size,
                                    uploaded_by=by)
            evidence._history_user = by
            # Named from the detected type, whatever the uploaded name said.
            evidence.file.save(f"evidence{file_type.extension}", upload, save=False)
            evidence.save()


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def item(request, org_slug: str, year: int, code: str):
    workspace, membership = get_workspace_for_user(request.user, org_slug, year)
    editing = request.method == "POST"
    row, membership = get_item_for_user(request.user, workspace, code, edit=editing)
    assign = can_assign(membership)
    if not editing:
        form = ItemForm(item=row, assign=assign) if can_edit(membership, row) else None
        return _item_page(request, row, membership, form)
    form = ItemForm(request.POST, request.FILES, item=row, assign=assign)
    if form.is_valid():
        try:
            _save(row, form, request.user)
        except ValidationError as error:  # the form checks what the models check; this is a last guard
            form.add_error(None, error.messages)
        else:
            messages.success(request, _("%(code)s is saved.") % {"code": row.code})
            return redirect(reverse("oit-board", args=[org_slug, year]) + f"#item-{row.code}")
        row, membership = get_item_for_user(request.user, workspace, code, edit=True)
    return _item_page(request, row, membership, form, status=400)


def _item_page(request, row: WorkspaceItem, membership, form, *, status: int = 200):
    _annotate(row.workspace, [row], request)
    return render(request, "oit/item.html", {
        "workspace": row.workspace,
        "organization": row.workspace.organization,
        "membership": membership,
        "row": row,
        "form": form,
        "history": _history(row),
    }, status=status)


def _history(row: WorkspaceItem) -> list[Entry]:
    """Every change to the item, its links and its files, newest first."""
    divisions = {d.pk: d.name for d in row.workspace.organization.divisions.all()}
    values = {
        "status": status_label,
        "note": lambda note: note or "–",
        "division_id": lambda pk: divisions.get(pk, "?") if pk else str(_("not assigned")),
    }
    labels = {"status": _("status"), "note": _("note"), "division_id": _("responsible division")}
    entries, previous = [], None
    for record in row.history.select_related("history_user").order_by("history_date", "history_id"):
        changes = [
            Change(str(labels[name]), values[name](getattr(previous, name)) if previous else "–",
                   values[name](getattr(record, name)))
            for name in labels
            if previous is None and getattr(record, name) not in ("", None, Status.NOT_STARTED)
            or previous is not None and getattr(previous, name) != getattr(record, name)
        ]
        if changes:
            # The first record may follow rows made in bulk (no record): it lists the values, not a change.
            entries.append(Entry(record.history_date, user_label(record.history_user), _("OIT item"),
                                 _("changed"), changes, created=previous is None))
        previous = record
    actions = {"+": _("added"), "-": _("removed")}
    for model, subject, name, label in ((EvidenceLink, _("evidence link"), "url", _("web address")),
                                        (EvidenceFile, _("evidence file"), "original_name", _("file"))):
        for record in (model.history.filter(workspace_item_id=row.pk, history_type__in=actions)
                       .select_related("history_user")):
            value = getattr(record, name)
            added = record.history_type == "+"
            entries.append(Entry(record.history_date, user_label(record.history_user), subject,
                                 actions[record.history_type],
                                 [Change(label, "–" if added else value, value if added else "–")]))
    entries.sort(key=lambda entry: entry.when, reverse=True)
    return entries


def _file_response(evidence: EvidenceFile, *, cache: str) -> FileResponse:
    file_type = evidence.file_type()
    if file_type is None:  # not named by the upload check: never serve it
        raise Http404("unknown evidence type")
    try:
        handle = evidence.file.open("rb")
    except FileNotFoundError:
        raise Http404("evidence file missing") from None
    response = FileResponse(handle, content_type=file_type.content_type, as_attachment=not file_type.inline,
                            filename=evidence.original_name)
    response["Cache-Control"] = cache
    response["X-Content-Type-Options"] = "nosniff"
    if file_type.content_type.startswith("image/"):
        # Checked at upload; still, an image must never run as a page of this site.
        response["Content-Security-Policy"] = "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'"
    return response


@login_required
@require_safe
def file(request, org_slug: str, year: int, pk: int):
    workspace, _membership = get_workspace_for_user(request.user, org_slug, year)
    evidence = get_object_or_404(EvidenceFile, pk=pk, workspace_item__workspace=workspace)
    return _file_response(evidence, cache="private, no-store")


def _public_workspace(org_slug: str, year: int) -> Workspace:
    return get_object_or_404(Workspace.objects.select_related("organization", "framework"),
                             organization__slug=org_slug, year=year)


@require_safe
def public(request, org_slug: str, year: int):
    workspace = _public_workspace(org_slug, year)
    items = list(workspace.items.select_related("item").prefetch_related("links", "files"))
    base = base_url(request)
    documents = document_links(workspace, base)
    for row in items:
        row.documents = documents.get(row.item_id, []) if row.is_public() else []
        row.public_files = [
            (evidence, base + reverse("oit-public-file", args=[org_slug, year, evidence.pk]))
            for evidence in row.files.all()
        ] if row.is_public() else []
    # The agency's publication, cited as evidence: Thai whatever the visitor's browser prefers.
    with translation.override("th"):
        return render(request, "oit/public.html", {
            "workspace": workspace,
            "organization": workspace.organization,
            "items": items,
            "ready": sum(row.is_public() for row in items),
        })


@require_safe
def public_file(request, org_slug: str, year: int, pk: int):
    workspace = _public_workspace(org_slug, year)
    evidence = get_object_or_404(EvidenceFile.objects.select_related("workspace_item"), pk=pk,
                                 workspace_item__workspace=workspace)
    if not evidence.workspace_item.is_public():
        raise Http404("the item is not ready: its evidence is not published")
    return _file_response(evidence, cache="public, max-age=300")


def not_opened(request, org_slug: str, year: int):
    """A year whose workspace nobody opened yet: admins can open it (when the year's framework is loaded)."""
    organization, membership = get_organization_for_user(request.user, org_slug)
    return render(request, "oit/not_opened.html", {
        "organization": organization, "year": year, "can_open": can_assign(membership),
        "framework": framework_for(organization=organization, year=year),
    })


@login_required
@require_http_methods(["POST"])
def open_year(request, org_slug: str, year: int):
    organization, _membership = get_organization_for_user(request.user, org_slug, manage=True)
    try:
        open_workspace(organization=organization, year=year)
    except NoFramework as error:
        messages.error(request, str(error))
    return redirect("oit-board", org_slug=organization.slug, year=year)
