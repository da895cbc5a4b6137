"""Django admin as another agency's admin would try it, and the record of an approved round: each test
here is one of the ways the admin side once let an agency reach another's data or change an approval."""
from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.urls import reverse

from agencies.models import Membership, Role
from agencies.roles import grant_admin_access
from measures.models import Evidence, Measure, ProgressReport, ProgressRound, RoundEvent
from measures.services import approve_round
from tests.measures.admin_pages import form_index, page_data
from tests.measures.conftest import PDF, form_data, report_url, th, upload


@pytest.fixture
def po_admin(people):
    grant_admin_access(people["admin"])
    return people["admin"]


@pytest.fixture
def intruder(people, other_org):
    """The admin of another agency, with every permission an agency admin has."""
    grant_admin_access(people["outsider"])
    return people["outsider"]


def with_evidence(report: ProgressReport) -> Evidence:
    evidence = Evidence(report=report, original_name="หลักฐาน.pdf", size=len(PDF))
    evidence.file.save("x.pdf", ContentFile(PDF), save=False)
    evidence.save()
    return evidence


def measure_history_urls(measure):
    record = measure.history.earliest("history_date")
    return (reverse("admin:measures_measure_history", args=[measure.pk]),
            reverse("admin:measures_measure_simple_history", args=[measure.pk, record.history_id]))


def revert_data(measure, **changes) -> dict:
    data = {
        "theme": measure.theme_id, "number": measure.number, "title": measure.title, "steps": measure.steps,
        "divisions": [d.pk for d in measure.divisions.all()], "start_month": measure.start_month.isoformat(),
        "end_month": measure.end_month.isoformat(), "follow_up": measure.follow_up,
        "reports-TOTAL_FORMS": "0", "reports-INITIAL_FORMS": "0",
    }
    data.update(changes)
    return data


# 1. History pages

def test_another_agencys_admin_cannot_read_a_measures_history(client, intruder, palad_measure):
    client.force_login(intruder)
    history, record = measure_history_urls(palad_measure)
    assert client.get(history).status_code == 404
    assert client.get(record).status_code == 404


def test_another_agencys_admin_cannot_revert_a_measure_into_their_plan(client, intruder, palad_measure, other_org):
    their_plan = other_org.plans.create(fiscal_year=2568)
    client.force_login(intruder)
    _, record = measure_history_urls(palad_measure)
    response = client.post(record, revert_data(palad_measure, plan=their_plan.pk, title="ย้ายแล้ว"))
    assert response.status_code == 404
    palad_measure.refresh_from_db()
    assert (palad_measure.plan.organization.slug, palad_measure.title) != ("other", "ย้ายแล้ว")
    assert palad_measure.plan.organization.slug == "po"


def test_another_agencys_admin_cannot_revert_a_report_and_its_files(client, intruder, submitted):
    with_evidence(submitted)
    record = submitted.history.earliest("history_date")
    client.force_login(intruder)
    url = reverse("admin:measures_progressreport_simple_history", args=[submitted.pk, record.history_id])
    assert client.get(reverse("admin:measures_progressreport_history", args=[submitted.pk])).status_code == 404
    assert client.post(url, {"status": "done", "percent": 100, "done": "x"}).status_code == 404
    assert ProgressReport.objects.get(pk=submitted.pk).evidence.count() == 1


def test_the_agencys_own_admin_reads_and_reverts_a_measures_history(client, po_admin, palad_measure):
    original = palad_measure.title
    palad_measure.title = "ชื่อที่แก้ผิด"
    palad_measure.save()
    client.force_login(po_admin)
    history, record = measure_history_urls(palad_measure)
    assert client.get(history).status_code == 200
    response = client.post(record, revert_data(palad_measure, title=original))
    assert response.status_code == 302
    assert Measure.objects.get(pk=palad_measure.pk).title == original


# 2. Approved rounds

@pytest.fixture
def approved(submitted, six, people):
    with_evidence(submitted)
    approve_round(round=six, by=people["executive"])
    return submitted


def report_post(report, **changes) -> dict:
    data = {
        "status": report.status, "percent": report.percent, "done": report.done, "result": report.result,
        "problems": report.problems, "links": report.links, "submit": "on", "opened_version": report.version,
        "evidence-TOTAL_FORMS": "0", "evidence-INITIAL_FORMS": "0",
    }
    data.update(changes)
    return data


def test_a_report_of_an_approved_round_cannot_be_changed_or_lose_its_files_in_admin(client, po_admin, approved):
    client.force_login(po_admin)
    change = reverse("admin:measures_progressreport_change", args=[approved.pk])
    page = client.get(change)
    assert page.status_code == 200 and 'name="done"' not in page.content.decode()  # shown, read-only
    evidence = approved.evidence.get()
    client.post(change, report_post(approved, done="แก้หลังอนุมัติ", **{
        "evidence-TOTAL_FORMS": "1", "evidence-INITIAL_FORMS": "1", "evidence-0-id": evidence.pk,
        "evidence-0-report": approved.pk, "evidence-0-DELETE": "on"}))
    delete = client.post(reverse("admin:measures_progressreport_delete", args=[approved.pk]), {"post": "yes"})
    assert delete.status_code == 403
    stored = ProgressReport.objects.get(pk=approved.pk)
    assert (stored.done, stored.version) == (approved.done, approved.version)
    assert Evidence.objects.filter(pk=evidence.pk).exists()


def test_a_report_cannot_be_reverted_into_an_approved_round(client, po_admin, approved):
    record = approved.history.earliest("history_date")
    client.force_login(po_admin)
    url = reverse("admin:measures_progressreport_simple_history", args=[approved.pk, record.history_id])
    assert client.post(url, report_post(approved, done="ย้อนกลับ")).status_code == 403
    assert ProgressReport.objects.get(pk=approved.pk).done == approved.done


def test_a_rounds_status_and_approver_cannot_be_edited_in_admin(client, po_admin, six, people):
    client.force_login(po_admin)
    response = client.post(reverse("admin:measures_progressround_change", args=[six.pk]), {
        "months": 6, "due_on": "2025-04-30", "status": "approved", "approved_by": people["executive"].pk,
        "approved_at_0": "2025-01-01", "approved_at_1": "00:00:00",
        "events-TOTAL_FORMS": "0", "events-INITIAL_FORMS": "0",
    })
    assert response.status_code == 302
    six.refresh_from_db()
    assert (six.status, six.approved_by, six.approved_at) == ("open", None, None)


def test_approve_and_reopen_are_admin_actions_that_keep_their_events(client, po_admin, six):
    client.force_login(po_admin)
    changelist = reverse("admin:measures_progressround_changelist")
    client.post(changelist, {"action": "approve", "_selected_action": [six.pk]})
    six.refresh_from_db()
    assert six.status == "approved" and six.approved_by == po_admin

    client.post(changelist, {"action": "reopen", "_selected_action": [six.pk], "reason": ""})
    assert ProgressRound.objects.get(pk=six.pk).status == "approved"  # no reason, no reopening

    client.post(changelist, {"action": "reopen", "_selected_action": [six.pk], "reason": "ตัวเลขกองคลังผิด"})
    six.refresh_from_db()
    assert (six.status, six.approved_by) == ("open", None)
    events = list(RoundEvent.objects.filter(round=six).values_list("action", "by", "reason"))
    assert events == [("approved", po_admin.pk, ""), ("reopened", po_admin.pk, "ตัวเลขกองคลังผิด")]


# 3. Memberships

def test_an_agency_admin_cannot_add_another_agencys_user(client, po_admin, po, palad, intruder, people):
    client.force_login(po_admin)
    response = client.post(reverse("admin:agencies_membership_add"), {
        "user": intruder.pk, "organization": po.pk, "division": palad.pk, "role": Role.ADMIN,
    })
    assert response.status_code == 200
    assert "user" in response.context["adminform"].form.errors
    assert not Membership.objects.filter(user=intruder, organization=po).exists()
    assert {m.organization.slug for m in Membership.objects.filter(user=intruder)} == {"other"}


def test_an_agency_admin_adds_an_account_no_agency_has_yet(client, po_admin, po, palad, django_user_model):
    newcomer = django_user_model.objects.create_user("newcomer", password="pw")
    client.force_login(po_admin)
    response = client.post(reverse("admin:agencies_membership_add"), {
        "user": newcomer.pk, "organization": po.pk, "division": palad.pk, "role": Role.STAFF,
    })
    assert response.status_code == 302
    assert Membership.objects.get(user=newcomer).organization == po


# 6. Version check on admin saves

def test_an_admin_correction_is_not_overwritten_by_a_staff_save_from_an_older_version(
    client, po_admin, people, submitted, six, palad_measure, palad
):
    opened = submitted.version
    client.force_login(po_admin)
    change = reverse("admin:measures_progressreport_change", args=[submitted.pk])
    assert client.post(change, report_post(submitted, done="แก้ไขโดยผู้ดูแล")).status_code == 302
    stored = ProgressReport.objects.get(pk=submitted.pk)
    assert (stored.done, stored.version, stored.reported_by) == ("แก้ไขโดยผู้ดูแล", opened + 1, po_admin)

    client.force_login(people["owner"])
    response = client.post(report_url(six, palad_measure, palad),
                           form_data(version=opened, done="ข้อความเก่าของเจ้าหน้าที่"))
    assert response.status_code == 409
    assert ProgressReport.objects.get(pk=submitted.pk).done == "แก้ไขโดยผู้ดูแล"


def test_an_admin_save_from_an_older_version_is_refused(client, po_admin, submitted):
    submitted.percent = 60
    submitted.version += 1
    submitted.save()  # someone saved meanwhile
    client.force_login(po_admin)
    response = client.post(reverse("admin:measures_progressreport_change", args=[submitted.pk]),
                           report_post(submitted, opened_version=submitted.version - 1, done="ของผู้ดูแล"))
    assert response.status_code == 200
    assert th("Someone saved this report after you opened it. Open it again to see their changes.") in (
        response.content.decode())
    assert ProgressReport.objects.get(pk=submitted.pk).done != "ของผู้ดูแล"


def test_admin_applies_the_portals_status_and_percent_rules(client, po_admin, submitted):
    client.force_login(po_admin)
    response = client.post(reverse("admin:measures_progressreport_change", args=[submitted.pk]),
                           report_post(submitted, status="not_started", percent=30))
    assert response.status_code == 200
    assert th("A measure not started is 0 percent done.") in response.content.decode()


# 7. Lists, choices and links

def test_filters_list_only_the_agencys_own_organizations_and_years(client, po_admin, plan, other_org):
    other_org.plans.create(fiscal_year=2571)
    client.force_login(po_admin)
    page = client.get(reverse("admin:measures_measure_changelist")).content.decode()
    assert "ทต.อื่น" not in page and "เทศบาลตำบลอื่น" not in page
    assert "2571" not in page
    assert "2568" in page


def test_user_fields_of_reports_and_rounds_offer_no_choice_of_users(client, po_admin, submitted, six, intruder):
    client.force_login(po_admin)
    report_page = client.get(reverse("admin:measures_progressreport_change", args=[submitted.pk]))
    round_page = client.get(reverse("admin:measures_progressround_change", args=[six.pk]))
    for page in (report_page, round_page):
        form = page.context["adminform"].form
        assert not {"reported_by", "approved_by"} & set(form.fields)
        assert "outsider" not in page.content.decode()


def test_a_javascript_link_is_refused_in_admin_and_never_shown_as_a_link(client, po_admin, submitted, plan):
    client.force_login(po_admin)
    response = client.post(reverse("admin:measures_progressreport_change", args=[submitted.pk]),
                           report_post(submitted, links="javascript:alert(document.cookie)"))
    assert response.status_code == 200
    assert ProgressReport.objects.get(pk=submitted.pk).links == ""

    ProgressReport.objects.filter(pk=submitted.pk).update(links="javascript:alert(1)\nfile:///etc/passwd")
    plan.status = plan.Status.PUBLISHED
    plan.save()
    approve_round(round=submitted.round, by=po_admin)
    for url in (reverse("measures-detail", args=["po", 2568, 1, 3]), reverse("measures-public", args=["po", 2568])):
        page = client.get(url).content.decode()
        assert 'href="javascript:' not in page and 'href="file:' not in page


def test_an_evidence_file_added_in_admin_gets_the_content_check(client, po_admin, submitted):
    client.force_login(po_admin)
    response = client.post(reverse("admin:measures_progressreport_change", args=[submitted.pk]), {
        **report_post(submitted), "evidence-TOTAL_FORMS": "1", "evidence-INITIAL_FORMS": "0",
        "evidence-0-file": upload("report.pdf", b"<script>alert(1)</script>"),
    })
    assert response.status_code == 200
    assert not submitted.evidence.exists()

    response = client.post(reverse("admin:measures_progressreport_change", args=[submitted.pk]), {
        **report_post(submitted), "evidence-TOTAL_FORMS": "1", "evidence-INITIAL_FORMS": "0",
        "evidence-0-file": upload("รายงาน.pdf", PDF),
    })
    assert response.status_code == 302
    added = submitted.evidence.get()
    assert (added.original_name, added.uploaded_by, added.file.name.endswith(".pdf")) == ("รายงาน.pdf", po_admin, True)


def test_an_agency_admin_cannot_make_someone_of_another_agency_an_admin(client, po_admin, po, palad, people, other_org):
    shared = people["neighbour"]  # staff here, and also a member of another agency
    Membership.objects.create(user=shared, organization=other_org, role=Role.STAFF,
                              division=other_org.divisions.first())
    membership = shared.memberships.get(organization=po)
    client.force_login(po_admin)
    response = client.post(reverse("admin:agencies_membership_change", args=[membership.pk]), {
        "organization": po.pk, "division": membership.division_id, "role": Role.ADMIN,
    })
    assert response.status_code == 200
    shared.refresh_from_db()
    assert (shared.memberships.get(organization=po).role, shared.is_staff) == (Role.STAFF, False)


def test_an_approved_rounds_page_is_read_only_and_its_period_cannot_change(client, po_admin, plan, six, people):
    approve_round(round=six, by=people["executive"])
    client.force_login(po_admin)
    page = client.get(reverse("admin:measures_progressround_change", args=[six.pk]))
    assert page.status_code == 200 and 'name="due_on"' not in page.content.decode()
    six.refresh_from_db()
    six.months = 12
    with pytest.raises(ValidationError):
        six.full_clean(validate_unique=False, validate_constraints=False)


@pytest.mark.parametrize("prefix", ["themes", "measures"])
def test_the_plan_page_cannot_delete_a_theme_or_measure_with_approved_reports(
    client, po_admin, plan, approved, prefix
):
    client.force_login(po_admin)
    url = reverse("admin:measures_plan_change", args=[plan.pk])
    page = client.get(url)
    row = approved.measure.theme if prefix == "themes" else approved.measure
    data = {**page_data(page), f"{prefix}-{form_index(page, prefix, row)}-DELETE": "on"}
    response = client.post(url, data)
    assert response.status_code == 200
    assert "มีรายงานในรอบที่อนุมัติแล้ว" in response.content.decode()
    assert ProgressReport.objects.filter(pk=approved.pk).exists()
    assert approved.evidence.exists()


def test_the_plan_page_saves_its_own_form_unchanged(client, po_admin, plan, approved):
    client.force_login(po_admin)
    url = reverse("admin:measures_plan_change", args=[plan.pk])
    assert client.post(url, page_data(client.get(url))).status_code == 302


def test_an_approved_rounds_plan_keeps_its_year_and_the_rounds_deadline(client, po_admin, plan, approved, six):
    deadline = six.due_on
    client.force_login(po_admin)
    url = reverse("admin:measures_plan_change", args=[plan.pk])
    page = client.get(url)
    moved_year = client.post(url, {**page_data(page), "fiscal_year": 2570, "assessment": ""})
    assert th("The plan has an approved round: its fiscal year is part of that record and cannot change.") in (
        moved_year.content.decode())
    later = client.post(url, {**page_data(page), f"rounds-{form_index(page, 'rounds', six)}-due_on": "2030-01-01"})
    assert th("The round is approved: reopen it before changing its period or deadline.") in later.content.decode()
    six.refresh_from_db()
    assert (six.plan.fiscal_year, six.due_on) == (2568, deadline)


def test_what_decides_an_approved_rounds_reports_cannot_change(client, po_admin, plan, approved, finance):
    measure = approved.measure
    client.force_login(po_admin)
    url = reverse("admin:measures_plan_change", args=[plan.pk])
    page = client.get(url)
    n = form_index(page, "measures", measure)
    other_theme = plan.themes.exclude(pk=measure.theme_id).first()
    for change in ({f"measures-{n}-number": 77}, {f"measures-{n}-divisions": [finance.pk]},
                   {f"measures-{n}-theme": other_theme.pk}, {f"measures-{n}-start_month": "2025-03-01"},
                   {f"measures-{n}-all_divisions": "on"},
                   {f"themes-{form_index(page, 'themes', measure.theme)}-number": 55}):
        response = client.post(url, {**page_data(page), **change})
        assert response.status_code == 200, change
    measure.refresh_from_db()
    assert (measure.code, [d.name for d in measure.divisions.all()]) == ("1.3", ["สำนักปลัด"])
    assert (measure.start_month, measure.all_divisions) == (approved.measure.start_month, False)
    renamed = client.post(url, {**page_data(page), f"measures-{n}-title": "ชื่อที่แก้คำผิด"})
    assert renamed.status_code == 302  # the wording is not what the round recorded


def test_a_measure_import_cannot_move_the_start_of_a_measure_with_approved_reports(approved, plan):
    from measures.resources import MeasureResource
    from tests.importexport.helpers import sheet

    result = MeasureResource(plan=plan).import_data(
        sheet(("theme", "number", "start_month"), [1, 3, "ก.ย. 2568"]))
    assert result.problems
    assert Measure.objects.get(pk=approved.measure_id).start_month.month != 9


def test_an_admin_who_is_demoted_loses_the_admin_site(client, po_admin, people, po):
    membership = po_admin.memberships.get(organization=po)
    client.force_login(get_user_model().objects.create_superuser("root", "r@example.com", "pw"))
    client.post(reverse("admin:agencies_membership_change", args=[membership.pk]), {
        "organization": po.pk, "division": membership.division_id, "role": Role.EXECUTIVE})
    po_admin.refresh_from_db()
    assert (po_admin.is_staff, po_admin.groups.exists()) == (False, False)


def test_an_account_of_the_platforms_staff_is_not_offered_to_agency_admins(client, po_admin, django_user_model):
    django_user_model.objects.create_user("platform-ops", password="pw", is_staff=True)
    newcomer = django_user_model.objects.create_user("newcomer", password="pw")
    client.force_login(po_admin)
    choices = client.get(reverse("admin:agencies_membership_add")).context["adminform"].form.fields["user"].queryset
    assert newcomer in choices and not choices.filter(username="platform-ops").exists()
