from django.contrib import admin

from agencies.admin_scoping import ScopedAdmin, ScopedTabularInline
from agencies.forms import MembershipAdminForm
from agencies.models import Division, Membership, Organization, Role
from agencies.roles import grant_admin_access, revoke_admin_access
from agencies.scoping import unattached_or_own_users


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
    form = MembershipAdminForm
    list_display = ["user", "organization", "division", "role"]
    list_filter = ["role", "organization"]
    search_fields = ["user__username", "user__first_name", "user__last_name", "organization__name"]
    list_select_related = ["user", "organization", "division"]

    def get_readonly_fields(self, request, obj=None):
        # A membership is one person's place in one agency: another person means another membership.
        return [*super().get_readonly_fields(request, obj), *(["user"] if obj is not None else [])]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "user":
            kwargs["queryset"] = unattached_or_own_users(request.user).order_by("username")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        form.managed_users = unattached_or_own_users(request.user)
        return form

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if obj.role == Role.ADMIN:  # an agency admin works in this admin site
            grant_admin_access(obj.user)
        else:
            revoke_admin_access(obj.user)

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        revoke_admin_access(obj.user)

    def delete_queryset(self, request, queryset):
        users = [membership.user for membership in queryset.select_related("user")]
        super().delete_queryset(request, queryset)
        for user in users:
            revoke_admin_access(user)
