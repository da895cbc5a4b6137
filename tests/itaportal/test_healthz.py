import json
import logging
import os
import socket
import subprocess
import sys
import threading
from unittest import mock

from django.conf import settings
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


def test_it_answers_503_within_five_seconds_when_the_database_hangs(tmp_path):
    """A PostgreSQL "server" that accepts connections and never answers: the connect timeout ends the wait."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)
    held = []
    stop = threading.Event()

    def accept_and_hold():
        listener.settimeout(0.2)
        while not stop.is_set():
            try:
                held.append(listener.accept()[0])
            except OSError:
                continue

    thread = threading.Thread(target=accept_and_hold, daemon=True)
    thread.start()
    env = {**os.environ, "DATABASE_URL": f"postgres://postgres@127.0.0.1:{listener.getsockname()[1]}/hung",
           "DJANGO_SETTINGS_MODULE": "itaportal.settings", "SECRET_KEY": "x" * 50, "DEBUG": "0",
           "ALLOWED_HOSTS": "testserver", "SECURE_SSL_REDIRECT": "0"}
    script = ("import time, django; django.setup(); from django.test import Client; start = time.monotonic(); "
              "r = Client().get('/healthz'); print(r.status_code, round(time.monotonic() - start, 2))")
    try:
        result = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True,
                                timeout=30, cwd=settings.BASE_DIR)
    finally:
        stop.set()
        thread.join()
        for connection in held:
            connection.close()
        listener.close()
    status, seconds = result.stdout.split()[-2:]
    assert held, "the health check never reached the database"
    assert status == "503"
    assert float(seconds) < 5
