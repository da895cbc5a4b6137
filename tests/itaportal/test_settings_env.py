"""Settings come from the environment and fail loudly on bad values."""
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from itaportal import env

ROOT = Path(__file__).resolve().parents[2]


def settings_in(environment: dict) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if k not in ("SECRET_KEY", "DEBUG", "DATABASE_URL")}
    clean.update(environment)
    code = "import itaportal.settings as s; print(s.DEBUG, s.DATABASES['default']['ENGINE'], s.LANGUAGE_CODE)"
    return subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=clean, capture_output=True, text=True)


def test_production_settings_need_a_secret_key():
    result = settings_in({"DEBUG": "0"})
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_debug_runs_on_sqlite_in_thai_without_configuration():
    result = settings_in({"DEBUG": "1"})
    assert result.stdout.split() == ["True", "django.db.backends.sqlite3", "th"]


def test_database_url_selects_postgresql():
    result = settings_in({"SECRET_KEY": "x", "DATABASE_URL": "postgres://u@127.0.0.1:5432/ita"})
    assert result.stdout.split() == ["False", "django.db.backends.postgresql", "th"]


def test_a_bad_boolean_fails_loudly(monkeypatch):
    monkeypatch.setenv("DEBUG", "maybe")
    with pytest.raises(ImproperlyConfigured, match="DEBUG must be one of"):
        env.env_bool("DEBUG")


def test_a_bad_number_fails_loudly(monkeypatch):
    monkeypatch.setenv("SESSION_COOKIE_AGE", "eight hours")
    with pytest.raises(ImproperlyConfigured, match="whole number"):
        env.env_int("SESSION_COOKIE_AGE", 1)


def test_lists_are_comma_separated(monkeypatch):
    monkeypatch.setenv("ALLOWED_HOSTS", "ita.example.go.th, www.ita.example.go.th ,")
    assert env.env_list("ALLOWED_HOSTS", []) == ["ita.example.go.th", "www.ita.example.go.th"]


def test_cache_dir_selects_a_shared_file_cache(tmp_path):
    clean = {k: v for k, v in os.environ.items() if k not in ("SECRET_KEY", "DEBUG", "DATABASE_URL")}
    clean.update({"DEBUG": "1", "CACHE_DIR": str(tmp_path)})
    code = "import itaportal.settings as s; print(s.CACHES['default']['BACKEND'], s.CACHES['default']['LOCATION'])"
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=clean, capture_output=True, text=True)
    assert result.stdout.split() == ["django.core.cache.backends.filebased.FileBasedCache", str(tmp_path)]


def settings_of(tmp_path, **variables) -> list[str]:
    clean = {k: v for k, v in os.environ.items()
             if k not in ("SECRET_KEY", "DEBUG", "DATABASE_URL", "CACHE_URL", "CACHE_DIR")}
    clean.update({"DEBUG": "1", **variables})
    code = ("import itaportal.settings as s; c = s.CACHES['default'];"
            " print(c['BACKEND'], c.get('LOCATION') or '-', c.get('OPTIONS', {}).get('MAX_ENTRIES', '-'))")
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=clean, capture_output=True, text=True)
    return result.stdout.split()


def test_cache_url_selects_redis_shared_by_every_server(tmp_path):
    assert settings_of(tmp_path, CACHE_URL="redis://cache.internal:6379/1", CACHE_DIR=str(tmp_path)) == [
        "django.core.cache.backends.redis.RedisCache", "redis://cache.internal:6379/1", "-"]


def test_the_cache_holds_thousands_of_entries_not_djangos_default_300(tmp_path):
    assert settings_of(tmp_path)[2] == "5000"
    assert settings_of(tmp_path, CACHE_DIR=str(tmp_path), CACHE_MAX_ENTRIES="20000")[2] == "20000"


def test_pages_and_documents_round_trip_through_a_real_redis():
    """Against the Redis server of the machine (CACHE_TEST_URL, by default the local one)."""
    from django.core.cache.backends.redis import RedisCache

    url = os.environ.get("CACHE_TEST_URL", "redis://127.0.0.1:6379/15")
    cache = RedisCache(url, {"KEY_PREFIX": f"itaportal-test-{os.getpid()}"})
    try:
        cache.set("reports:pdf:probe", b"%PDF-1.7 \\xe0\\xb8\\x9b", 30)
    except Exception as error:  # noqa: BLE001
        pytest.skip(f"no Redis at {url}: {error}")
    try:
        assert cache.get("reports:pdf:probe") == b"%PDF-1.7 \\xe0\\xb8\\x9b"
        assert cache.get("reports:pdf:missing") is None
    finally:
        cache.delete("reports:pdf:probe")
