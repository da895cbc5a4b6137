import json
import logging
from unittest import mock

from django.db import OperationalError

from itaportal.logformat import JsonFormatter


def test_it_answers_ok_when_the_database_answers(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


def test_it_answers_503_when_the_database_does_not(client, db):
    with mock.patch("itaportal.views.connection.cursor", side_effect=OperationalError("down")):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"] == "unreachable"


def test_it_needs_no_login_and_is_not_cached(client, db):
    response = client.get("/healthz")
    assert "no-cache" in response["Cache-Control"]


def test_each_request_is_logged_as_one_json_line(client, db, caplog):
    with caplog.at_level(logging.INFO, logger="itaportal.requests"):
        client.get("/healthz")
    record = next(r for r in caplog.records if r.name == "itaportal.requests")
    line = json.loads(JsonFormatter().format(record))
    assert line["path"] == "/healthz"
    assert line["status"] == 200
    assert line["method"] == "GET"
    assert line["duration_ms"] >= 0
    assert line["user_id"] is None
