"""Admin mixin: an agency admin sees and picks only records of the agencies they administer."""
from __future__ import annotations

from django.contrib import admin

from measures.scoping import ORGANIZATION_PATHS, scope


class OrganizationScopedMixin:
    def get_queryset(self, request):
        return scope(super().get_queryset(request), request.user)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.related_model in ORGANIZATION_PATHS:
            kwargs["queryset"] = scope(db_field.related_model.objects.all(), request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.related_model in ORGANIZATION_PATHS:
            kwargs["queryset"] = scope(db_field.related_model.objects.all(), request.user)
        return super().formfield_for_manytomany(db_field, request, **kwargs)


class ScopedAdmin(OrganizationScopedMixin, admin.ModelAdmin):
    pass


class ScopedTabularInline(OrganizationScopedMixin, admin.TabularInline):
    extra = 0


class ScopedStackedInline(OrganizationScopedMixin, admin.StackedInline):
    extra = 0
