"""Production settings are safe by default: deploy checks, headers, login throttling."""
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION = {
    "DEBUG": "0",
    "SECRET_KEY": "a-production-secret-that-is-long-and-random-" + "x" * 40,
    "ALLOWED_HOSTS": "ita.example.go.th",
}


def test_check_deploy_is_clean_with_production_settings():
    env = {k: v for k, v in os.environ.items()
           if k not in ("DEBUG", "SECRET_KEY", "SECURE_SSL_REDIRECT") and not k.startswith("DJANGO_")}
    env.update(PRODUCTION)
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT, env=env, capture_output=True, text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_pages_carry_a_content_security_policy_and_refuse_framing(client, db):
    response = client.get("/accounts/login/")
    policy = response["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "script-src 'self'" in policy
    assert "frame-ancestors 'none'" in policy
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_https_responses_carry_hsts(client, db):
    response = client.get("/accounts/login/", secure=True)
    assert "max-age=31536000" in response["Strict-Transport-Security"]


def test_session_cookies_are_secure_and_http_only(settings):
    assert settings.SESSION_COOKIE_SECURE and settings.CSRF_COOKIE_SECURE
    assert settings.SESSION_COOKIE_HTTPONLY
    assert settings.SESSION_COOKIE_AGE == 8 * 60 * 60


@pytest.fixture
def account(db):
    return get_user_model().objects.create_user("somchai", password="correct-horse-battery")


def login(client, password):
    return client.post("/accounts/login/", {"username": "somchai", "password": password}, REMOTE_ADDR="10.0.0.7")


def test_five_wrong_passwords_lock_the_login_with_a_thai_message(client, account):
    for _ in range(4):
        assert login(client, "wrong").status_code == 200
    response = login(client, "wrong")
    assert response.status_code == 429
    assert "ระงับการเข้าสู่ระบบไว้ 30 นาที" in response.content.decode()
    # while locked, even the right password does not get in
    locked = login(client, "correct-horse-battery")
    assert locked.status_code == 429
    assert not locked.wsgi_request.user.is_authenticated


def test_a_successful_login_resets_the_failure_count(client, account):
    for _ in range(4):
        login(client, "wrong")
    assert login(client, "correct-horse-battery").status_code == 302
    client.logout()
    for _ in range(4):
        assert login(client, "wrong").status_code == 200


def test_weak_passwords_are_refused(db):
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        validate_password("12345678")
