"""Resilience: health check (degraded but 200 without the cache, 503 without the database),
HEAD on every GET view, a translated 503 while the database is unreachable (telling a
visitor who was sending the contact form what became of the message) and recovery when it
returns, structured request logs, gunicorn settings from the environment.

The database outage is real, not mocked: the default connection is pointed at a database
that cannot be reached (PostgreSQL: a closed port on 127.0.0.1; SQLite: a path in a
directory that does not exist), so Django's own connect() fails as in production.
"""

import html
import json
import logging
import os
import re
import runpy
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.core.cache import caches
from django.db import OperationalError, connections
from django.test import Client, override_settings
from django.urls import Resolver404, path, resolve, reverse
from django.utils import translation
from django.utils.translation import gettext

from centre.models import ContactRequest
from mocsite.logging import JsonFormatter
from tests.centre.test_contact import valid_data

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


class BrokenCache:
    def set(self, *args, **kwargs):
        raise ConnectionError("Redis is down")


def test_health_reports_a_failing_cache_and_stays_in_rotation(db, client, monkeypatch, caplog):
    monkeypatch.setattr("mocsite.views.caches", {"default": BrokenCache(), "pages": BrokenCache()})
    response = client.get("/health/")
    # The cache is an accelerator: the server keeps serving, so it stays in rotation.
    assert response.status_code == 200
    assert response.json() == {"status": "degraded", "database": "ok", "cache": "error"}
    assert "no-cache" in response["Cache-Control"]
    assert [r.name for r in caplog.records if r.levelno >= logging.ERROR] in (
        ["mocsite.cache"],
        [],  # the filter already let this minute's line through
    )


def test_health_reports_a_cache_that_loses_values(db, client, settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
    response = client.get("/health/")
    assert response.status_code == 200
    assert response.json() == {"status": "degraded", "database": "ok", "cache": "error"}


def test_health_is_503_when_the_database_is_down_whatever_the_cache(
    unreachable_database, client, monkeypatch
):
    monkeypatch.setattr("mocsite.views.caches", {"default": BrokenCache()})
    response = client.get("/health/")
    assert response.status_code == 503
    assert response.json() == {"status": "error", "database": "error", "cache": "error"}


def test_health_and_robots_answer_head(db, client):
    for address in ("/health/", "/robots.txt", "/favicon.ico"):
        get, head = client.get(address), client.head(address)
        assert head.status_code == get.status_code != 405, address
        assert head.content == b""


SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def one_per_view(addresses):
    chosen = {}
    for address in addresses:
        with translation.override(translation.get_language_from_path(address) or "fr"):
            try:
                match = resolve(urlsplit(address).path)
            except Resolver404:
                continue
        chosen.setdefault(match.route, address)
    return list(chosen.values())


def one_address_per_view(client):
    """An address for every view of the site, in each language: the sitemap's pages and
    what they link to (feeds, calendar files, exports…), one per URL pattern."""
    root = ET.fromstring(client.get("/sitemap.xml").content)
    pages = one_per_view(
        loc.text.replace("http://testserver", "") for loc in root.iter(f"{SITEMAP}loc")
    )
    candidates = [*pages, "/", "/sitemap.xml", "/robots.txt", "/health/", "/favicon.ico"]
    for page in pages:
        for link in re.findall(r'href="(/[^"#]*)"', client.get(page).content.decode()):
            if not link.startswith(("/admin/", "/static/", "/media/", "//")):
                candidates.append(html.unescape(link))
    return sorted(one_per_view(candidates))


def test_every_get_view_answers_head(seeded, client):
    """HEAD is GET without the body (RFC 9110): a crawler's or a monitor's HEAD must not
    get 405. Asked before the GET, so no page cache answers for the view."""
    addresses = one_address_per_view(client)
    assert len(addresses) > 30
    caches["pages"].clear()
    for address in addresses:
        head = client.head(address)
        get = client.get(address)
        assert head.status_code == get.status_code, address
        assert head.status_code in (200, 301, 302), address
        assert head.content == b"", address


# The 503 page after a contact form's POST ---------------------------------------------------


def test_503_tells_the_visitor_the_message_was_not_sent(unreachable_database, client):
    for language, not_sent in (
        ("fr", "Votre message n’a pas été envoyé."),
        ("en", "Your message has not been sent."),
    ):
        with translation.override(language):
            url = reverse("centre:contact")
        response = client.post(url, {"name": "Jeanne", "message": "Mon <b>genou</b>\nme fait mal"})
        page = response.content.decode()
        assert response.status_code == 503
        assert not_sent in page
        # Its text, to copy and send again, escaped.
        assert "Mon &lt;b&gt;genou&lt;/b&gt;<br>me fait mal" in page
        assert f'<html lang="{language}">' in page


def test_503_says_nothing_of_a_message_elsewhere(unreachable_database, client):
    for response in (client.get("/fr/contact/"), client.post("/fr/", {"message": "x"})):
        assert response.status_code == 503
        assert "Votre message" not in response.content.decode()


def test_503_after_the_message_was_saved_says_so(
    seeded, transactional_db, client, monkeypatch, settings
):
    """The database fails after the message was committed (a later step of the request):
    the visitor must not be told to send it again."""

    def connection_lost(*args, **kwargs):
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr("centre.views.contact.HttpResponseRedirect", connection_lost)
    settings.CONTACT_MIN_FILL_SECONDS = 0
    settings.CONTACT_SEND_IN_BACKGROUND = False
    response = client.post(reverse("centre:contact"), valid_data())
    assert response.status_code == 503
    page = response.content.decode()
    assert "Votre message a bien été reçu." in page
    assert "Votre message n’a pas été envoyé." not in page
    assert ContactRequest.objects.count() == 1


def test_500_after_a_contact_post_says_the_message_was_not_sent(seeded, monkeypatch, settings):
    def broken_submit(request, form):
        raise RuntimeError("a bug")

    monkeypatch.setattr("centre.contact.submit", broken_submit)
    settings.CONTACT_MIN_FILL_SECONDS = 0
    response = Client(raise_request_exception=False).post(reverse("centre:contact"), valid_data())
    assert response.status_code == 500
    page = response.content.decode()
    assert "Votre message n’a pas été envoyé." in page
    assert "je souhaite un rendez-vous" in page  # its text, to send again


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


def test_request_id_from_the_proxy_is_kept_when_sane(db, client):
    # db: robots.txt is stored by the page cache, which reads when content next changes.
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
    monkeypatch.setenv("GUNICORN_THREADS", "6")
    monkeypatch.setenv("GUNICORN_READ_TIMEOUT", "7")
    config = runpy.run_path(str(BASE_DIR / "gunicorn.conf.py"))
    assert (config["workers"], config["timeout"], config["bind"]) == (3, 45, "0.0.0.0:9000")
    assert (config["threads"], config["read_timeout"]) == (6, 7)
