from django.contrib import admin, messages
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from agencies.admin_scoping import ScopedAdmin, ScopedHistoryAdmin, ScopedTabularInline
from itaportal.spreadsheets.admin import SpreadsheetAdminMixin
from measures.admin import ReadOnlyMixin
from measures.forms import EvidenceAdminForm
from oit.models import EvidenceFile, EvidenceLink, LinkEvent, LinkStatus, Workspace, WorkspaceItem
from oit.resources import ChecklistResource
from oit.services import NoFramework, open_workspace


class EvidenceFileAdminForm(EvidenceAdminForm):
    class Meta(EvidenceAdminForm.Meta):
        model = EvidenceFile


class EvidenceLinkInline(ScopedTabularInline):
    model = EvidenceLink
    fields = ["url", "order"]


class EvidenceFileInline(ScopedTabularInline):
    model = EvidenceFile
    form = EvidenceFileAdminForm
    fields = ["file", "original_name", "size", "uploaded_by", "uploaded_at"]
    readonly_fields = ["original_name", "size", "uploaded_by", "uploaded_at"]


class WorkspaceItemInline(ScopedTabularInline):
    model = WorkspaceItem
    fields = ["item", "division", "status", "note"]
    readonly_fields = ["item"]
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False  # the rows are the framework's OIT items: opening the workspace adds them


@admin.register(Workspace)
class WorkspaceAdmin(ScopedAdmin):
    list_display = ["organization", "year", "framework", "ready_count"]
    list_filter = ["year"]
    search_fields = ["organization__name", "organization__short_name", "organization__slug"]
    list_select_related = ["organization", "framework"]
    inlines = [WorkspaceItemInline]
    actions = ["add_missing_items"]

    def get_readonly_fields(self, request, obj=None):
        fields = super().get_readonly_fields(request, obj)
        return [*fields, "framework", "year"] if obj is not None else fields

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if not change:
            open_workspace(organization=obj.organization, year=obj.year)

    @admin.display(description=_("ready to submit"))
    def ready_count(self, obj):
        return f"{obj.items.filter(status='ready').count()} / {obj.items.count()}"

    @admin.action(description=_("Add the framework's OIT items the workspace lacks"), permissions=["change"])
    def add_missing_items(self, request, queryset):
        for workspace in queryset.select_related("organization"):
            try:
                open_workspace(organization=workspace.organization, year=workspace.year)
            except NoFramework as error:
                messages.error(request, str(error))
            else:
                messages.success(request, gettext("%(workspace)s has every OIT item of its framework.")
                                 % {"workspace": workspace})


@admin.register(WorkspaceItem)
class WorkspaceItemAdmin(SpreadsheetAdminMixin, ScopedHistoryAdmin):
    list_display = ["item", "workspace", "division", "status", "updated_by", "updated_at"]
    list_filter = ["workspace__year", "status", "division"]
    search_fields = ["item__code", "item__text", "note"]
    list_select_related = ["item", "workspace__organization", "division", "updated_by"]
    fields = ["workspace", "item", "division", "status", "note", "updated_by", "updated_at"]
    readonly_fields = ["updated_by", "updated_at"]
    inlines = [EvidenceLinkInline, EvidenceFileInline]
    resource_classes = [ChecklistResource]
    import_target_model = Workspace
    import_target_kwarg = "workspace"

    def get_readonly_fields(self, request, obj=None):
        fields = super().get_readonly_fields(request, obj)
        return [*fields, "item"] if obj is not None else fields

    def save_model(self, request, obj, form, change):
        obj.updated_by = request.user
        super().save_model(request, obj, form, change)

    def save_formset(self, request, form, formset, change):
        for row in formset.save(commit=False):
            if isinstance(row, EvidenceFile):
                row.uploaded_by = row.uploaded_by or request.user
            row.save()
        for row in formset.deleted_objects:
            row.delete()


class LinkEventInline(ReadOnlyMixin, ScopedTabularInline):
    model = LinkEvent
    fields = ["checked_at", "ok", "status_code", "reason"]
    readonly_fields = fields


@admin.register(LinkStatus)
class LinkStatusAdmin(ReadOnlyMixin, ScopedAdmin):
    """What the link checker found: a record, written only by the checker."""

    list_display = ["url", "organization", "ok", "status_code", "reason", "checked_at", "broken_since"]
    list_filter = ["ok", "checked_at"]
    search_fields = ["url", "organization__name"]
    list_select_related = ["organization"]
    inlines = [LinkEventInline]
