"""A Redis outage, for real: every test starts a redis-server of its own on a free loopback
port, points the caches (default, pages) and the sessions (cached_db) at it as REDIS_URL
does, then stops it, freezes it (SIGSTOP: connections are accepted by the kernel, nothing
answers) or replaces it by a listener that accepts and never answers. The site must go on
serving: pages rendered uncached, /health/ degraded but 200, contact messages saved, the
error logged once per interval, and each request well under a second.
"""

import logging
import os
import shutil
import signal
import socket
import subprocess
import threading
import time
import xml.etree.ElementTree as ET

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from centre.models import ContactRequest, Mission
from mocsite.cache import FailFastRedis
from mocsite.settings import redis_cache
from tests.centre.test_contact import contact_url, recipient, valid_data  # noqa: F401 (fixture)

REDIS_SERVER = shutil.which("redis-server") or "/usr/bin/redis-server"
# "Well under a second", with room for a loaded CI machine. A request that waited for a
# hung Redis at every cache access would take 0.3 s (REDIS_TIMEOUT) per access, three for
# a cacheable page; one may pay it once, and only the first one.
SLOW = 1.0
CACHE_LOGGERS = ("mocsite.redis", "mocsite.cache")


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class RedisServer:
    """A redis-server process of the test's own: no persistence, loopback only."""

    def __init__(self, directory):
        self.port = free_port()
        self.directory = directory
        self.process = None

    def url(self, db=0):
        return f"redis://127.0.0.1:{self.port}/{db}"

    def start(self):
        import redis

        self.process = subprocess.Popen(
            [
                REDIS_SERVER,
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(self.directory),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 10
        while True:
            try:
                redis.Redis(port=self.port, socket_timeout=1).ping()
                return
            except redis.ConnectionError:
                if time.monotonic() > deadline or self.process.poll() is not None:
                    raise RuntimeError("redis-server did not start") from None
                time.sleep(0.05)

    def pause(self):
        self.process.send_signal(signal.SIGSTOP)

    def resume(self):
        self.process.send_signal(signal.SIGCONT)

    def stop(self):
        if self.process is None or self.process.poll() is not None:
            return
        self.resume()  # a stopped process does not handle SIGTERM
        self.process.terminate()
        try:
            self.process.wait(10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(10)


class SilentListener:
    """Accepts TCP connections and never answers: a Redis hung for good."""

    def __init__(self):
        self.server = socket.create_server(("127.0.0.1", 0))
        self.server.settimeout(0.05)  # so that the thread notices close() at once
        self.port = self.server.getsockname()[1]
        self.clients = []
        self.closed = threading.Event()
        self.thread = threading.Thread(target=self._accept, daemon=True)
        self.thread.start()

    def url(self, db=0):
        return f"redis://127.0.0.1:{self.port}/{db}"

    def _accept(self):
        while not self.closed.is_set():
            try:
                client, _ = self.server.accept()
            except TimeoutError:
                continue
            except OSError:  # closed
                return
            self.clients.append(client)

    def close(self):
        self.closed.set()
        self.thread.join(5)
        self.server.close()
        for client in self.clients:
            client.close()


@pytest.fixture
def redis_server(tmp_path):
    if not os.access(REDIS_SERVER, os.X_OK):
        message = f"{REDIS_SERVER} is not installed"
        if os.environ.get("CI", "").lower() in {"1", "true", "yes"}:
            pytest.fail(message)
        pytest.skip(message)
    server = RedisServer(tmp_path)
    try:
        server.start()
        yield server
    finally:
        server.stop()


@pytest.fixture
def silent_listener():
    listener = SilentListener()
    try:
        yield listener
    finally:
        listener.close()


def rate_limit_filters():
    """The OncePerInterval filters settings.LOGGING puts on the cache loggers."""
    return [
        log_filter
        for name in CACHE_LOGGERS
        for log_filter in logging.getLogger(name).filters
        if hasattr(log_filter, "_last")
    ]


def forget_logged_errors():
    """The log filters start afresh: an earlier error must not hide the next one."""
    for log_filter in rate_limit_filters():
        log_filter._last.clear()


@pytest.fixture
def once_per_interval_reset():
    forget_logged_errors()
    FailFastRedis.forget_failures()
    yield
    FailFastRedis.forget_failures()


def use_redis(settings, target):
    """The settings REDIS_URL gives, on `target` (a RedisServer or a SilentListener)."""
    settings.CACHES = {"default": redis_cache(target.url(0)), "pages": redis_cache(target.url(1))}
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"


@pytest.fixture(params=["stopped", "frozen", "silent"])
def broken_redis(request, settings, tmp_path, once_per_interval_reset):
    """Yields a function that breaks Redis (as the parameter says); before it is called,
    the site runs on a healthy Redis (for "silent", there never is one)."""
    if request.param == "silent":
        listener = request.getfixturevalue("silent_listener")
        use_redis(settings, listener)
        yield lambda: None
        return
    server = request.getfixturevalue("redis_server")
    use_redis(settings, server)
    yield server.stop if request.param == "stopped" else server.pause


def sitemap_paths(client):
    root = ET.fromstring(client.get("/sitemap.xml").content)
    namespace = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    return [
        loc.text.replace("http://testserver", "") for loc in root.findall("s:url/s:loc", namespace)
    ]


EXTRA_PATHS = [
    "/robots.txt",
    "/fr/publications/export/ris/",
    "/en/publications/export/bibtex/",
    "/fr/publications/?year=2024",
]


def timed_get(client, path, **kwargs):
    start = time.monotonic()
    response = client.get(path, **kwargs)
    return response, time.monotonic() - start


def cache_log_records(caplog):
    return [record for record in caplog.records if record.name in CACHE_LOGGERS]


def test_every_page_renders_when_redis_fails(seeded, broken_redis, caplog):
    client = Client()
    paths = sitemap_paths(client) + EXTRA_PATHS
    for path in paths[:5]:
        client.get(path)  # some pages stored while Redis works
    broken_redis()
    forget_logged_errors()
    caplog.clear()
    caplog.set_level(logging.WARNING)

    durations = []
    for path in paths:
        response, duration = timed_get(client, path)
        assert response.status_code == 200, path
        durations.append(duration)
    assert max(durations) < SLOW, max(durations)
    # One timeout at most, then Redis is left alone: not 0.3 s per request or more.
    assert sorted(durations)[len(durations) // 2] < 0.3, sorted(durations)

    # Logged once per interval, not once per request, with nothing from Django's 500s.
    records = cache_log_records(caplog)
    assert records, "the outage is logged"
    for name in CACHE_LOGGERS:
        assert len([record for record in records if record.name == name]) <= 1
    assert not [record for record in caplog.records if record.name == "django.request"]


def test_health_reports_the_degraded_cache_and_stays_in_rotation(db, broken_redis):
    client = Client()
    before = client.get("/health/")
    assert before.status_code == 200
    broken_redis()
    for method in (client.get, client.get, client.head):
        start = time.monotonic()
        response = method("/health/")
        assert time.monotonic() - start < SLOW
        assert response.status_code == 200  # the load balancer keeps this server
    assert client.get("/health/").json() == {
        "status": "degraded",
        "database": "ok",
        "cache": "error",
    }


def test_contact_message_is_saved_when_redis_fails(
    seeded,
    broken_redis,
    recipient,  # noqa: F811
    settings,
):
    settings.CONTACT_MIN_FILL_SECONDS = 0  # the test fills the form at once
    settings.CONTACT_SEND_IN_BACKGROUND = False
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    client = Client()
    assert client.get(contact_url("fr")).status_code == 200
    broken_redis()
    start = time.monotonic()
    response = client.post(contact_url("fr"), valid_data())
    assert time.monotonic() - start < SLOW
    assert response.status_code == 303
    assert ContactRequest.objects.filter(email="jeanne@example.org").count() == 1
    # And a second message from the same address too (the rate limit does not need Redis).
    second = client.post(contact_url("fr"), valid_data(message="Un second message."))
    assert second.status_code == 303
    assert ContactRequest.objects.count() == 2


def test_staff_stay_signed_in_when_redis_fails(db, broken_redis):
    user = get_user_model().objects.create_superuser(
        "staff", "staff@example.org", "a-long-test-password"
    )
    client = Client()
    client.force_login(user)
    assert client.get("/admin/").status_code == 200
    broken_redis()
    response, duration = timed_get(client, "/admin/")
    assert response.status_code == 200  # the session comes from the database
    assert duration < SLOW
    assert "staff" in response.content.decode()


def test_the_error_is_logged_again_after_the_interval(seeded, redis_server, settings, caplog):
    use_redis(settings, redis_server)
    FailFastRedis.forget_failures()
    filters = rate_limit_filters()
    assert filters, "settings.LOGGING rate-limits the cache loggers"
    forget_logged_errors()
    redis_server.stop()
    caplog.set_level(logging.WARNING)
    client = Client()
    for _ in range(20):
        assert client.get("/en/").status_code == 200
    assert len([r for r in caplog.records if r.name == "mocsite.redis"]) == 1
    # A minute later (the filters' clock moved on), one more line.
    for log_filter in filters:
        for name in log_filter._last:
            log_filter._last[name] -= 61
    FailFastRedis.forget_failures()
    for _ in range(5):
        assert client.get("/en/").status_code == 200
    assert len([r for r in caplog.records if r.name == "mocsite.redis"]) == 2


def test_edits_made_during_the_outage_show_once_redis_is_back(seeded, redis_server, settings):
    """Redis frozen while staff edit: the page cache cannot be emptied. When Redis answers
    again, the page stored before the outage must not be served."""
    use_redis(settings, redis_server)
    settings.REDIS_RETRY_SECONDS = 0.2
    FailFastRedis.forget_failures()
    client = Client()
    assert "to train students" not in client.get("/en/centre/").content.decode()
    redis_server.pause()
    try:
        Mission.objects.create(
            text_fr="former les étudiants", text_en="to train students", ordering=9
        )
        assert "to train students" in client.get("/en/centre/").content.decode()  # uncached
    finally:
        redis_server.resume()
    time.sleep(0.3)  # REDIS_RETRY_SECONDS: Redis is tried again
    assert "to train students" in client.get("/en/centre/").content.decode()
    assert "to train students" in client.get("/en/centre/").content.decode()


def test_a_page_is_stored_again_once_redis_is_back(seeded, redis_server, settings):
    use_redis(settings, redis_server)
    settings.REDIS_RETRY_SECONDS = 0.2
    FailFastRedis.forget_failures()
    redis_server.pause()
    client = Client()
    try:
        assert client.get("/en/").status_code == 200
    finally:
        redis_server.resume()
    time.sleep(0.3)
    client.get("/en/")  # stored now
    from django.core.cache import caches

    assert caches["pages"].keys("*")  # django-redis: the page is in Redis again
