"""The dashboard and the lists run the same number of queries for a plan of 5 measures and of 50, when they
are built (the cache emptied first) rather than served from the cache."""
from __future__ import annotations

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from agencies.models import Membership, Role


def queries(client, url: str) -> int:
    cache.clear()
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context.captured_queries)


@pytest.fixture
def small_and_large(make_plan, django_user_model):
    small, large = make_plan(5, "small"), make_plan(50, "large")
    user = django_user_model.objects.create_user("both")
    for plan in (small, large):
        Membership.objects.create(user=user, organization=plan.organization, role=Role.STAFF,
                                  division=plan.organization.divisions.first())
    return small, large, user


@pytest.mark.parametrize("page", ["measures-dashboard", "measures-round", "measures-public"])
def test_a_page_costs_the_same_number_of_queries_for_5_and_50_measures(client, small_and_large, page):
    small, large, user = small_and_large
    client.force_login(user)

    def url(plan):
        args = [plan.organization.slug, plan.fiscal_year] + ([6] if page == "measures-round" else [])
        return reverse(page, args=args)

    queries(client, url(small))  # warm the session and the content-type cache
    assert queries(client, url(small)) == queries(client, url(large))


def test_the_dashboard_stays_under_twenty_queries(client, small_and_large):
    _, large, user = small_and_large
    client.force_login(user)
    assert queries(client, reverse("measures-dashboard", args=["large", 2568])) <= 20
