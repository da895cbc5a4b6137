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

from django.contrib.auth import get_user_model
from django.db.models import Q
from django.db.models.signals import m2m_changed, post_delete, post_save

from assessments import models as assessments
from measures.models import (
    Division, Evidence, Measure, Membership, Organization, Plan, ProgressReport, ProgressRound, RoundEvent,
    Theme, ThemeItem,
)


def touch(plans: Q) -> None:
    """Gives the plans matching `plans` a new revision."""
    Plan.objects.filter(plans).update(revision=uuid.uuid4())


def touch_plan(plan_id: int) -> None:
    touch(Q(pk=plan_id))


# What each model's rows are part of: the plans to touch when a row changes.
PLANS_OF = {
    Plan: lambda row: Q(organization_id=row.organization_id),  # the other years' pages list the years
    Theme: lambda row: Q(pk=row.plan_id),
    Measure: lambda row: Q(pk=row.plan_id),
    ProgressRound: lambda row: Q(pk=row.plan_id),
    ThemeItem: lambda row: Q(themes=row.theme_id),
    RoundEvent: lambda row: Q(rounds=row.round_id),
    ProgressReport: lambda row: Q(rounds=row.round_id),
    Evidence: lambda row: Q(rounds__reports=row.report_id),
    Organization: lambda row: Q(organization_id=row.pk),
    Division: lambda row: Q(organization_id=row.organization_id),
    Membership: lambda row: Q(organization_id=row.organization_id),
    assessments.Assessment: lambda row: Q(organization_id=row.organization_id),
    assessments.ToolScore: lambda row: Q(organization__assessments=row.assessment_id),
    assessments.IndicatorScore: lambda row: Q(organization__assessments=row.assessment_id),
    assessments.SubIndicatorScore: lambda row: Q(organization__assessments=row.assessment_id),
    assessments.ItemScore: lambda row: Q(organization__assessments=row.assessment_id),
    # Frameworks are shared: their names, weights and bands show in every plan assessed under them.
    assessments.Framework: lambda row: Q(organization__assessments__framework=row.pk),
    assessments.Band: lambda row: Q(organization__assessments__framework=row.framework_id),
    assessments.Tool: lambda row: Q(organization__assessments__framework=row.framework_id),
    assessments.Indicator: lambda row: Q(organization__assessments__framework=row.framework_id),
    assessments.SubIndicator: lambda row: Q(organization__assessments__framework__indicators=row.indicator_id),
    assessments.Item: lambda row: Q(organization__assessments__framework=row.framework_id),
}


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
    for model in PLANS_OF:
        post_save.connect(row_changed, sender=model, dispatch_uid=f"revision-save-{model._meta.label}")
        post_delete.connect(row_changed, sender=model, dispatch_uid=f"revision-delete-{model._meta.label}")
    post_save.connect(user_changed, sender=get_user_model(), dispatch_uid="revision-user")
    for relation in (Measure.divisions, Theme.items):
        m2m_changed.connect(relation_changed, sender=relation.through,
                            dispatch_uid=f"revision-{relation.through._meta.label}")
