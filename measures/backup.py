"""Backup and restore of one agency, whatever the database: a zip of JSON fixtures plus the evidence files.

The zip holds
  manifest.json    format, agency slug, row counts, file names
  users.json       the agency's members and every other user its rows name (natural keys); no groups or
                   permissions: a restore gives admin access only to the agency's admins, by their role
  frameworks.json  the ITA frameworks its assessments use
  agency.json      the agency's rows, parents before children, then their edit history
  files/<name>     each evidence file, under its storage name

Primary keys are not kept: on restore every row gets a new key and the references between rows are
rewritten, so the backup loads into a database that already holds other agencies. Users are matched by
username and frameworks by year and agency kind: existing ones are reused, not overwritten. History of
rows that no longer exist (deleted reports, removed files) is not carried over.
"""
from __future__ import annotations

import datetime
import json
import os
import subprocess
import zipfile
from pathlib import PurePosixPath

from django.apps import apps
from django.contrib.auth import get_user_model
from django.core import serializers
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction
from django.db.models.fields.files import FileDescriptor

from agencies.models import Membership, Organization, Role
from agencies.roles import grant_admin_access
from assessments.models import Band, Framework, Indicator, Item, SubIndicator, Tool
from itaportal.tenancy import owned_by, owned_models
from measures.models import Measure

FORMAT = 2  # 2: organizations, divisions and memberships are agencies.*; format 1 named them measures.*
MOVED = [f'"model": "measures.{name}"' for name in ("organization", "division", "membership")]
FRAMEWORK_MODELS = [Framework, Band, Tool, Indicator, SubIndicator, Item]
# How an existing framework part is recognised in the target database.
FRAMEWORK_KEYS = {
    Framework: ("year", "agency_kind"), Band: ("framework_id", "code"), Tool: ("framework_id", "code"),
    Indicator: ("framework_id", "number"), SubIndicator: ("indicator_id", "code"), Item: ("framework_id", "code"),
}


def parents_first(models_: list) -> list:
    """The models ordered so that each comes after the models its foreign keys point to."""
    ordered, left = [], list(models_)
    while left:
        ready = next(m for m in left if not any(
            f.related_model in left and f.related_model is not m for f in m._meta.concrete_fields if f.is_relation))
        ordered.append(ready)
        left.remove(ready)
    return ordered


def history_querysets(live: models.QuerySet) -> list[models.QuerySet]:
    """The edit history of the rows of `live`, with the history of their many-to-many fields."""
    if not hasattr(live.model, "history"):
        return []
    records = live.model.history.model.objects.filter(id__in=live.values("pk"))
    relations = [
        model.objects.filter(history__in=records) for model in apps.get_models()
        if hasattr(model, "instance_type") and any(
            f.name == "history" and f.related_model is records.model for f in model._meta.concrete_fields)
    ]
    return [records, *relations]


def agency_querysets(organization: Organization) -> list[models.QuerySet]:
    """The agency's rows, parents before children, then their history; read off the models' tenancy."""
    agency = Organization.objects.filter(pk=organization.pk)
    rows = [owned_by(model.objects.all(), agency) for model in parents_first(owned_models())]
    history = [records for queryset in rows for records in history_querysets(queryset)]
    return [qs.order_by("pk") for qs in rows + history]


def referenced_users(querysets) -> set[int]:
    User = get_user_model()
    ids = set()
    for queryset in querysets:
        for field in queryset.model._meta.concrete_fields:
            if field.is_relation and field.related_model is User:
                ids.update(i for i in queryset.values_list(field.attname, flat=True) if i is not None)
    return ids


class ExactJSONEncoder(DjangoJSONEncoder):
    """Django's encoder cuts times to milliseconds; a restore must give back the same timestamps."""

    def default(self, o):
        if isinstance(o, (datetime.datetime, datetime.time)):
            return o.isoformat()
        return super().default(o)


def dump(objects, *, natural_primary_keys: bool = False, fields=None) -> str:
    return serializers.serialize(
        "json", objects, indent=1, cls=ExactJSONEncoder, use_natural_foreign_keys=True,
        use_natural_primary_keys=natural_primary_keys, fields=fields,
    )


def export_agency(organization: Organization, path) -> dict:
    """Writes the agency's backup to `path`; returns the manifest."""
    querysets = agency_querysets(organization)
    User = get_user_model()
    members = set(Membership.objects.filter(organization=organization).values_list("user_id", flat=True))
    users = list(User.objects.filter(pk__in=members | referenced_users(querysets)).order_by("username"))
    for user in users:
        # Others only named by the agency's rows (a platform superuser who approved a round) travel as names.
        limit_restored_user(user, member=user.pk in members)
    frameworks = used_frameworks(querysets)
    framework_rows = [
        model.objects.filter(**{"pk__in" if model is Framework else (
            "indicator__framework__in" if model is SubIndicator else "framework__in"): frameworks}).order_by("pk")
        for model in FRAMEWORK_MODELS
    ]
    stored = [row.file.name for qs in querysets if qs.model in file_models() for row in qs if row.file]
    manifest = {
        "format": FORMAT,
        "organization": organization.slug,
        "counts": {qs.model._meta.label: qs.count() for qs in querysets},
        "users": len(users),
        "files": stored,
    }
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("manifest.json", json.dumps(manifest, ensure_ascii=False, indent=1))
        # Without their groups and permissions (not concrete fields): those belong to the server they were on.
        user_fields = [field.name for field in User._meta.concrete_fields if not field.primary_key]
        archive.writestr("users.json", dump(users, natural_primary_keys=True, fields=user_fields))
        archive.writestr("frameworks.json", dump(row for qs in framework_rows for row in qs))
        archive.writestr("agency.json", dump(row for qs in querysets for row in qs))
        for name in stored:
            with default_storage.open(name, "rb") as f:
                archive.writestr(f"files/{name}", f.read())
    return manifest


# How a row of each framework model reaches its framework.
FRAMEWORK_OF = {Framework: "pk", Band: "framework_id", Tool: "framework_id", Indicator: "framework_id",
                Item: "framework_id", SubIndicator: "indicator__framework_id"}


def used_frameworks(querysets) -> models.QuerySet:
    """Every framework the agency's rows point into (its assessments, its plans' items, its OIT workspaces)."""
    ids = set()
    for qs in querysets:
        for field in qs.model._meta.concrete_fields:
            path = FRAMEWORK_OF.get(field.related_model) if field.is_relation else None
            if path:
                rows = field.related_model.objects.filter(pk__in=qs.values(field.attname))
                ids |= set(rows.values_list(path, flat=True))
    return Framework.objects.filter(pk__in=ids)


def limit_restored_user(user, *, member: bool) -> None:
    """A backup never makes a superuser or gives admin access (the agency's admins get theirs from their
    role after the restore); a user who is not one of the agency's members comes back with no password."""
    user.is_superuser = False
    user.is_staff = False
    if not member:
        user.set_unusable_password()


def member_names(archive: zipfile.ZipFile) -> set[str]:
    """The usernames of the agency's members, from its membership rows (the user is a natural key)."""
    rows = json.loads(archive.read("agency.json"))
    return {row["fields"]["user"][0] for row in rows if row["model"].endswith(".membership")}


class RestoreError(Exception):
    pass


def deserialize(archive: zipfile.ZipFile, name: str):
    text = archive.read(name).decode("utf-8")
    for old in MOVED:  # a backup of format 1
        text = text.replace(old, old.replace("measures.", "agencies."))
    # A format-1 backup names its users' groups, which are not restored: leave those unresolved.
    return serializers.deserialize("json", text, ignorenonexistent=True,
                                   handle_forward_references=name == "users.json")


@transaction.atomic
def import_agency(path, *, reuse_users: bool = False) -> Organization:
    """Restores a backup written by export_agency; refuses if the agency's slug is taken, and, unless
    `reuse_users`, if any of its users' names is taken: its memberships would go to someone else."""
    with zipfile.ZipFile(path) as archive:
        manifest = json.loads(archive.read("manifest.json"))
        if manifest.get("format") not in (1, FORMAT):
            raise RestoreError(f"Unknown backup format {manifest.get('format')!r}; expected {FORMAT}.")
        if Organization.objects.filter(slug=manifest["organization"]).exists():
            raise RestoreError(
                f"An agency with slug {manifest['organization']!r} already exists; nothing was restored."
            )
        User = get_user_model()
        names = [row["fields"][User.USERNAME_FIELD] for row in json.loads(archive.read("users.json"))
                 if row["model"] == User._meta.label_lower]
        taken = sorted(User.objects.filter(**{f"{User.USERNAME_FIELD}__in": names}).values_list(
            User.USERNAME_FIELD, flat=True))
        if taken and not reuse_users:
            raise RestoreError(
                f"These users already exist in this database: {', '.join(taken)}. Nothing was restored. "
                "Rename them, or restore with --reuse-users to give the agency's roles to these existing accounts."
            )
        members, created = member_names(archive), []
        for found in deserialize(archive, "users.json"):
            # Existing users (matched by natural key) are kept as they are; a backup's groups (format 1) are
            # not restored: they would carry permissions, or join a group of the same name here.
            if found.object.pk is not None or not isinstance(found.object, User):
                continue
            limit_restored_user(found.object, member=found.object.get_username() in members)
            found.m2m_data = {}
            found.save()
            created.append(found.object.pk)
        mapping: dict[tuple[str, int], int] = {}
        for found in deserialize(archive, "frameworks.json"):
            restore_framework_row(found, mapping)
        files: dict[str, str] = {}
        for found in deserialize(archive, "agency.json"):
            restore_row(found, mapping, archive, files)
        organization = Organization.objects.get(slug=manifest["organization"])
        for membership in organization.memberships.filter(role=Role.ADMIN, user__in=created).select_related("user"):
            grant_admin_access(membership.user)
    return organization


def key(model, pk) -> tuple[str, int]:
    return (model._meta.label_lower, int(pk))


def remap(obj: models.Model, mapping) -> None:
    User = get_user_model()
    for field in obj._meta.concrete_fields:
        if not field.is_relation or field.related_model is User:
            continue  # users are resolved by username on reading
        old = getattr(obj, field.attname)
        if old is None:
            continue
        new = mapping.get(key(field.related_model, old))
        if new is None:
            if not field.null:
                raise RestoreError(f"{obj._meta.label} refers to {field.related_model._meta.label} {old}, "
                                   "which is not in the backup.")
        setattr(obj, field.attname, new)


def restore_framework_row(found, mapping) -> None:
    obj = found.object
    old_pk = obj.pk
    remap(obj, mapping)
    lookup = {name: getattr(obj, name) for name in FRAMEWORK_KEYS[type(obj)]}
    existing = type(obj).objects.filter(**lookup).values_list("pk", flat=True).first()
    if existing is None:
        obj.pk = None
        found.save()
        existing = obj.pk
    mapping[key(type(obj), old_pk)] = existing


def restore_row(found, mapping, archive, files) -> None:
    obj = found.object
    model = type(obj)
    old_pk = obj.pk
    remap(obj, mapping)
    instance_type = getattr(model, "instance_type", None)
    if instance_type is not None:  # a history row: `id` is the key of the row it records
        obj.id = mapping.get(key(instance_type, obj.id), obj.id)
    elif model._meta.model_name == "historicalmeasure_divisions":
        through = Measure.divisions.through.objects.filter(measure_id=obj.measure_id, division_id=obj.division_id)
        obj.id = through.values_list("pk", flat=True).first() or obj.id
    if model in file_models():
        obj.file.name = restore_file(obj.file.name, archive, files, mapping)
    elif instance_type in file_models():  # the history keeps the file name as text
        obj.file = restore_file(obj.file, archive, files, mapping)
    obj.pk = None
    m2m, found.m2m_data = found.m2m_data or {}, {}
    found.save()
    mapping[key(model, old_pk)] = obj.pk
    for name, pks in m2m.items():
        # Through rows directly: setting the relation would add change records to the restored history.
        field = model._meta.get_field(name)
        through = field.remote_field.through
        source, target = field.m2m_field_name() + "_id", field.m2m_reverse_field_name() + "_id"
        through.objects.bulk_create([
            through(**{source: obj.pk, target: mapping[key(field.related_model, pk)]}) for pk in pks
        ])


def file_models() -> list:
    """The agency's models that keep an uploaded file in a field named `file` (progress and OIT evidence)."""
    return [model for model in owned_models() if isinstance(getattr(model, "file", None), FileDescriptor)]


def restore_file(old: str, archive, files: dict[str, str], mapping) -> str:
    """Files are stored as <kind>/<agency id>/<random name>; the agency's id changes on restore, the rest is kept."""
    if old in files:
        return files[old]
    member = f"files/{old}"
    if member not in archive.namelist():
        files[old] = old  # a history row of a file that is gone
        return old
    kind, old_id, _ = old.split("/", 2)
    name = f"{kind}/{mapping[key(Organization, int(old_id))]}/{PurePosixPath(old).name}"
    files[old] = default_storage.save(name, ContentFile(archive.read(member)))
    return files[old]



def pg_args(db: dict) -> tuple[list[str], dict]:
    """Connection options for the PostgreSQL client tools, from a Django DATABASES entry."""
    args = [f"--{option}={db[name]}" for option, name in (("host", "HOST"), ("port", "PORT"), ("username", "USER"))
            if db.get(name)]
    env = {**os.environ, **({"PGPASSWORD": db["PASSWORD"]} if db.get("PASSWORD") else {})}
    return args, env


def pg_dump(db: dict, path) -> None:
    """The whole database in pg_dump's custom format (compressed, restorable table by table)."""
    args, env = pg_args(db)
    subprocess.run(["pg_dump", "-Fc", "--no-owner", "-f", str(path), *args, db["NAME"]], check=True, env=env)


def pg_restore(db: dict, path, *, name: str | None = None) -> None:
    """Replaces the tables of database `name` (default: the configured one) with those of the dump."""
    args, env = pg_args(db)
    subprocess.run(["pg_restore", "--clean", "--if-exists", "--no-owner", "--single-transaction",
                    "-d", name or db["NAME"], *args, str(path)], check=True, env=env)
