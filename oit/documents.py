"""The agency's own published documents, filled in automatically as the evidence of the OIT items whose
role is the measures document or the progress report (`assessments.models.Item.role`)."""
from __future__ import annotations

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _

from assessments.models import Item
from measures.models import Plan


def base_url(request) -> str:
    """Where the site is reached from outside: SITE_URL when set (behind a proxy), else this request's host."""
    return (getattr(settings, "SITE_URL", "") or request.build_absolute_uri("/")).rstrip("/")


def document_links(workspace, base_url: str) -> dict[int, list[tuple[str, str]]]:
    """{assessments Item pk: [(label, absolute URL), …]} for the workspace's role items.

    Assessors of ITA N read the measures and the progress of fiscal year N, so the plan is the one whose
    fiscal year is the workspace's year; only a published plan and its approved rounds are linked (their
    public PDFs exist only then). Empty when the framework gives no item a role.
    """
    roles = dict(
        workspace.framework.items.filter(kind=Item.Kind.PASS_FAIL).exclude(role="").values_list("role", "pk")
    )
    if not roles:
        return {}
    plan = (
        Plan.objects.filter(organization_id=workspace.organization_id, fiscal_year=workspace.year,
                            status=Plan.Status.PUBLISHED)
        .prefetch_related("rounds").first()
    )
    if plan is None:
        return {}
    base = base_url.rstrip("/")
    slug, year = workspace.organization.slug, plan.fiscal_year
    links: dict[int, list[tuple[str, str]]] = {}
    if Item.Role.MEASURES_DOCUMENT in roles:
        links[roles[Item.Role.MEASURES_DOCUMENT]] = [(
            _("Integrity and transparency measures, fiscal year %(year)s (PDF)") % {"year": year},
            base + reverse("reports-public-measures-pdf", args=[slug, year]),
        )]
    if Item.Role.PROGRESS_REPORT in roles:
        links[roles[Item.Role.PROGRESS_REPORT]] = [
            (_("Progress report, %(round)s (PDF)") % {"round": progress_round.get_months_display()},
             base + reverse("reports-public-progress-pdf", args=[slug, year, progress_round.months]))
            for progress_round in plan.rounds.all() if progress_round.is_locked()
        ]
    return links
