from django.contrib import admin, messages
from django.db import IntegrityError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from itaportal.spreadsheets.admin import SpreadsheetAdminMixin
from measures.admin_scoping import OrganizationScopedMixin, ScopedAdmin, ScopedStackedInline, ScopedTabularInline
from measures.forms import MeasureForm
from measures.models import (
    Division, Evidence, Measure, Membership, Organization, Plan, ProgressReport, ProgressRound, Theme, ThemeItem,
)
from measures.models.progress import RoundEvent
from measures.models.reminders import ReminderLog
from measures.resources import MeasureResource, ProgressResource
from measures.roles import grant_admin_access
from measures.rollover import RolloverError, rollover_plan


class DivisionInline(ScopedTabularInline):
    model = Division


@admin.register(Organization)
class OrganizationAdmin(ScopedAdmin):
    list_display = ["name", "short_name", "slug", "kind", "province"]
    list_filter = ["kind", "province"]
    search_fields = ["name", "short_name", "slug"]
    prepopulated_fields = {"slug": ["short_name"]}
    inlines = [DivisionInline]

    def has_add_permission(self, request):
        return request.user.is_superuser


@admin.register(Division)
class DivisionAdmin(ScopedAdmin):
    list_display = ["name", "organization", "order"]
    list_filter = ["organization"]
    search_fields = ["name", "organization__name"]
    list_select_related = ["organization"]


@admin.register(Membership)
class MembershipAdmin(ScopedAdmin):
    list_display = ["user", "organization", "division", "role"]
    list_filter = ["role", "organization"]
    search_fields = ["user__username", "user__first_name", "user__last_name", "organization__name"]
    list_select_related = ["user", "organization", "division"]
    autocomplete_fields = ["user"]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if obj.role == "admin":  # an agency admin works in this admin site
            grant_admin_access(obj.user)


class ThemeInline(ScopedStackedInline):
    model = Theme
    fields = ["number", "title", "analysis"]
    show_change_link = True


class MeasureInline(ScopedStackedInline):
    model = Measure
    form = MeasureForm
    fields = ["theme", "number", "title", "steps", "all_divisions", "divisions", "start_month", "end_month",
              "follow_up"]
    show_change_link = True


class RoundInline(ScopedTabularInline):
    model = ProgressRound
    fields = ["months", "due_on", "status", "approved_by", "approved_at"]
    readonly_fields = ["approved_by", "approved_at"]


@admin.register(Plan)
class PlanAdmin(ScopedAdmin):
    list_display = ["organization", "fiscal_year", "status", "approved_on", "assessment"]
    list_filter = ["status", "fiscal_year"]
    search_fields = ["organization__name", "organization__short_name", "title"]
    list_select_related = ["organization", "assessment"]
    inlines = [ThemeInline, MeasureInline, RoundInline]
    fieldsets = [
        (None, {"fields": ["organization", "fiscal_year", "assessment", "title", "status", "thai_digits"]}),
        (_("Section 1: ITA results"), {"fields": ["results_intro", "results_text"]}),
        (_("Section 2: analysis"), {"fields": ["analysis_intro"]}),
        (_("Section 3: measures"), {"fields": ["measures_intro"]}),
        (_("Section 4: limitations and recommendations"),
         {"fields": ["limitations_intro", "limitations", "recommendations"]}),
        (_("Approval"), {"fields": ["signer_name", "signer_position", "approved_on"]}),
    ]
    actions = ["rollover"]

    @admin.action(description=_("Start next fiscal year's plan from this one"),
                  permissions=["add"])
    def rollover(self, request, queryset):
        for plan in queryset.select_related("organization"):
            try:
                outcome = rollover_plan(plan=plan)
            except (RolloverError, IntegrityError) as error:
                raced = gettext("Someone added next year's plan while %(plan)s was being copied; nothing changed.")
                messages.error(request, str(error) if isinstance(error, RolloverError) else raced % {"plan": plan})
                continue
            messages.success(request, gettext(
                "Draft plan %(plan)s: %(n)s measures copied over from %(source)s.")
                % {"plan": outcome.plan, "source": plan, "n": outcome.plan.measures.count()})
            for warning in outcome.warnings:
                messages.warning(request, f"{outcome.plan}: {warning}")


class ThemeItemInline(ScopedTabularInline):
    model = ThemeItem
    autocomplete_fields = ["item"]


@admin.register(Theme)
class ThemeAdmin(ScopedAdmin):
    list_display = ["__str__", "plan"]
    list_filter = ["plan__fiscal_year", "plan__organization"]
    search_fields = ["title", "analysis"]
    list_select_related = ["plan__organization"]
    inlines = [ThemeItemInline]


class ReportInline(ScopedStackedInline):
    model = ProgressReport
    fields = ["round", "division", "status", "percent", "done", "result", "problems", "links", "submitted_at",
              "reported_by"]
    show_change_link = True


@admin.register(Measure)
class MeasureAdmin(SpreadsheetAdminMixin, OrganizationScopedMixin, SimpleHistoryAdmin):
    form = MeasureForm
    list_display = ["code", "title", "theme", "all_divisions", "start_month", "end_month", "plan"]
    list_filter = ["plan__fiscal_year", "plan__organization", "all_divisions"]
    search_fields = ["title", "steps"]
    list_select_related = ["theme", "plan__organization"]
    filter_horizontal = ["divisions"]
    inlines = [ReportInline]
    resource_classes = [MeasureResource]
    import_target_model = Plan
    import_target_kwarg = "plan"


class ReadOnlyMixin:
    """Records of what happened (approvals, reminders sent): shown, never edited."""

    def has_add_permission(self, request, *args):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class RoundEventInline(ReadOnlyMixin, ScopedTabularInline):
    model = RoundEvent
    fields = ["action", "by", "at", "reason"]
    readonly_fields = fields


@admin.register(ProgressRound)
class ProgressRoundAdmin(ScopedAdmin):
    list_display = ["plan", "months", "due_on", "status", "approved_at"]
    list_filter = ["months", "status", "plan__fiscal_year"]
    search_fields = ["plan__organization__name"]
    list_select_related = ["plan__organization"]
    inlines = [RoundEventInline]


@admin.register(ReminderLog)
class ReminderLogAdmin(ReadOnlyMixin, ScopedAdmin):
    list_display = ["division", "sent_on", "due", "overdue"]
    list_filter = ["sent_on"]
    search_fields = ["division__name", "division__organization__name"]
    list_select_related = ["division__organization"]


class EvidenceInline(ScopedTabularInline):
    model = Evidence
    fields = ["file", "original_name", "size", "uploaded_by", "uploaded_at"]
    readonly_fields = ["size", "uploaded_by", "uploaded_at"]


@admin.register(ProgressReport)
class ProgressReportAdmin(SpreadsheetAdminMixin, OrganizationScopedMixin, SimpleHistoryAdmin):
    list_display = ["measure", "division", "round", "status", "percent", "submitted_at"]
    list_filter = ["status", "round__months", "round__plan__fiscal_year", "division"]
    search_fields = ["measure__title", "done", "result"]
    list_select_related = ["measure__theme", "division", "round__plan__organization"]
    inlines = [EvidenceInline]
    resource_classes = [ProgressResource]
    import_target_model = ProgressRound
    import_target_kwarg = "round"
