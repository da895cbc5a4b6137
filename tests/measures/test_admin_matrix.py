"""Every admin URL of every registered model against every kind of visitor, on a row of the demo agency.

Each cell is what the visitor gets, named for what it means:
  login     sent to the admin's login page          listed / unlisted   the list does (not) show the row
  ok        the page                                 gone      "does not exist" (Django admin's redirect)
  done      the change was made                      form      a form that refuses the POST, nothing saved
  file      a spreadsheet to download                found / none        autocomplete does (not) offer the row
  403 / 404 refused
A cell of `-` is a URL the model does not have.
"""
from __future__ import annotations

import io

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.apps import apps
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from agencies.roles import agency_admin_group, grant_admin_access
from assessments.loading import framework_file, load_framework_file
from itaportal.spreadsheets.admin import UploadCache, signed_upload
from measures.models.reminders import ReminderLog
from oit.models import LinkStatus
from oit.services import ItemChange, open_workspace, save_item
from tests.measures.admin_pages import page_data

VISITORS = ["anonymous", "staff", "executive", "own_admin", "other_admin", "superuser"]
KINDS = ["changelist", "add", "change", "delete", "history", "history_detail", "revert", "import", "confirm",
         "export", "autocomplete"]

# What each kind of model gives an agency's own admin; the other agency's admin and the superuser below.
OWN = {
    "owned":    "listed ok ok ok ok - - - - - found",
    "versions": "listed ok ok ok ok ok done ok done file found",  # measures and reports: history, spreadsheets
    "scores":   "listed ok ok ok ok - - ok done file found",     # assessments: spreadsheets
    "agency":   "listed 403 ok 403 ok - - - - - found",
    "record":   "listed 403 ok 403 ok - - - - - -",
    "checked":  "listed 403 ok 403 ok - - - - - found",  # link checks: written by the checker, read here
    "shared":   "listed 403 ok 403 ok - - - - - found",
    "platform": "403 403 403 403 403 - - - - - 403",
}
OTHER = {
    "owned":    "unlisted ok gone gone gone - - - - - none",
    "versions": "unlisted ok gone gone 404 404 404 ok form form none",
    "scores":   "unlisted ok gone gone gone - - ok form form none",
    "agency":   "unlisted 403 gone 403 gone - - - - - none",
    "record":   "unlisted 403 gone 403 gone - - - - - -",
    "checked":  "unlisted 403 gone 403 gone - - - - - none",
    "shared":   OWN["shared"],
    "platform": OWN["platform"],
}
SUPERUSER = {
    "owned":    "listed ok ok ok ok - - - - - found",
    "versions": "listed ok ok ok ok ok done ok done file found",
    "scores":   "listed ok ok ok ok - - ok done file found",
    "agency":   "listed ok ok ok ok - - - - - found",
    "record":   "listed 403 ok 403 ok - - - - - -",
    "checked":  "listed 403 ok 403 ok - - - - - found",
    "shared":   "listed ok ok ok ok - - - - - found",
    "platform": "listed ok ok ok ok - - - - - found",
    "log":      "listed 403 ok ok ok - - - - - -",  # login attempts: read and cleared, never written
}
KIND_OF = {
    "agencies.organization": "agency", "agencies.division": "owned", "agencies.membership": "owned",
    "measures.plan": "owned", "measures.theme": "owned", "measures.measure": "versions",
    "measures.progressround": "owned", "measures.reminderlog": "record", "measures.progressreport": "versions",
    "assessments.framework": "shared", "assessments.indicator": "shared", "assessments.item": "shared",
    "assessments.assessment": "scores", "auth.user": "platform", "auth.group": "platform",
    "axes.accessattempt": "platform", "axes.accesslog": "platform", "axes.accessfailurelog": "platform",
    "oit.workspace": "owned", "oit.workspaceitem": "versions", "oit.linkstatus": "checked",
}


def expected(model, visitor) -> dict:
    kind = KIND_OF[model._meta.label_lower]
    if visitor in ("anonymous", "staff", "executive"):  # not admin users: the login page, whatever the URL
        row = " ".join("-" if cell == "-" else "login" for cell in OWN[kind].split())
    elif visitor == "superuser":
        row = SUPERUSER["log" if model._meta.app_label == "axes" else kind]
        if model._meta.app_label != "axes" and kind == "platform":
            row = SUPERUSER["platform"]
    else:
        row = (OWN if visitor == "own_admin" else OTHER)[kind]
    cells = dict(zip(KINDS, row.split()))
    if autocomplete_source(model)[0] is None:  # nothing points to these rows: no autocomplete to ask
        cells["autocomplete"] = "-"
    return cells


def test_every_registered_model_is_in_the_matrix():
    assert {model._meta.label_lower for model in admin.site._registry} == set(KIND_OF)


# -- the rows ---------------------------------------------------------------------------------------

IMPORTS = {  # a small valid file for each model that imports, and what it imports into
    "measures.measure": (lambda rows: rows["plan"], "theme,number,title\n1,3,ชื่อมาตรการที่นำเข้า\n"),
    "measures.progressreport": (lambda rows: rows["round"],
                                "measure,division,status,percent,done\n1.3,สำนักปลัด,done,100,ครบทุกเรื่อง\n"),
    "assessments.assessment": (lambda rows: rows["assessment"], "code,score\nI1,95\n"),
    "oit.workspaceitem": (lambda rows: rows["workspace"],
                          "code,division,status,urls,note\nO1,สำนักปลัด,ready,https://www.po.go.th/o1,\n"),
}


@pytest.fixture
def rows(po, plan, six, submitted, palad, palad_measure, assessment_2567, people):
    framework = assessment_2567.framework
    login = AccessLog.objects.create(username="owner", ip_address="127.0.0.1", user_agent="test")
    load_framework_file(framework_file(2568))
    workspace = open_workspace(organization=po, year=2568)
    oit_item = workspace.items.get(item__code="O1")
    save_item(item=oit_item, change=ItemChange(status="in_progress", note="", urls=["https://www.po.go.th/o1"],
                                               division=palad, assign=True), by=people["admin"])
    return {
        "oit.workspace": workspace, "oit.workspaceitem": oit_item, "workspace": workspace,
        "oit.linkstatus": LinkStatus.objects.create(organization=po, url="https://www.po.go.th/o1", ok=False,
                                                    status_code=404, reason="404", checked_at=timezone.now()),
        "agencies.organization": po, "agencies.division": palad,
        "agencies.membership": people["owner"].memberships.get(),
        "measures.plan": plan, "measures.theme": palad_measure.theme, "measures.measure": palad_measure,
        "measures.progressround": six,
        "measures.reminderlog": ReminderLog.objects.create(division=palad, sent_on="2025-04-20", recipients="a@b.c"),
        "measures.progressreport": submitted,
        "assessments.framework": framework, "assessments.indicator": framework.indicators.order_by("number").first(),
        "assessments.item": framework.items.order_by("code").first(),
        "assessments.assessment": assessment_2567,
        "auth.user": people["owner"], "auth.group": agency_admin_group(),
        "axes.accessattempt": AccessAttempt.objects.create(username="owner", ip_address="127.0.0.1",
                                                          user_agent="test", failures_since_start=1),
        "axes.accesslog": login,
        "axes.accessfailurelog": AccessFailureLog.objects.create(username="owner", ip_address="127.0.0.1",
                                                                 user_agent="test", locked_out=False),
        "plan": plan, "round": six, "assessment": assessment_2567,
    }


@pytest.fixture
def visitors(people, db):
    grant_admin_access(people["admin"])
    grant_admin_access(people["outsider"])
    return {
        "anonymous": None, "staff": people["owner"], "executive": people["executive"],
        "own_admin": people["admin"], "other_admin": people["outsider"],
        "superuser": get_user_model().objects.create_superuser("root", "root@example.com", "pw"),
    }


# -- the visits -------------------------------------------------------------------------------------

def url(name, *args):
    try:
        return reverse(f"admin:{name}", args=args)
    except NoReverseMatch:
        return None


def outcome(response, *, row=None, kind="") -> str:
    if response.status_code == 302:
        location = response["Location"]
        if location.startswith(reverse("admin:login")):
            return "login"
        return "gone" if location == reverse("admin:index") else "done"
    if response.status_code != 200:
        return str(response.status_code)
    if response.get("Content-Disposition", "").startswith("attachment"):
        return "file"
    if kind == "changelist":
        return "listed" if row.pk in {obj.pk for obj in response.context["cl"].result_list} else "unlisted"
    if kind == "autocomplete":
        return "found" if str(row.pk) in response.found_ids else "none"
    if kind in ("confirm", "export", "revert"):
        return "form"
    return "ok"


def autocomplete_source(model):
    """A field of some model that points to `model`, as the autocomplete URL names it."""
    for source in apps.get_models():
        for field in source._meta.get_fields():
            if (field.many_to_many or field.many_to_one) and field.concrete and field.related_model is model:
                return source, field
    return None, None


def revert_data(model_label, row) -> dict:
    if model_label == "measures.measure":
        return {"theme": row.theme_id, "number": row.number, "title": row.title, "steps": row.steps,
                "divisions": [d.pk for d in row.divisions.all()], "start_month": row.start_month.isoformat(),
                "end_month": row.end_month.isoformat(), "follow_up": row.follow_up,
                "reports-TOTAL_FORMS": "0", "reports-INITIAL_FORMS": "0"}
    row.refresh_from_db()
    if model_label == "oit.workspaceitem":
        return {"division": row.division_id or "", "status": row.status, "note": row.note or "บันทึก",
                "links-TOTAL_FORMS": "0", "links-INITIAL_FORMS": "0",
                "files-TOTAL_FORMS": "0", "files-INITIAL_FORMS": "0"}
    return {"status": row.status, "percent": row.percent, "done": row.done or "ทำแล้ว", "result": "",
            "problems": "", "links": "", "submit": "on", "opened_version": row.version,
            "evidence-TOTAL_FORMS": "0", "evidence-INITIAL_FORMS": "0"}


def confirm_data(client, model, rows, user) -> dict:
    """Allowed users check a real file first; anyone else confirms a file stored and signed for them."""
    label, info = model._meta.label_lower, f"{model._meta.app_label}_{model._meta.model_name}"
    target, content = IMPORTS[label][0](rows), IMPORTS[label][1].encode()
    checked = None
    if user is not None and user.is_staff:
        upload = io.BytesIO(content)
        upload.name = "file.csv"
        checked = client.post(url(f"{info}_import"), {"target": target.pk, "resource": "0", "format": "1",
                                                        "import_file": upload})
    if checked is not None and "confirm_form" in (checked.context or {}):
        return checked.context["confirm_form"].initial
    cache.set(UploadCache.CACHE_PREFIX + "matrix", content, 60)
    token = signed_upload("matrix", user, target) if user is not None else "matrix"
    return {"target": target.pk, "import_file_name": token, "original_file_name": "file.csv", "format": "1",
            "resource": "0"}


def visit(client, model, row, rows, kind, user):
    info = f"{model._meta.app_label}_{model._meta.model_name}"
    label = model._meta.label_lower
    if kind == "changelist":
        return client.get(url(f"{info}_changelist"))
    if kind == "add":
        return client.get(url(f"{info}_add"))
    if kind in ("change", "delete", "history"):
        return client.get(url(f"{info}_{kind}", row.pk))
    if kind in ("history_detail", "revert"):
        if url(f"{info}_simple_history", row.pk, 1) is None:
            return None
        record = model.history.filter(**{model._meta.pk.attname: row.pk}).earliest("history_date")
        address = url(f"{info}_simple_history", row.pk, record.history_id)
        if kind == "history_detail":
            return client.get(address)
        return client.post(address, revert_data(label, row))
    if kind == "import":
        address = url(f"{info}_import")
        return client.get(address) if address else None
    if kind == "confirm":
        address = url(f"{info}_process_import")
        return client.post(address, confirm_data(client, model, rows, user)) if address else None
    if kind == "export":
        address = url(f"{info}_export")
        if address is None:
            return None
        return client.post(address, {"format": "1", "resource": "0", "export_items": [row.pk]})
    source, field = autocomplete_source(model)
    if source is None:
        return None
    query = {"app_label": source._meta.app_label, "model_name": source._meta.model_name, "field_name": field.name,
             "term": ""}
    response = client.get(reverse("admin:autocomplete"), query)
    response.found_ids = set()
    page = response
    while page.status_code == 200:  # the offered rows come a page at a time: read them all
        body = page.json()
        response.found_ids |= {result["id"] for result in body["results"]}
        if not body["pagination"]["more"]:
            break
        query["page"] = query.get("page", 1) + 1
        page = client.get(reverse("admin:autocomplete"), query)
    return response


CASES = [
    pytest.param(label, visitor, id=f"{label}-{visitor}")
    for label in sorted(KIND_OF) for visitor in VISITORS
]


@pytest.mark.parametrize("label, visitor", CASES)
def test_each_admin_url_gives_each_visitor_what_their_role_allows(client, rows, visitors, label, visitor):
    model = apps.get_model(label)
    row, user = rows[label], visitors[visitor]
    found = {}
    for kind in KINDS:
        if user is not None:
            client.force_login(user)
        response = visit(client, model, row, rows, kind, user)
        found[kind] = "-" if response is None else outcome(response, row=row, kind=kind)
    assert found == expected(model, visitor)


EDITS = {  # a change an agency's own admin may make on each row's page
    "agencies.organization": ("name", "องค์การบริหารส่วนตำบลปอ (แก้ไข)"),
    "agencies.division": ("name", "สำนักปลัด (แก้ไข)"),
    "agencies.membership": ("role", "executive"),
    "measures.plan": ("title", "มาตรการ (แก้ไข)"),
    "measures.theme": ("title", "ประเด็น (แก้ไข)"),
    "measures.measure": ("title", "มาตรการ (แก้ไข)"),
    "measures.progressround": ("due_on", "2025-05-15"),
    "measures.progressreport": ("result", "ผล (แก้ไข)"),
    "assessments.assessment": ("notes", "บันทึก (แก้ไข)"),
    "oit.workspaceitem": ("note", "บันทึก (แก้ไข)"),
}


def stored(model, pk) -> dict:
    row = model._default_manager.get(pk=pk)
    return {field.attname: getattr(row, field.attname) for field in model._meta.concrete_fields}


@pytest.mark.parametrize("label", sorted(EDITS))
def test_another_agencys_admin_cannot_post_the_change_its_own_admin_can(client, rows, visitors, label):
    model, row = apps.get_model(label), rows[label]
    info = f"{model._meta.app_label}_{model._meta.model_name}"
    field, value = EDITS[label]
    client.force_login(visitors["own_admin"])
    data = {**page_data(client.get(url(f"{info}_change", row.pk))), field: value}
    before = stored(model, row.pk)

    client.force_login(visitors["other_admin"])
    assert outcome(client.post(url(f"{info}_change", row.pk), data)) == "gone"
    deleted = client.post(url(f"{info}_delete", row.pk), {"post": "yes"})
    assert outcome(deleted) == ("403" if label == "agencies.organization" else "gone")
    action = client.post(url(f"{info}_changelist"), {"action": "delete_selected", "_selected_action": [row.pk],
                                                     "post": "yes"})
    assert action.status_code in (200, 302)  # 200: the agency admin has no delete action for agencies
    assert stored(model, row.pk) == before

    client.force_login(visitors["own_admin"])  # the same post, from the agency's own admin, is a real change
    assert outcome(client.post(url(f"{info}_change", row.pk), data)) == "done"
    assert str(stored(model, row.pk)[model._meta.get_field(field).attname]) == value


def test_another_agencys_admin_cannot_delete_the_agencys_reminders(client, rows, visitors):
    reminder = rows["measures.reminderlog"]
    client.force_login(visitors["other_admin"])
    client.post(url("measures_reminderlog_delete", reminder.pk), {"post": "yes"})
    client.post(url("measures_reminderlog_changelist"), {"action": "delete_selected",
                                                         "_selected_action": [reminder.pk], "post": "yes"})
    assert ReminderLog.objects.filter(pk=reminder.pk).exists()
