"""A plan's revision: a token that changes whenever anything its pages or documents show changes.

Cached pages and PDFs are keyed by the plan's revision, so after an edit the next request misses the
cache and shows the edit, and nothing has to be deleted. The token is random rather than a counter: a
database restored from a backup, or a new one whose plans reuse ids, cannot meet an old cached copy.

Saves and deletes through the ORM (admin, imports, the portal's forms, loaddata) touch the plans they
concern through the signals below, inside the same transaction as the change. Code that changes rows
with QuerySet.update() or bulk_create() calls touch() itself.
"""
from __future__ import annotations

import uuid

from django.contrib.admin.utils import reverse_field_path
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.db.models.signals import m2m_changed, post_delete, post_save

from assessments import models as assessments
from itaportal.tenancy import owned_models, tenancy_of
from measures.models import Measure, Plan, ReminderLog, Theme


def touch(plans: Q) -> None:
    """Gives the plans matching `plans` a new revision."""
    Plan.objects.filter(plans).update(revision=uuid.uuid4())


def touch_plan(plan_id: int) -> None:
    touch(Q(pk=plan_id))


def plans_of(model):
    """How to find the plans a row of `model` is part of, read off the row's own foreign key so that it
    also works after the row is deleted: the plan on the row's tenancy path, or else every plan of its
    agency (a plan itself touches its agency's other years too: their pages list the years)."""
    path = tenancy_of(model).path
    if path == "pk":
        return lambda row: Q(organization_id=row.pk)
    hops = path.split("__")
    first = model._meta.get_field(hops[0])
    below = [first.related_model]
    for name in hops[1:]:
        below.append(below[-1]._meta.get_field(name).related_model)
    if Plan in below and model is not Plan:
        rest = "__".join(hops[1:below.index(Plan) + 1])
        lookup = reverse_field_path(first.related_model, rest)[1] if rest else "pk"
    else:
        rest = "__".join(hops[1:])
        lookup = f"organization__{reverse_field_path(first.related_model, rest)[1]}" if rest else "organization_id"
    return lambda row: Q(**{lookup: getattr(row, first.attname)})


# Frameworks are shared: their names, weights and bands show in every plan assessed under them.
SHARED_PLANS_OF = {
    assessments.Framework: lambda row: Q(organization__assessments__framework=row.pk),
    assessments.Band: lambda row: Q(organization__assessments__framework=row.framework_id),
    assessments.Tool: lambda row: Q(organization__assessments__framework=row.framework_id),
    assessments.Indicator: lambda row: Q(organization__assessments__framework=row.framework_id),
    assessments.SubIndicator: lambda row: Q(organization__assessments__framework__indicators=row.indicator_id),
    # An item also names the evidence of the plans of its framework's year (Plan.evidence_codes).
    assessments.Item: lambda row: Q(organization__assessments__framework=row.framework_id) | Q(
        fiscal_year__in=assessments.Framework.objects.filter(pk=row.framework_id).values("year")),
}
PLANS_OF: dict = {}
NOT_SHOWN = {ReminderLog}  # the reminders sent: no page or document shows them
# Models of apps above this one say so themselves with `shown_in_plans = False`.


def row_changed(sender, instance, **kwargs) -> None:
    touch(Q(pk__in=Plan.objects.filter(PLANS_OF[sender](instance)).values("pk")))


def user_changed(sender, instance, update_fields=None, **kwargs) -> None:
    """Reports show who filed them; logging in only stamps last_login, which no page shows."""
    if update_fields is not None and set(update_fields) <= {"last_login"}:
        return
    touch(Q(pk__in=Plan.objects.filter(rounds__reports__reported_by=instance.pk).values("pk")))


def relation_changed(sender, instance, action, reverse, model, pk_set, **kwargs) -> None:
    """measure.divisions and theme.items; from the other side (theme_set.add) the plans of the rows added."""
    if not action.startswith("post_"):
        return
    if reverse:
        touch(Q(pk__in=model.objects.filter(pk__in=pk_set or ()).values("plan_id")))
    else:
        touch_plan(instance.plan_id)


def connect() -> None:
    PLANS_OF.update({model: plans_of(model) for model in owned_models()
                     if model not in NOT_SHOWN and getattr(model, "shown_in_plans", True)})
    PLANS_OF.update(SHARED_PLANS_OF)
    for model in PLANS_OF:
        post_save.connect(row_changed, sender=model, dispatch_uid=f"revision-save-{model._meta.label}")
        post_delete.connect(row_changed, sender=model, dispatch_uid=f"revision-delete-{model._meta.label}")
    post_save.connect(user_changed, sender=get_user_model(), dispatch_uid="revision-user")
    for relation in (Measure.divisions, Theme.items):
        m2m_changed.connect(relation_changed, sender=relation.through,
                            dispatch_uid=f"revision-{relation.through._meta.label}")
