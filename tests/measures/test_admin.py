"""The admin shows the demo agency end to end, scoped to the agencies a user administers."""
import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from agencies.models import Role
from agencies.roles import grant_admin_access
from assessments.models import Assessment
from measures.models import Measure, Plan
from tests.conftest import make_member

CHANGELISTS = [
    "assessments_framework", "assessments_indicator", "assessments_item", "assessments_assessment",
    "agencies_organization", "agencies_division", "agencies_membership", "measures_plan", "measures_theme",
    "measures_measure", "measures_progressround", "measures_progressreport",
]


@pytest.fixture
def superuser(db):
    return get_user_model().objects.create_superuser("root", "root@example.com", "pw")


@pytest.fixture
def po_admin(po):
    return get_user_model().objects.get(username="po-admin")


@pytest.mark.parametrize("name", CHANGELISTS)
def test_every_changelist_opens_for_a_superuser(client, superuser, po, name):
    client.force_login(superuser)
    assert client.get(reverse(f"admin:{name}_changelist")).status_code == 200


def test_the_demo_plan_assessment_theme_and_measure_open_in_admin(client, superuser, plan):
    client.force_login(superuser)
    pages = [
        reverse("admin:measures_plan_change", args=[plan.pk]),
        reverse("admin:assessments_assessment_change", args=[plan.assessment.pk]),
        reverse("admin:measures_theme_change", args=[plan.themes.first().pk]),
        reverse("admin:measures_measure_change", args=[plan.measures.first().pk]),
    ]
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
    response = client.get(reverse("admin:measures_plan_change", args=[plan.pk]))
    assert "การประชุมพนักงาน" in response.content.decode()


def test_the_assessment_page_warns_in_thai_of_a_figure_that_disagrees(client, superuser, assessment_2567):
    client.force_login(superuser)
    response = client.get(reverse("admin:assessments_assessment_change", args=[assessment_2567.pk]))
    assert "EIT: คะแนนที่รายงาน 88.45 แต่คำนวณจากองค์ประกอบได้ 85.12" in response.content.decode()


def test_an_agency_admin_sees_only_their_agency(client, po_admin, po, other_org):
    Plan.objects.create(organization=other_org, fiscal_year=2568)
    client.force_login(po_admin)
    response = client.get(reverse("admin:measures_plan_changelist"))
    assert response.status_code == 200
    assert list(response.context["cl"].queryset) == list(Plan.objects.filter(organization=po))


def test_an_admin_of_another_agency_cannot_open_this_agencys_plan(client, plan, other_org):
    outsider = make_member("outsider", other_org, Role.ADMIN, other_org.divisions.first())
    grant_admin_access(outsider)
    client.force_login(outsider)
    response = client.get(reverse("admin:measures_plan_change", args=[plan.pk]))
    assert response.status_code == 302  # the admin answers "does not exist" by redirecting to its index
    assert Assessment.objects.filter(organization=plan.organization).exists()


def test_staff_without_the_admin_role_cannot_enter_admin(client, people):
    client.force_login(people["owner"])
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302


def measure_post(measure, **changes):
    data = {
        "plan": measure.plan_id, "theme": measure.theme_id, "number": measure.number, "title": measure.title,
        "steps": measure.steps, "all_divisions": "on" if measure.all_divisions else "",
        "divisions": [d.pk for d in measure.divisions.all()],
        "start_month": measure.start_month.isoformat(), "end_month": measure.end_month.isoformat(),
        "follow_up": measure.follow_up,
        "reports-TOTAL_FORMS": "0", "reports-INITIAL_FORMS": "0",
        "reports-MIN_NUM_FORMS": "0", "reports-MAX_NUM_FORMS": "1000",
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v != ""}


def test_admin_refuses_a_measure_ending_before_it_starts_and_saves_nothing(client, po_admin, plan):
    measure = plan.measures.get(theme__number=1, number=3)
    client.force_login(po_admin)
    url = reverse("admin:measures_measure_change", args=[measure.pk])
    response = client.post(url, measure_post(measure, title="แก้ไขแล้ว", end_month="2024-09-01"))
    assert response.status_code == 200
    assert "เดือนสิ้นสุดอยู่ก่อนเดือนเริ่มต้น" in response.content.decode()
    assert Measure.objects.get(pk=measure.pk).title == measure.title


def test_admin_saves_a_valid_change(client, po_admin, plan):
    measure = plan.measures.get(theme__number=1, number=3)
    client.force_login(po_admin)
    url = reverse("admin:measures_measure_change", args=[measure.pk])
    response = client.post(url, measure_post(measure, title="มาตรการที่แก้ไขแล้ว"))
    assert response.status_code == 302
    assert Measure.objects.get(pk=measure.pk).title == "มาตรการที่แก้ไขแล้ว"


def test_admin_refuses_a_measure_with_no_responsible_division(client, po_admin, plan):
    measure = plan.measures.get(theme__number=1, number=3)
    client.force_login(po_admin)
    url = reverse("admin:measures_measure_change", args=[measure.pk])
    data = measure_post(measure)
    data.pop("divisions")
    response = client.post(url, data)
    assert response.status_code == 200
    assert "เลือกกอง/สำนักที่รับผิดชอบ" in response.content.decode()


def test_making_someone_an_agency_admin_lets_them_into_admin(client, superuser, po, django_user_model):
    user = django_user_model.objects.create_user("newadmin", password="pw")
    client.force_login(superuser)
    response = client.post(reverse("admin:agencies_membership_add"), {
        "user": user.pk, "organization": po.pk, "division": po.divisions.first().pk, "role": "admin",
    })
    assert response.status_code == 302
    client.force_login(user)
    assert client.get(reverse("admin:measures_plan_changelist")).status_code == 200


def test_round_events_and_reminders_are_read_only_in_admin(client, superuser, plan):
    client.force_login(superuser)
    assert client.get(reverse("admin:measures_reminderlog_changelist")).status_code == 200
    assert client.get(reverse("admin:measures_reminderlog_add")).status_code == 403
    response = client.get(reverse("admin:measures_progressround_change", args=[plan.rounds.first().pk]))
    assert response.status_code == 200
