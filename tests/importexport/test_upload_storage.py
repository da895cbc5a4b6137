"""Between the check and the confirm step the upload waits in the shared cache under a name the server
chose, signed for the person who uploaded it; the confirm step removes it, and trusts no file name."""
from __future__ import annotations

import tempfile
from decimal import Decimal
from pathlib import Path

from django.core import signing
from django.core.cache import cache

from assessments.models import ItemScore
from itaportal.spreadsheets.admin import UploadCache, signed_upload
from tests.importexport.test_admin import confirm, upload, url

CONTENT = "code,score\nI1,95\n".encode()


def score(assessment):
    return ItemScore.objects.get(assessment=assessment, item__code="I1").score


def test_the_upload_waits_in_the_cache_under_a_signed_server_chosen_name(client, agency_admin, assessment_2567):
    client.force_login(agency_admin)
    checked = upload(client, "assessments_assessment", assessment_2567.pk, CONTENT)
    token = checked.context["confirm_form"].initial["import_file_name"]
    name = signing.loads(token, salt="itaportal.spreadsheets.upload")["name"]
    assert cache.get(UploadCache.CACHE_PREFIX + name) == CONTENT
    assert not (Path(tempfile.gettempdir()) / name).exists()

    assert confirm(client, "assessments_assessment", checked).status_code == 302
    assert score(assessment_2567) == 95
    assert cache.get(UploadCache.CACHE_PREFIX + name) is None  # removed by the confirm step


def test_a_confirm_naming_a_file_of_the_server_deletes_nothing_and_imports_nothing(
    client, agency_admin, assessment_2567
):
    victim = tempfile.NamedTemporaryFile(delete=False)
    victim.write(CONTENT)
    victim.close()
    client.force_login(agency_admin)
    checked = upload(client, "assessments_assessment", assessment_2567.pk, CONTENT)
    data = {**checked.context["confirm_form"].initial, "import_file_name": Path(victim.name).name}

    response = client.post(url("assessments_assessment_process_import"), data)

    assert response.status_code == 200
    assert "อัปโหลดไฟล์อีกครั้ง" in response.content.decode()
    assert Path(victim.name).exists()
    assert score(assessment_2567) == Decimal("93.81")
    Path(victim.name).unlink()


def test_another_person_cannot_confirm_someone_elses_upload(client, agency_admin, superuser, assessment_2567):
    client.force_login(agency_admin)
    checked = upload(client, "assessments_assessment", assessment_2567.pk, CONTENT)
    client.force_login(superuser)
    response = confirm(client, "assessments_assessment", checked)
    assert response.status_code == 200
    assert score(assessment_2567) == Decimal("93.81")


def test_an_expired_upload_asks_for_the_file_again_instead_of_failing(client, agency_admin, assessment_2567):
    client.force_login(agency_admin)
    checked = upload(client, "assessments_assessment", assessment_2567.pk, CONTENT)
    cache.clear()  # what an hour, or a cache restart, does
    response = confirm(client, "assessments_assessment", checked)
    assert response.status_code == 200
    assert "อัปโหลดไฟล์อีกครั้ง" in response.content.decode()
    assert score(assessment_2567) == Decimal("93.81")


def test_a_confirm_for_a_target_outside_the_agency_imports_nothing(
    client, agency_admin, outsider_admin, assessment_2567
):
    client.force_login(outsider_admin)
    checked_elsewhere = upload(client, "assessments_assessment", assessment_2567.pk, CONTENT)
    assert "confirm_form" not in checked_elsewhere.context  # the target is not theirs to choose
    cache.set(UploadCache.CACHE_PREFIX + "theirs", CONTENT, 60)  # an upload of their own, signed for them
    response = client.post(url("assessments_assessment_process_import"), {
        "target": assessment_2567.pk, "import_file_name": signed_upload("theirs", outsider_admin, assessment_2567),
        "original_file_name": "file.csv", "format": "1", "resource": "0"})
    assert response.status_code == 200 and response.context["confirm_form"].errors["target"]
    assert score(assessment_2567) == Decimal("93.81")


def test_an_upload_is_confirmed_only_into_what_it_was_checked_against(client, agency_admin, six_months, plan):
    client.force_login(agency_admin)
    content = "measure,division,status,percent,done\n1.3,สำนักปลัด,done,100,ครบ\n".encode()
    checked = upload(client, "measures_progressreport", six_months.pk, content)
    year_end = plan.rounds.get(months=12)
    data = {**checked.context["confirm_form"].initial, "target": year_end.pk}
    response = client.post(url("measures_progressreport_process_import"), data)
    assert response.status_code == 200
    assert not year_end.reports.exists()
