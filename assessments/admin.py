from django.contrib import admin
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.html import format_html_join
from django.utils.translation import gettext_lazy as _

from agencies.admin_scoping import ScopedAdmin, ScopedTabularInline
from assessments.models import (
    Assessment,
    Band,
    Framework,
    Indicator,
    IndicatorScore,
    Item,
    ItemScore,
    ItemSuccessor,
    SubIndicator,
    SubIndicatorScore,
    Tool,
    ToolScore,
)
from assessments.resources import ScoreResource
from assessments.scoring import compute, round2
from itaportal.spreadsheets.admin import SpreadsheetAdminMixin
from itaportal.spreadsheets.formats import FORMATS


class SuperuserEditsMixin:
    """Frameworks are shared by every agency: only the platform's superusers change them."""

    def has_add_permission(self, request, *args):
        return request.user.is_superuser

    def has_change_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_staff


class BandInline(SuperuserEditsMixin, admin.TabularInline):
    model = Band
    extra = 0


class ToolInline(SuperuserEditsMixin, admin.TabularInline):
    model = Tool
    extra = 0


@admin.register(Framework)
class FrameworkAdmin(SuperuserEditsMixin, admin.ModelAdmin):
    list_display = ["name", "year", "agency_kind", "pass_mark", "measures_item", "progress_item"]
    list_filter = ["year"]
    search_fields = ["name"]
    inlines = [ToolInline, BandInline]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("items")

    @admin.display(description=_("measures document item"))
    def measures_item(self, obj):
        item = obj.item_with_role(Item.Role.MEASURES_DOCUMENT)
        return item.code if item else "–"

    @admin.display(description=_("progress report item"))
    def progress_item(self, obj):
        item = obj.item_with_role(Item.Role.PROGRESS_REPORT)
        return item.code if item else "–"


class SubIndicatorInline(SuperuserEditsMixin, admin.TabularInline):
    model = SubIndicator
    extra = 0
    fields = ["code", "name", "rule", "order", "confirmed", "source"]


class ItemInline(SuperuserEditsMixin, admin.TabularInline):
    model = Item
    extra = 0
    fields = ["code", "text", "kind", "subindicator", "order", "role", "confirmed", "source"]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "subindicator" and request.resolver_match.kwargs.get("object_id"):
            kwargs["queryset"] = SubIndicator.objects.filter(
                indicator_id=request.resolver_match.kwargs["object_id"]
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(Indicator)
class IndicatorAdmin(SuperuserEditsMixin, admin.ModelAdmin):
    list_display = ["number", "name", "tool", "rule", "confirmed", "framework"]
    list_filter = ["framework", "tool__code", "rule", "confirmed"]
    search_fields = ["name"]
    list_select_related = ["tool", "framework"]
    inlines = [SubIndicatorInline, ItemInline]


class SuccessorInline(SuperuserEditsMixin, admin.TabularInline):
    """Where the item carries on in later frameworks: what a plan's roll-over follows."""

    model = ItemSuccessor
    fk_name = "from_item"
    extra = 0
    autocomplete_fields = ["to_item"]
    verbose_name = _("later item")
    verbose_name_plural = _("carries on as (later frameworks)")


@admin.register(Item)
class ItemAdmin(SuperuserEditsMixin, admin.ModelAdmin):
    list_display = ["code", "text", "kind", "role", "confirmed", "indicator", "subindicator", "framework"]
    list_filter = ["framework", "confirmed", "role", "kind", "indicator__tool__code"]
    search_fields = ["code", "text"]
    list_select_related = ["indicator", "subindicator", "framework"]
    inlines = [SuccessorInline]


class ToolScoreInline(ScopedTabularInline):
    model = ToolScore


class IndicatorScoreInline(ScopedTabularInline):
    model = IndicatorScore


class SubIndicatorScoreInline(ScopedTabularInline):
    model = SubIndicatorScore


class ItemScoreInline(ScopedTabularInline):
    model = ItemScore
    fields = ["item", "score", "evidence_url"]


@admin.register(Assessment)
class AssessmentAdmin(SpreadsheetAdminMixin, ScopedAdmin):
    list_display = ["organization", "year", "overall", "level_display", "passed_display", "framework"]
    list_filter = ["year", "framework"]
    search_fields = ["organization__name", "organization__short_name", "organization__slug"]
    list_select_related = ["organization", "framework"]
    readonly_fields = ["level_display", "score_check"]
    fields = ["organization", "year", "framework", "overall", "level_display", "notes", "score_check"]
    inlines = [ToolScoreInline, IndicatorScoreInline, SubIndicatorScoreInline, ItemScoreInline]
    resource_classes = [ScoreResource]
    import_target_model = Assessment
    import_target_kwarg = "assessment"

    @admin.display(description=_("rating"))
    def level_display(self, obj):
        rating = obj.rating()
        return str(rating) if rating else "–"

    @admin.display(description=_("passed"), boolean=True)
    def passed_display(self, obj):
        return obj.passed()

    @admin.display(description=_("check against the rules"))
    def score_check(self, obj):
        if not obj.pk:
            return "–"
        warnings = score_warnings(obj)
        if not warnings:
            return _("Every reported figure agrees with the one computed from its parts.")
        return format_html_join("\n", "<p class='errornote'>{}</p>", ((w,) for w in warnings))

    def change_view(self, request, object_id, form_url="", extra_context=None):
        assessment = self.get_object(request, object_id)
        if assessment is not None and request.method == "GET":
            for warning in score_warnings(assessment):
                self.message_user(request, warning, level="warning")
        return super().change_view(request, object_id, form_url, extra_context)

    # A scores template lists the codes of one framework.
    def template_resource(self, request):
        return ScoreResource(framework=get_object_or_404(Framework, pk=request.GET.get("framework") or 0))

    def template_filename(self, request) -> str:
        return f"scores-{Framework.objects.get(pk=request.GET['framework']).year}-template"

    def template_links(self):
        url = reverse("admin:assessments_assessment_import_template")
        return [(f"{framework.name} ({name.upper()})", f"{url}?framework={framework.pk}&format={name}")
                for framework in Framework.objects.all() for name in FORMATS]

    def get_export_filename(self, request, queryset, file_format):
        assessment = queryset.select_related("organization").first() if queryset.count() == 1 else None
        if assessment is None:
            return super().get_export_filename(request, queryset, file_format)
        return f"{assessment.organization.slug}-ita{assessment.year}-scores.{file_format.get_extension()}"


def score_warnings(assessment) -> list[str]:
    return [
        _("%(figure)s: reported %(reported)s, computed from its parts %(computed)s")
        % {"figure": figure_label(f), "reported": f"{f.reported:.2f}", "computed": f"{round2(f.computed):.2f}"}
        for f in compute(assessment).disagreements()
    ]


def figure_label(figure) -> str:
    if figure.level == "overall":
        return str(_("overall score"))
    if figure.level == "tool":
        return figure.code
    if figure.level == "indicator":
        return str(_("indicator %(code)s") % {"code": figure.code})
    return str(_("sub-indicator %(code)s") % {"code": figure.code})
