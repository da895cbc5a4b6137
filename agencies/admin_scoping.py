"""Admin classes that show an agency admin only the rows of the agencies they administer.

Everything here reads the models' tenancy declarations: the rows of a list, change, delete and history
page; the choices of foreign keys, many-to-many fields and filters; and the field that ties a row to its
owner, which never changes once the row exists.
"""
from __future__ import annotations

from django.contrib import admin
from django.contrib.admin.utils import get_fields_from_path
from django.core.exceptions import PermissionDenied
from django.db import models
from django.shortcuts import get_object_or_404
from simple_history.admin import SimpleHistoryAdmin

from agencies.scoping import scope
from itaportal.tenancy import Owned, tenancy_of


class ScopedValuesFilter(admin.AllValuesFieldListFilter):
    """Values of a related row's field (a plan's fiscal year) taken from the rows this admin shows,
    not from every agency's."""

    def __init__(self, field, request, params, model, model_admin, field_path):
        super().__init__(field, request, params, model, model_admin, field_path)
        self.lookup_choices = (
            model_admin.get_queryset(request).order_by(field_path).values_list(field_path, flat=True).distinct()
        )


def scoped_filter(model, spec):
    """A list_filter entry whose choices come only from the rows the admin shows."""
    if not isinstance(spec, str):
        return spec
    field = get_fields_from_path(model, spec)[-1]
    if field.is_relation:
        return (spec, admin.RelatedOnlyFieldListFilter)
    if "__" in spec and not (field.flatchoices or isinstance(field, (models.BooleanField, models.DateField))):
        return (spec, ScopedValuesFilter)
    return spec


class OrganizationScopedMixin:
    def get_queryset(self, request):
        return scope(super().get_queryset(request), request.user)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        kwargs.setdefault("queryset", scope(db_field.related_model._default_manager.all(), request.user))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        kwargs.setdefault("queryset", scope(db_field.related_model._default_manager.all(), request.user))
        return super().formfield_for_manytomany(db_field, request, **kwargs)


class ScopedModelAdminMixin(OrganizationScopedMixin):
    def get_list_filter(self, request):
        return [scoped_filter(self.model, spec) for spec in super().get_list_filter(request)]

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        tenancy = tenancy_of(self.model)
        owner = tenancy.parent_field() if isinstance(tenancy, Owned) else None
        if obj is not None and owner and owner not in fields:
            fields.append(owner)  # moving a row to another plan or agency would carry its records along
        return fields


class ScopedAdmin(ScopedModelAdminMixin, admin.ModelAdmin):
    pass


class ScopedHistoryAdmin(ScopedModelAdminMixin, SimpleHistoryAdmin):
    """django-simple-history's pages, for the agency's own rows only; a revert must be a change the
    admin may make to both the row as it is and the row as it was."""

    def get_history_queryset(self, request, history_manager, pk_name, object_id):
        return scope(super().get_history_queryset(request, history_manager, pk_name, object_id), request.user)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        records = scope(self.model.history.model.objects.all(), request.user)
        record = get_object_or_404(records, **{self.model._meta.pk.attname: object_id, "history_id": version_id})
        if request.method == "POST":
            current = self.get_object(request, object_id)
            if not (self.has_change_permission(request, current)
                    and self.has_change_permission(request, record.instance)):
                raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)


class ScopedTabularInline(OrganizationScopedMixin, admin.TabularInline):
    extra = 0


class ScopedStackedInline(OrganizationScopedMixin, admin.StackedInline):
    extra = 0
