"""Who a row belongs to, declared once on its model.

Every model says how its rows reach the agency (Organization) they belong to:

    class Measure(models.Model):
        tenancy = Owned("plan__organization")

Shared rows (the ITA frameworks) are read by every agency and changed by the platform's superusers only;
platform rows (users' groups, sessions, login attempts) are the superusers' alone. Admin scoping, the
agency admins' permissions, the agency backup and the cache revisions all read these declarations. A
model that declares nothing raises NotDeclared wherever it is scoped: it is never shown unfiltered.
"""
from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import FieldDoesNotExist, ImproperlyConfigured


class NotDeclared(ImproperlyConfigured):
    """A model was scoped without saying whom its rows belong to."""


@dataclass(frozen=True)
class Owned:
    """Rows of one agency, reached from the model by `path` ("pk" for the agency itself)."""

    path: str

    def parent_field(self) -> str | None:
        """The field that ties a row to its owner: a row never moves to another owner through it."""
        return None if self.path == "pk" else self.path.split("__", 1)[0]


@dataclass(frozen=True)
class Shared:
    """Rows every agency reads (frameworks); only superusers change them."""


@dataclass(frozen=True)
class Platform:
    """Rows of the platform itself: only superusers see them."""


Tenancy = Owned | Shared | Platform
_declared: dict[type, Tenancy] = {}


def declare(model, tenancy: Tenancy) -> None:
    """For models we do not write ourselves (Django's auth, generated history and through tables)."""
    _declared[model] = tenancy


def tenancy_of(model) -> Tenancy:
    found = _declared.get(model) or getattr(model, "tenancy", None)
    if found is None and getattr(model, "instance_type", None) is not None:
        # A history row keeps the foreign keys of the row it records, so it belongs where that row does.
        return tenancy_of(model.instance_type)
    if not isinstance(found, (Owned, Shared, Platform)):
        raise NotDeclared(f"{model._meta.label} does not declare whom its rows belong to (tenancy = Owned(...)).")
    return found


def is_multivalued(model, path: str) -> bool:
    """Whether the path crosses a to-many relation, so that a filter on it can repeat rows."""
    for name in path.split("__"):
        try:
            field = model._meta.get_field(name)
        except FieldDoesNotExist:
            return False
        if field.many_to_many or field.one_to_many:
            return True
        if not field.is_relation:
            return False
        model = field.related_model
    return False


def declared_models() -> list:
    """The project's own models: those that carry their declaration (not their history tables, nor the
    models declared from outside)."""
    from django.apps import apps  # noqa: PLC0415 (this module is imported while models load)

    return [model for model in apps.get_models()
            if not hasattr(model, "instance_type") and getattr(model, "tenancy", None) is not None]


def owned_models() -> list:
    """The project's own models whose rows belong to an agency."""
    return [model for model in declared_models() if isinstance(tenancy_of(model), Owned)]


def owned_by(queryset, organizations):
    """The rows of `queryset` that belong to one of `organizations` (a queryset or list of agencies)."""
    tenancy = tenancy_of(queryset.model)
    if isinstance(tenancy, Shared):
        return queryset
    if isinstance(tenancy, Platform):
        return queryset.none()
    filtered = queryset.filter(**{f"{tenancy.path}__in": organizations})
    return filtered.distinct() if is_multivalued(queryset.model, tenancy.path) else filtered
