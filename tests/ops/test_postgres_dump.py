"""The whole-database path on PostgreSQL: pg_dump -Fc, then pg_restore --clean --if-exists into a scratch database."""
from __future__ import annotations

import os
import subprocess

import pytest
from django.db import connection

from measures.backup import pg_args, pg_dump, pg_restore

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="pg_dump/pg_restore need DATABASE_URL to point at PostgreSQL"
)
TABLES = ["measures_organization", "measures_measure", "measures_progressreport", "assessments_itemscore",
          "measures_historicalmeasure", "auth_user"]


def psql(db: dict, name: str, sql: str) -> str:
    args, env = pg_args(db)
    return subprocess.run(["psql", "-XAtq", *args, "-d", name, "-c", sql], check=True, env=env,
                          capture_output=True, text=True).stdout.strip()


def counts(db: dict, name: str) -> dict[str, str]:
    return {table: psql(db, name, f"SELECT count(*) FROM {table}") for table in TABLES}


@pytest.fixture
def scratch():
    db = connection.settings_dict
    name = f"{db['NAME']}_restore_{os.getpid()}"
    psql(db, "postgres", f'CREATE DATABASE "{name}"')
    yield name
    psql(db, "postgres", f'DROP DATABASE IF EXISTS "{name}"')


@pytest.mark.django_db(transaction=True)
def test_a_dump_restores_into_another_database_twice(po, people, tmp_path, scratch):
    db = connection.settings_dict
    path = tmp_path / "itaportal.dump"
    pg_dump(db, path)
    pg_restore(db, path, name=scratch)
    pg_restore(db, path, name=scratch)  # --clean --if-exists: a second restore replaces, it does not add
    expected = counts(db, db["NAME"])
    assert expected["measures_measure"] == "17"
    assert counts(db, scratch) == expected
