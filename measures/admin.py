from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.forms.models import BaseInlineFormSet
from django.http import HttpResponseRedirect
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from agencies.admin_scoping import ScopedAdmin, ScopedHistoryAdmin, ScopedStackedInline, ScopedTabularInline
from itaportal.spreadsheets.admin import SpreadsheetAdminMixin
from measures.forms import (
    EvidenceAdminForm,
    MeasureForm,
    ProgressReportAdminForm,
    RolloverActionForm,
    RoundActionForm,
)
from measures.models import Evidence, Measure, Plan, ProgressReport, ProgressRound, Theme, ThemeItem
from measures.models.progress import RoundEvent
from measures.models.reminders import ReminderLog
from measures.resources import MeasureResource, ProgressResource
from measures.rollover import RolloverError, rollover_plan
from measures.services import ReasonRequired, RoundLocked, StaleReport, approve_round, reopen_round, save_report


class ReadOnlyMixin:
    """Records of what happened (approvals, reminders sent, reports seen from their measure): shown only."""

    def has_add_permission(self, request, *args):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class KeepsApprovedReports(BaseInlineFormSet):
    """Deleting a theme or a measure on the plan's page would delete its reports of approved rounds with it."""

    def clean(self):
        super().clean()
        for form in self.deleted_forms:
            if form.instance.pk and approved_reports(form.instance).exists():
                raise ValidationError(
                    _("%(row)s has reports in an approved round: reopen the round before deleting it."),
                    params={"row": form.instance},
                )


def approved_reports(row):
    """The reports of approved rounds that deleting a theme or a measure would delete."""
    path = "measure__theme" if isinstance(row, Theme) else "measure"
    return ProgressReport.objects.filter(**{path: row, "round__status": ProgressRound.Status.APPROVED})


class ThemeInline(ScopedStackedInline):
    model = Theme
    formset = KeepsApprovedReports
    fields = ["number", "title", "analysis", "pending_items"]
    show_change_link = True


class MeasureInline(ScopedStackedInline):
    model = Measure
    form = MeasureForm
    formset = KeepsApprovedReports
    fields = ["theme", "number", "title", "steps", "all_divisions", "divisions", "start_month", "end_month",
              "follow_up"]
    show_change_link = True


class RoundInline(ScopedTabularInline):
    model = ProgressRound
    fields = ["months", "due_on", "status", "approved_by", "approved_at"]
    # Approval and reopening are actions on the rounds' list, with their events; never a field edit.
    readonly_fields = ["status", "approved_by", "approved_at"]

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and not (obj and obj.has_approved_round)




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
        (_("Section 2: analysis"), {"fields": ["analysis_intro", "weak_items_in_document"]}),
        (_("Section 3: measures"), {"fields": ["measures_intro"]}),
        (_("Section 4: limitations and recommendations"),
         {"fields": ["limitations_intro", "limitations", "recommendations"]}),
        (_("Approval"), {"fields": ["signer_name", "signer_position", "approved_on"]}),
    ]
    actions = ["rollover"]
    action_form = RolloverActionForm

    def has_delete_permission(self, request, obj=None):
        # Deleting the plan would delete its approved reports with it.
        return super().has_delete_permission(request, obj) and not (obj and obj.has_approved_round)

    @admin.action(description=_("Start next fiscal year's plan from this one"),
                  permissions=["add"])
    def rollover(self, request, queryset):
        try:
            to_year = RolloverActionForm.year(request.POST.get("to_year"))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return
        for plan in queryset.select_related("organization"):
            try:
                outcome = rollover_plan(plan=plan, to_year=to_year)
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


class PendingItemsFilter(admin.SimpleListFilter):
    title = _("items to choose")
    parameter_name = "pending"

    def lookups(self, request, model_admin):
        return [("yes", _("some items to choose"))]

    def queryset(self, request, queryset):
        return queryset.exclude(pending_items="") if self.value() == "yes" else queryset


@admin.register(Theme)
class ThemeAdmin(ScopedAdmin):
    list_display = ["__str__", "plan", "has_pending_items"]
    list_filter = ["plan__fiscal_year", "plan__organization", PendingItemsFilter]
    search_fields = ["title", "analysis"]
    list_select_related = ["plan__organization"]
    inlines = [ThemeItemInline]

    @admin.display(description=_("items to choose"), boolean=True)
    def has_pending_items(self, obj):
        return bool(obj.pending_items)


class ReportInline(ReadOnlyMixin, ScopedStackedInline):
    """Shown with the measure; a report is changed on its own page, where the report's rules apply."""

    model = ProgressReport
    fields = ["round", "division", "status", "percent", "done", "result", "problems", "links", "submitted_at",
              "reported_by"]
    readonly_fields = fields
    show_change_link = True


@admin.register(Measure)
class MeasureAdmin(SpreadsheetAdminMixin, ScopedHistoryAdmin):
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

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and not (obj and approved_reports(obj).exists())


class RoundEventInline(ReadOnlyMixin, ScopedTabularInline):
    model = RoundEvent
    fields = ["action", "by", "at", "reason"]
    readonly_fields = fields


@admin.register(ProgressRound)
class ProgressRoundAdmin(ScopedAdmin):
    list_display = ["plan", "months", "due_on", "status", "approved_by", "approved_at"]
    list_filter = ["months", "status", "plan__fiscal_year"]
    search_fields = ["plan__organization__name"]
    list_select_related = ["plan__organization", "approved_by"]
    readonly_fields = ["status", "approved_by", "approved_at"]
    inlines = [RoundEventInline]
    action_form = RoundActionForm
    actions = ["approve", "reopen"]

    # An approved round is shown, not edited: reopening it (an action, with a reason) comes first.
    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and not (obj and obj.is_locked())

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and not (obj and obj.is_locked())

    def has_approve_permission(self, request):
        return self.has_change_permission(request)

    @admin.action(description=_("Approve the selected rounds"), permissions=["approve"])
    def approve(self, request, queryset):
        for progress_round in queryset.select_related("plan__organization"):
            try:
                approve_round(round=progress_round, by=request.user)
            except RoundLocked:
                messages.warning(request, gettext("%(round)s was already approved.") % {"round": progress_round})
            else:
                messages.success(request, gettext("%(round)s is approved.") % {"round": progress_round})

    @admin.action(description=_("Reopen the selected rounds (give the reason)"), permissions=["approve"])
    def reopen(self, request, queryset):
        reason = request.POST.get("reason", "")
        for progress_round in queryset.select_related("plan__organization"):
            try:
                reopen_round(round=progress_round, by=request.user, reason=reason)
            except ReasonRequired as error:
                messages.error(request, str(error))
                return
            except RoundLocked:
                messages.warning(request, gettext("%(round)s is already open.") % {"round": progress_round})
            else:
                messages.success(request, gettext("%(round)s is reopened; the reason is kept in its history.")
                                 % {"round": progress_round})


@admin.register(ReminderLog)
class ReminderLogAdmin(ReadOnlyMixin, ScopedAdmin):
    list_display = ["division", "sent_on", "due", "overdue"]
    list_filter = ["sent_on"]
    search_fields = ["division__name", "division__organization__name"]
    list_select_related = ["division__organization"]


def is_locked(report) -> bool:
    return report is not None and report.round_id is not None and report.round.is_locked()


class EvidenceInline(ScopedTabularInline):
    model = Evidence
    form = EvidenceAdminForm
    fields = ["file", "original_name", "size", "uploaded_by", "uploaded_at"]
    readonly_fields = ["original_name", "size", "uploaded_by", "uploaded_at"]

    # `obj` is the report: the files of an approved round's report are part of the record.
    def has_add_permission(self, request, obj=None):
        return super().has_add_permission(request, obj) and not is_locked(obj)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and not is_locked(obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and not is_locked(obj)


@admin.register(ProgressReport)
class ProgressReportAdmin(SpreadsheetAdminMixin, ScopedHistoryAdmin):
    """Saved through the same service as the portal: the round's lock and the version check hold here too."""

    form = ProgressReportAdminForm
    list_display = ["measure", "division", "round", "status", "percent", "submitted_at"]
    list_filter = ["status", "round__months", "round__plan__fiscal_year", "division"]
    search_fields = ["measure__title", "done", "result"]
    list_select_related = ["measure__theme", "division", "round__plan__organization"]
    fields = ["round", "measure", "division", "status", "percent", "done", "result", "problems", "links",
              "submit", "opened_version", "submitted_at", "reported_by"]
    readonly_fields = ["submitted_at", "reported_by"]
    inlines = [EvidenceInline]
    resource_classes = [ProgressResource]
    import_target_model = ProgressRound
    import_target_kwarg = "round"

    def get_readonly_fields(self, request, obj=None):
        fields = super().get_readonly_fields(request, obj)
        return [*fields, "measure", "division"] if obj is not None else fields

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and not is_locked(obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and not is_locked(obj)

    def save_model(self, request, obj, form, change):
        save_report(report=obj, expected_version=form.cleaned_data.get("opened_version") or 0, by=request.user,
                    submit=form.cleaned_data["submit"])

    def save_formset(self, request, form, formset, change):
        for evidence in formset.save(commit=False):
            evidence.uploaded_by = evidence.uploaded_by or request.user
            evidence.save()
        for evidence in formset.deleted_objects:
            evidence.delete()

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        return self.refusing_races(request, super().changeform_view, request, object_id, form_url, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        return self.refusing_races(request, super().history_form_view, request, object_id, version_id,
                                   extra_context)

    def refusing_races(self, request, view, *args):
        """The form checked the version and the lock; a save that lost a race since then changes nothing."""
        try:
            return view(*args)
        except (StaleReport, RoundLocked) as error:
            message = (_("Someone saved this report after you opened it. Open it again to see their changes.")
                       if isinstance(error, StaleReport) else
                       _("The round is approved: its reports are a record until it is reopened."))
            self.message_user(request, message, level=messages.ERROR)
            return HttpResponseRedirect(request.get_full_path())
