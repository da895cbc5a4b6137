"""Import and export in Django admin: check, confirm, scoped to the user's agency, Thai throughout."""
import io
from decimal import Decimal

import openpyxl
import pytest
from django.contrib.admin.models import LogEntry
from django.urls import reverse

from assessments.models import Assessment, ItemScore
from measures.models import Plan, ProgressReport
from tests.importexport.helpers import score_snapshot

CSV, XLSX = "1", "0"  # positions of the formats in the admin's list


def url(name, **query):
    path = reverse(f"admin:{name}")
    return path + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def upload(client, name, target, content: bytes, fmt=CSV, filename="file.csv"):
    data = {"target": target, "resource": "0", "format": fmt, "import_file": io.BytesIO(content)}
    data["import_file"].name = filename
    return client.post(url(f"{name}_import"), data)


def confirm(client, name, response):
    return client.post(url(f"{name}_process_import"), response.context["confirm_form"].initial)


@pytest.fixture
def other_assessment(po, other_org):
    framework = po.assessments.get(year=2567).framework
    return Assessment.objects.create(organization=other_org, year=2567, framework=framework)


def test_the_import_page_offers_only_the_users_assessments_and_thai_templates(client, agency_admin, other_assessment):
    client.force_login(agency_admin)

    response = client.get(url("assessments_assessment_import"))

    assert response.status_code == 200
    choices = list(response.context["form"].fields["target"].queryset)
    assert {a.organization.slug for a in choices} == {"po"}
    page = response.content.decode()
    assert "นำเข้าจากไฟล์ตาราง" in page
    assert "คะแนน (score)" in page
    assert "ITA 2567 (XLSX)" in page


def test_a_superuser_checks_a_file_then_confirms_it(client, superuser, assessment_2567):
    client.force_login(superuser)

    checked = upload(client, "assessments_assessment", assessment_2567.pk, "code,score\nI1,๙๕\n".encode())

    assert checked.status_code == 200
    assert "confirm_form" in checked.context
    assert [str(change) for change in checked.context["result"].changes] == ["I1: score: 93.81 → 95.00"]
    assert ItemScore.objects.get(assessment=assessment_2567, item__code="I1").score == Decimal("93.81")

    done = confirm(client, "assessments_assessment", checked)

    assert done.status_code == 302 and done.url == url("assessments_assessment_changelist")
    assert ItemScore.objects.get(assessment=assessment_2567, item__code="I1").score == 95
    entry = LogEntry.objects.get(object_id=str(assessment_2567.pk))
    assert "ใหม่ 0 แก้ไข 1" in entry.change_message


def test_an_agency_admin_imports_an_xlsx_into_their_assessment(client, agency_admin, assessment_2567):
    workbook = openpyxl.Workbook()
    workbook.active.append(["รหัส (code)", "คะแนน (score)"])
    workbook.active.append(["O17", "ผ่าน"])
    data = io.BytesIO()
    workbook.save(data)
    client.force_login(agency_admin)

    checked = upload(client, "assessments_assessment", assessment_2567.pk, data.getvalue(), XLSX, "scores.xlsx")
    confirm(client, "assessments_assessment", checked)

    assert ItemScore.objects.get(assessment=assessment_2567, item__code="O17").score == 100


def test_a_bad_file_lists_every_problem_in_thai_and_cannot_be_confirmed(client, agency_admin, assessment_2567):
    before = score_snapshot(assessment_2567)
    client.force_login(agency_admin)

    content = b"code,score\nI1,120\nI2,95\nQ9,1\n"

    response = upload(client, "assessments_assessment", assessment_2567.pk, content)

    page = response.content.decode()
    assert "confirm_form" not in response.context
    assert "ไม่ได้นำเข้าข้อมูลใด แก้ไขแถวเหล่านี้แล้วตรวจสอบไฟล์อีกครั้ง" in page
    assert [(p.row, p.column, p.value) for p in response.context["result"].problems] == [
        (2, "score", "120"), (4, "code", "Q9")]
    assert "คะแนนต้องอยู่ระหว่าง 0 ถึง 100" in page
    assert score_snapshot(assessment_2567) == before


def test_an_agency_admin_cannot_pick_another_agencys_assessment(client, agency_admin, other_assessment):
    client.force_login(agency_admin)

    response = upload(client, "assessments_assessment", other_assessment.pk, b"code,score\nOVERALL,50\n")

    assert response.status_code == 200
    assert response.context["form"].errors["target"]
    other_assessment.refresh_from_db()
    assert other_assessment.overall is None


def test_a_confirm_step_forged_for_another_agency_is_refused(client, outsider_admin, assessment_2567, other_assessment):
    client.force_login(outsider_admin)
    checked = upload(client, "assessments_assessment", other_assessment.pk, b"code,score\nOVERALL,50\n")
    forged = dict(checked.context["confirm_form"].initial, target=assessment_2567.pk)

    response = client.post(url("assessments_assessment_process_import"), forged)

    assert response.status_code == 200
    assert response.context["confirm_form"].errors["target"]
    assessment_2567.refresh_from_db()
    assert assessment_2567.overall == Decimal("92.40")


def test_staff_without_permissions_cannot_import(client, people, assessment_2567):
    user = people["executive"]
    user.is_staff = True
    user.save()
    client.force_login(user)

    assert client.get(url("assessments_assessment_import")).status_code == 403


def test_the_blank_scores_template_has_thai_headers_every_code_and_an_explanation(client, agency_admin,
                                                                                  assessment_2567):
    client.force_login(agency_admin)

    response = client.get(url("assessments_assessment_import_template", framework=assessment_2567.framework_id,
                              format="xlsx"))

    assert response.status_code == 200
    assert 'filename="scores-2567-template.xlsx"' in response["Content-Disposition"]
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    data, notes = book.worksheets
    assert [cell.value for cell in data[1]] == ["รหัส (code)", "คะแนน (score)", "ลิงก์หลักฐาน (evidence_url)",
                                                "ชื่อ (name)"]
    first_codes = [row[0] for row in data.iter_rows(min_row=2, max_row=5, values_only=True)]
    assert first_codes == ["OVERALL", "IIT", "EIT", "OIT"]
    assert data.max_row == 1 + 73 + 7  # the 73 reported figures and the 7 sub-indicators
    assert notes.title == "คำอธิบาย"
    explained = " ".join(str(cell) for row in notes.iter_rows(values_only=True) for cell in row if cell)
    assert "SUB9.1" in explained and "ผ่าน" in explained


def test_the_blank_measures_template_is_a_csv_excel_opens_in_thai(client, agency_admin):
    client.force_login(agency_admin)

    response = client.get(url("measures_measure_import_template", format="csv"))

    assert response.content.startswith("\ufeffประเด็น (theme),".encode())


def test_an_export_of_one_assessment_is_a_scores_file(client, agency_admin, assessment_2567):
    client.force_login(agency_admin)

    response = client.post(url("assessments_assessment_export"),
                           {"format": CSV, "resource": "0", "export_items": [assessment_2567.pk]})

    assert response.status_code == 200
    assert 'filename="po-ita2567-scores.csv"' in response["Content-Disposition"]
    assert response.content.startswith(b"\xef\xbb\xbfcode,score,evidence_url,name\r\nOVERALL,92.40,")


def test_an_agency_admin_cannot_export_another_agencys_scores(client, agency_admin, other_assessment):
    client.force_login(agency_admin)

    response = client.post(url("assessments_assessment_export"),
                           {"format": CSV, "resource": "0", "export_items": [other_assessment.pk]})

    assert response["Content-Type"].startswith("text/html")
    assert response.context["form"].errors["export_items"]


def test_an_export_of_several_assessments_asks_for_one(client, agency_admin, assessment_2567):
    client.force_login(agency_admin)

    response = client.post(url("assessments_assessment_export"), {"format": CSV, "resource": "0"})

    assert response.status_code == 200
    assert "เลือกผลการประเมินเพียงรายการเดียว" in response.content.decode()


def test_an_agency_admin_imports_measures_into_their_plan(client, agency_admin, plan):
    client.force_login(agency_admin)
    content = "theme,number,title\n1,1,การประชุมพนักงานประจำเดือน\n".encode()

    checked = upload(client, "measures_measure", plan.pk, content)
    confirm(client, "measures_measure", checked)

    assert plan.measures.get(theme__number=1, number=1).title == "การประชุมพนักงานประจำเดือน"


def test_another_agencys_admin_does_not_see_the_plan(client, outsider_admin, plan):
    client.force_login(outsider_admin)

    response = client.get(url("measures_measure_import"))

    assert plan not in response.context["form"].fields["target"].queryset


def test_an_agency_admin_imports_progress_into_a_round(client, agency_admin, six_months):
    client.force_login(agency_admin)
    content = "measure,division,status,percent,done\n1.3,สำนักปลัด,ดำเนินการแล้ว,100,ตอบครบทุกเรื่อง\n".encode()

    checked = upload(client, "measures_progressreport", six_months.pk, content)
    confirm(client, "measures_progressreport", checked)

    filed = ProgressReport.objects.get(round=six_months, measure__theme__number=1, measure__number=3)
    assert (filed.status, filed.reported_by) == ("done", agency_admin)


def test_the_roll_over_action_starts_next_years_plan(client, agency_admin, plan):
    client.force_login(agency_admin)

    response = client.post(url("measures_plan_changelist"), {"action": "rollover", "_selected_action": [plan.pk]},
                           follow=True)

    new = Plan.objects.get(organization=plan.organization, fiscal_year=2569)
    assert new.measures.count() == 17
    page = response.content.decode()
    assert "เริ่มแผน อบต.ปอ 2569 จาก อบต.ปอ 2568 แล้ว: 17 มาตรการ สถานะร่าง" in page
    assert "ยังไม่มีผลการประเมิน ITA 2568" in page


def test_the_roll_over_action_refuses_an_existing_plan(client, agency_admin, plan):
    client.force_login(agency_admin)
    client.post(url("measures_plan_changelist"), {"action": "rollover", "_selected_action": [plan.pk]})

    response = client.post(url("measures_plan_changelist"), {"action": "rollover", "_selected_action": [plan.pk]},
                           follow=True)

    assert "มีแผนของปีงบประมาณ 2569 แล้ว" in response.content.decode()
    assert Plan.objects.filter(organization=plan.organization, fiscal_year=2569).count() == 1


def test_another_agencys_admin_cannot_roll_over_the_plan(client, outsider_admin, plan):
    client.force_login(outsider_admin)

    client.post(url("measures_plan_changelist"), {"action": "rollover", "_selected_action": [plan.pk]})

    assert not Plan.objects.filter(fiscal_year=2569).exists()
