"""Resilience: health check, a translated 503 while the database is unreachable and recovery
when it returns, structured request logs, gunicorn settings from the environment.

The database outage is real, not mocked: the default connection is pointed at a database
that cannot be reached (PostgreSQL: a closed port on 127.0.0.1; SQLite: a path in a
directory that does not exist), so Django's own connect() fails as in production.
"""

import json
import logging
import os
import runpy
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import OperationalError, connections
from django.test import Client, override_settings
from django.urls import path
from django.utils import translation
from django.utils.translation import gettext

from mocsite.logging import JsonFormatter

BASE_DIR = Path(__file__).resolve().parents[2]
UNAVAILABLE = "The site is temporarily unavailable"


@pytest.fixture
def unreachable_database(transactional_db):
    """Makes the default database unreachable; `restore()` (and teardown) brings it back.

    Outside a test transaction (transactional_db), as in production, where no request
    runs inside an atomic block when the database fails.
    """
    conn = connections["default"]
    saved_settings = dict(conn.settings_dict)
    in_memory = conn.vendor == "sqlite" and conn.is_in_memory_db()
    saved_raw = None
    if in_memory:
        # Closing an in-memory SQLite database destroys it: keep its live connection
        # aside; Django then has no connection and must open one, which fails.
        conn.ensure_connection()
        saved_raw, conn.connection = conn.connection, None
    else:
        conn.close()
    if conn.vendor == "sqlite":
        conn.settings_dict["NAME"] = "/nonexistent-directory-for-tests/db.sqlite3"
    else:
        conn.settings_dict.update(HOST="127.0.0.1", PORT="1")  # nothing listens there

    state = {"restored": False}

    def restore():
        if state["restored"]:
            return
        state["restored"] = True
        conn.settings_dict.clear()
        conn.settings_dict.update(saved_settings)
        if in_memory:
            conn.connection = saved_raw  # the database "comes back"
        # PostgreSQL: nothing else to do, Django reconnects by itself on the next query.

    yield restore
    restore()


def test_database_down_gives_translated_503_then_recovers(unreachable_database, client, caplog):
    caplog.set_level(logging.ERROR, logger="mocsite.middleware")
    for language in ("fr", "en"):
        response = client.get(f"/{language}/")
        html = response.content.decode()
        assert response.status_code == 503
        assert response["Retry-After"] == "30"
        assert "no-store" in response["Cache-Control"]
        assert response["X-Request-ID"]
        assert f'<html lang="{language}">' in html
        with translation.override(language):
            assert gettext(UNAVAILABLE) in html
        assert "Traceback" not in html and "OperationalError" not in html
        assert "<h1>" in html and html.count("<h1>") == 1
    assert any("Database unavailable" in record.getMessage() for record in caplog.records)

    # The health check says so too (JSON, 503), without a traceback.
    health = client.get("/health/")
    assert health.status_code == 503
    assert health.json()["database"] == "error"

    unreachable_database()  # the database is back: the next request just works
    response = client.get("/fr/")
    assert response.status_code == 200
    assert client.get("/en/").status_code == 200
    assert client.get("/health/").json() == {"status": "ok", "database": "ok", "cache": "ok"}


def raise_operational_error(request):
    raise OperationalError("server closed the connection unexpectedly")


class FailingMiddleware:
    """Stands for a middleware (sessions, for example) that hits the database."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        raise OperationalError("could not connect to server")


urlpatterns = [path("down/", raise_operational_error)]


@override_settings(ROOT_URLCONF=__name__)
def test_database_error_in_a_view_gives_503(client, caplog):
    with caplog.at_level(logging.ERROR, logger="mocsite.middleware"):
        response = client.get("/down/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 503
    assert UNAVAILABLE in response.content.decode()
    logged = [r for r in caplog.records if r.name == "mocsite.middleware"]
    assert logged[0].exc_info  # the traceback goes to the log, not the visitor


def test_database_error_in_a_later_middleware_gives_503(settings):
    settings.MIDDLEWARE = [*settings.MIDDLEWARE, f"{__name__}.FailingMiddleware"]
    response = Client(raise_request_exception=False).get("/en/")
    assert response.status_code == 503
    assert response["Retry-After"]
    assert UNAVAILABLE in response.content.decode()


def test_health_reports_a_failing_cache(db, client, monkeypatch):
    class BrokenCache:
        def set(self, *args, **kwargs):
            raise ConnectionError("Redis is down")

    monkeypatch.setattr("mocsite.views.cache", BrokenCache())
    response = client.get("/health/")
    assert response.status_code == 503
    assert response.json() == {"status": "error", "database": "ok", "cache": "error"}
    assert "no-cache" in response["Cache-Control"]


def test_health_reports_a_cache_that_loses_values(db, client, settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
    response = client.get("/health/")
    assert response.status_code == 503
    assert response.json()["cache"] == "error"


def test_one_log_line_per_request_with_request_id(seeded, client, caplog):
    caplog.set_level(logging.INFO, logger="mocsite.request")
    response = client.get("/en/?q=private-text")
    records = [r for r in caplog.records if r.name == "mocsite.request"]
    assert len(records) == 1
    record = records[0]
    assert (record.method, record.path, record.status) == ("GET", "/en/", 200)
    assert record.duration_ms >= 0
    assert record.request_id == response["X-Request-ID"]
    line = JsonFormatter().format(record)
    assert "\n" not in line
    entry = json.loads(line)
    assert entry["request_id"] == response["X-Request-ID"]
    assert {"time", "level", "logger", "message", "method", "path", "status", "duration_ms"} <= set(
        entry
    )
    assert "private-text" not in line  # query strings are never logged


def test_request_id_from_the_proxy_is_kept_when_sane(client):
    response = client.get("/robots.txt", HTTP_X_REQUEST_ID="lb-1234abcd")
    assert response["X-Request-ID"] == "lb-1234abcd"
    forged = client.get("/robots.txt", HTTP_X_REQUEST_ID="x\nFAKE LOG LINE")
    assert forged["X-Request-ID"] != "x\nFAKE LOG LINE"
    assert len(forged["X-Request-ID"]) == 32


def test_errors_are_logged_as_one_json_line():
    try:
        raise ValueError("boom")
    except ValueError:
        record = logging.getLogger("x").makeRecord(
            "x", logging.ERROR, __file__, 1, "failed %s", ("here",), sys.exc_info()
        )
    entry = json.loads(JsonFormatter().format(record))
    assert entry["message"] == "failed here"
    assert entry["level"] == "ERROR"
    assert "Traceback" in entry["exception"] and "ValueError: boom" in entry["exception"]


@pytest.mark.parametrize("log_format", ["json", "plain"])
def test_log_format_from_the_environment(log_format):
    code = (
        "import django, logging; django.setup(); "
        "logging.getLogger('mocsite.test').warning('hello %s', 'world')"
    )
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "mocsite.settings", "LOG_FORMAT": log_format}
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    line = [ln for ln in result.stderr.splitlines() if "hello" in ln][-1]
    if log_format == "json":
        entry = json.loads(line)
        assert (entry["level"], entry["logger"], entry["message"]) == (
            "WARNING",
            "mocsite.test",
            "hello world",
        )
    else:
        assert line.endswith("WARNING mocsite.test [-] hello world")


def test_gunicorn_settings_come_from_the_environment(monkeypatch):
    monkeypatch.setenv("GUNICORN_WORKERS", "3")
    monkeypatch.setenv("GUNICORN_TIMEOUT", "45")
    monkeypatch.setenv("GUNICORN_BIND", "0.0.0.0:9000")
    config = runpy.run_path(str(BASE_DIR / "gunicorn.conf.py"))
    assert (config["workers"], config["timeout"], config["bind"]) == (3, 45, "0.0.0.0:9000")
