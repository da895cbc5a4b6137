"""The public page names the OIT item each published document answers: the item of that role in the ITA
run during the plan's fiscal year, and none where that framework leaves the role unset."""
from __future__ import annotations

import pytest
from django.urls import reverse

from assessments.loading import framework_file, load_framework_file
from assessments.models import Item
from measures.services import approve_round

URL = reverse("measures-public", args=["po", 2568])


@pytest.fixture
def ita_2568(po):
    return load_framework_file(framework_file(2568))


def test_no_item_is_named_while_the_years_framework_leaves_the_roles_unset(client, plan, ita_2568):
    html = client.get(URL).content.decode()

    assert "หลักฐาน O" not in html
    assert plan.evidence_codes() == {}


def test_the_roles_of_the_plans_own_assessment_year_are_not_borrowed(client, plan):
    # FY2568 measures are assessed in ITA 2568, not in ITA 2567 (whose O34 held the FY2567 measures).
    assert "หลักฐาน O34" not in client.get(URL).content.decode()


def test_once_the_years_items_are_set_the_documents_name_them(client, plan, ita_2568, six, people):
    approve_round(round=six, by=people["admin"])
    client.get(URL)  # cached under the plan's revision, which the admin's edit below renews
    for code, role in (("O25", Item.Role.MEASURES_DOCUMENT), ("O26", Item.Role.PROGRESS_REPORT)):
        item = ita_2568.items.get(code=code)
        item.role = role
        item.save()

    html = client.get(URL).content.decode()

    measures_line = next(line for line in html.splitlines() if "measures.pdf" in line)
    progress_line = next(line for line in html.splitlines() if "progress-6.pdf" in line)
    assert "หลักฐาน O25" in measures_line
    assert "หลักฐาน O26" in progress_line
    assert plan.evidence_codes() == {"measures_document": "O25", "progress_report": "O26"}
