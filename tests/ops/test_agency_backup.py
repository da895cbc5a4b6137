from __future__ import annotations

import io
import json
import zipfile

import pytest
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.management import CommandError, call_command
from django.db import connection

from agencies.models import Organization
from measures.backup import agency_querysets
from measures.models import Evidence

from .conftest import EVIDENCE_BYTES


def natural(obj) -> tuple:
    """A row described without primary keys: its fields, and its parents described the same way. A plan's
    revision is left out: it is a cache token, and a restored plan gets a new one."""
    if obj is None:
        return ()
    values = []
    for field in obj._meta.concrete_fields:
        if field.primary_key or field.name in ("id", "revision"):
            continue
        if field.name == "file":  # stored under the agency's key, which changes; the file's name does not
            values.append(str(getattr(obj, field.attname)).rsplit("/", 1)[-1])
        elif field.is_relation:
            values.append(natural(getattr(obj, field.name)))
        else:
            values.append(getattr(obj, field.attname))
    return (obj._meta.label, *values)


def snapshot(slug: str) -> dict:
    organization = Organization.objects.get(slug=slug)
    rows = {qs.model._meta.label: sorted(map(repr, map(natural, qs))) for qs in agency_querysets(organization)}
    users = get_user_model().objects.filter(memberships__organization=organization).order_by("username")
    rows["users"] = [(natural(u), sorted(g.name for g in u.groups.all())) for u in users]
    return rows


def export(tmp_path, slug="po"):
    path = tmp_path / "backup.zip"
    call_command("export_agency", "--org", slug, "--output", str(path), stdout=io.StringIO())
    return path


@pytest.fixture
def wipe():
    """Empties the database inside the test's transaction; content types get new keys, so forget cached ones."""
    def flush():
        if connection.vendor == "postgresql":  # TRUNCATE refuses while deferred checks are pending
            with connection.cursor() as cursor:
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        call_command("flush", interactive=False, verbosity=0)
        ContentType.objects.clear_cache()
    yield flush
    ContentType.objects.clear_cache()


def test_it_restores_the_same_rows_and_files_into_an_empty_database(po_with_evidence, media, tmp_path, wipe):
    before = snapshot("po")
    assert len(before["measures.Evidence"]) == 1 and before["measures.HistoricalProgressReport"]
    path = export(tmp_path)
    for file in media.rglob("*"):
        file.unlink() if file.is_file() else None
    wipe()
    assert not Organization.objects.exists()

    call_command("import_agency", str(path), stdout=io.StringIO())

    assert snapshot("po") == before
    evidence = Evidence.objects.get()
    assert evidence.file.name.startswith(f"evidence/{evidence.report.division.organization_id}/")
    assert evidence.history.get().file == evidence.file.name
    with evidence.file.open("rb") as f:
        assert f.read() == EVIDENCE_BYTES


def test_it_restores_beside_other_agencies_reusing_existing_users_and_frameworks(
    po_with_evidence, other_org, people, tmp_path
):
    path = export(tmp_path)
    before = snapshot("po")
    Organization.objects.filter(slug="po").update(slug="po-old")
    call_command("import_agency", str(path), "--reuse-users", stdout=io.StringIO())
    after = snapshot("po")
    for label in ("measures.Measure", "measures.ProgressReport", "measures.Evidence", "assessments.ItemScore"):
        assert after[label] == before[label]
    assert get_user_model().objects.filter(username="owner").count() == 1
    assert Organization.objects.get(slug="po").assessments.get(year=2567).framework == (
        Organization.objects.get(slug="po-old").assessments.get(year=2567).framework
    )


def test_it_refuses_to_give_the_agencys_roles_to_existing_users_of_the_same_name(
    po_with_evidence, other_org, people, tmp_path
):
    path = export(tmp_path)
    Organization.objects.filter(slug="po").update(slug="po-old")
    memberships = get_user_model().objects.get(username="owner").memberships.count()
    with pytest.raises(CommandError, match="already exist in this database: .*owner.*--reuse-users"):
        call_command("import_agency", str(path), stdout=io.StringIO())
    assert not Organization.objects.filter(slug="po").exists()
    assert get_user_model().objects.get(username="owner").memberships.count() == memberships


def test_the_zip_holds_fixtures_and_files(po_with_evidence, tmp_path):
    with zipfile.ZipFile(export(tmp_path)) as archive:
        names = archive.namelist()
    assert {"manifest.json", "users.json", "frameworks.json", "agency.json"} <= set(names)
    assert [name for name in names if name.startswith("files/evidence/")]


def test_it_refuses_when_the_agency_exists(po_with_evidence, tmp_path):
    path = export(tmp_path)
    with pytest.raises(CommandError, match="already exists"):
        call_command("import_agency", str(path), stdout=io.StringIO())


def test_it_refuses_an_unknown_agency(db, tmp_path):
    with pytest.raises(CommandError, match="No agency"):
        call_command("export_agency", "--org", "nowhere", "--output", str(tmp_path / "x.zip"))


def test_it_refuses_a_file_that_is_not_a_backup(db, tmp_path):
    path = tmp_path / "not.zip"
    path.write_bytes(b"hello")
    with pytest.raises(CommandError, match="Nothing was restored"):
        call_command("import_agency", str(path))


def test_it_backs_up_a_synthetic_agency(generated, tmp_path, wipe):
    path = export(tmp_path, "load-00002")
    before = snapshot("load-00002")
    wipe()
    call_command("import_agency", str(path), stdout=io.StringIO())
    assert snapshot("load-00002") == before


def test_a_backup_written_before_agencies_had_their_own_app_still_restores(po_with_evidence, media, tmp_path, wipe):
    """Format 1 named organizations, divisions and memberships measures.*; they are agencies.* now."""
    before = snapshot("po")
    new = export(tmp_path)
    old = tmp_path / "format-1.zip"
    with zipfile.ZipFile(new) as source, zipfile.ZipFile(old, "w") as target:
        for name in source.namelist():
            data = source.read(name)
            if name == "manifest.json":
                data = data.replace(b'"format": 2', b'"format": 1')
            elif name == "users.json":  # format 1 carried the users' groups
                rows = json.loads(data)
                for row in rows:
                    row["fields"]["groups"] = [["platform-ops"]]
                group = {"model": "auth.group", "fields": {"name": "platform-ops", "permissions": []}}
                data = json.dumps([group, *rows]).encode()
            elif name == "agency.json":
                for model in (b"organization", b"division", b"membership"):
                    data = data.replace(b'"model": "agencies.' + model, b'"model": "measures.' + model)
            target.writestr(name, data)
    for file in media.rglob("*"):
        file.unlink() if file.is_file() else None
    wipe()
    call_command("import_agency", str(old), stdout=io.StringIO())
    assert snapshot("po") == before


def test_a_restore_never_makes_a_superuser_of_someone_the_rows_only_name(po_with_evidence, tmp_path, wipe):
    from measures.services import approve_round

    root = get_user_model().objects.create_superuser("root", "root@example.com", "pw-root")
    approve_round(round=po_with_evidence.plans.get(fiscal_year=2568).rounds.get(months=12), by=root)
    path = export(tmp_path)
    with zipfile.ZipFile(path) as archive:
        users = archive.read("users.json").decode()
    assert root.password not in users and '"is_superuser": true' not in users
    wipe()
    call_command("import_agency", str(path), stdout=io.StringIO())
    restored = get_user_model().objects.get(username="root")
    assert (restored.is_superuser, restored.is_staff, restored.has_usable_password()) == (False, False, False)
    assert get_user_model().objects.get(username="owner").has_usable_password()


def test_a_restore_gives_admin_access_only_by_role(po_with_evidence, people, tmp_path, wipe):
    from django.contrib.auth.models import Group, Permission

    owner = people["owner"]  # staff, made superuser and given powers on the source server
    owner.is_superuser = owner.is_staff = True
    owner.save()
    owner.user_permissions.add(Permission.objects.get(codename="change_user"))
    owner.groups.add(Group.objects.create(name="platform-ops"))
    path = export(tmp_path)
    wipe()
    call_command("import_agency", str(path), stdout=io.StringIO())
    restored = get_user_model().objects.get(username="owner")
    assert (restored.is_superuser, restored.is_staff) == (False, False)
    assert not restored.user_permissions.exists() and not restored.groups.exists()
    assert not Group.objects.filter(name="platform-ops").exists()
    admin = get_user_model().objects.get(username="admin")
    assert admin.is_staff and admin.has_perm("measures.change_progressreport")
