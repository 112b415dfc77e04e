"""Scale-out: the Redis paths against the real Redis server on 127.0.0.1:6379 (cache,
sessions; the contact form's rate limit is in the database, see tests/centre), and the settings that environment variables
switch on (S3 media storage, cached_db sessions, a CDN in front of static files).

Each test uses a key prefix of its own and deletes only its own keys. Without Redis the
Redis tests are skipped locally and fail in CI (CI=true).
"""

import json
import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from django.contrib.sessions.backends.cached_db import SessionStore
from django.contrib.sessions.models import Session
from django.core.cache import caches

from mocsite.settings import redis_cache as redis_cache_settings

BASE_DIR = Path(__file__).resolve().parents[2]
REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/0")


def redis_or_skip():
    import redis

    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2).ping()
    except redis.RedisError as error:
        message = f"Redis is not available at {REDIS_URL}: {error}"
        if os.environ.get("CI", "").lower() in {"1", "true", "yes"}:
            pytest.fail(message)
        pytest.skip(message)


@pytest.fixture
def redis_cache(settings):
    """The default cache on the real Redis, under a key prefix of this test's own."""
    import redis

    redis_or_skip()
    prefix = f"mocsite-test-{uuid.uuid4().hex[:12]}"
    cache_settings = {**redis_cache_settings(REDIS_URL), "KEY_PREFIX": prefix}
    settings.CACHES = {"default": cache_settings, "pages": settings.CACHES["pages"]}
    yield cache_settings
    client = redis.Redis.from_url(REDIS_URL)
    for key in client.scan_iter(match=f"{prefix}:*"):
        client.delete(key)


def run_settings_script(code, **env):
    """Runs `code` in a fresh Python process with mocsite.settings loaded under `env`; the
    script prints JSON, which is returned."""
    environment = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("AWS_", "REDIS_URL", "STATIC_URL"))
    }
    environment.update(env, DJANGO_SETTINGS_MODULE="mocsite.settings", LOG_LEVEL="ERROR")
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_redis_cache_backend(redis_cache):
    cache = caches["default"]
    assert type(cache).__name__ == "RedisCache"
    cache.set("greeting", {"fr": "Bonjour", "en": "Hello"}, timeout=30)
    assert cache.get("greeting") == {"fr": "Bonjour", "en": "Hello"}
    assert cache.add("counter", 0) and not cache.add("counter", 5)
    assert cache.incr("counter") == 1
    cache.delete("greeting")
    assert cache.get("greeting") is None


def test_health_check_on_redis(db, client, redis_cache):
    response = client.get("/health/")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "cache": "ok"}


def test_sessions_in_the_shared_cache(
    db, client, django_user_model, redis_cache, settings, django_assert_num_queries
):
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    user = django_user_model.objects.create_superuser(
        "staff", "staff@example.org", "a-long-test-password"
    )
    client.force_login(user)
    session_key = client.cookies[settings.SESSION_COOKIE_NAME].value
    cache = caches["default"]
    assert cache.get(f"django.contrib.sessions.cached_db{session_key}") is not None
    assert Session.objects.filter(session_key=session_key).exists()  # kept in the DB too
    # Another server finds the session in Redis, without a query to the database.
    store = SessionStore(session_key)
    with django_assert_num_queries(0):
        assert store.get("_auth_user_id") == str(user.pk)
    assert client.get("/admin/").status_code == 200
    # With the Redis entry gone (a Redis restart), the database copy takes over.
    cache.delete(f"django.contrib.sessions.cached_db{session_key}")
    assert client.get("/admin/").status_code == 200


def test_redis_url_switches_cache_and_sessions():
    values = run_settings_script(
        "import json, django; django.setup(); from django.conf import settings; "
        "print(json.dumps({'cache': settings.CACHES['default'], "
        "'pages': settings.CACHES['pages'], 'session': settings.SESSION_ENGINE}))",
        REDIS_URL="redis://127.0.0.1:6379/3",
    )
    assert values["cache"]["BACKEND"] == "django_redis.cache.RedisCache"
    assert values["cache"]["LOCATION"] == "redis://127.0.0.1:6379/3"
    # The page cache has a database of its own, which clear() empties alone.
    assert values["pages"]["LOCATION"] == "redis://127.0.0.1:6379/4"
    assert values["cache"]["OPTIONS"]["SOCKET_TIMEOUT"] <= 0.5
    assert values["session"] == "django.contrib.sessions.backends.cached_db"


def test_one_machine_by_default():
    values = run_settings_script(
        "import json, django; django.setup(); from django.conf import settings; "
        "print(json.dumps({'cache': settings.CACHES['default']['BACKEND'], "
        "'pages': settings.CACHES['pages']['BACKEND'], 'session': settings.SESSION_ENGINE, "
        "'media': settings.STORAGES['default']['BACKEND']}))"
    )
    assert values == {
        "cache": "django.core.cache.backends.locmem.LocMemCache",
        "pages": "mocsite.cache.FileBasedCache",  # Django's, its errors ignored
        "session": "django.contrib.sessions.backends.db",
        "media": "django.core.files.storage.FileSystemStorage",
    }


S3_ENV = {
    "AWS_STORAGE_BUCKET_NAME": "moc-media",
    "AWS_S3_ENDPOINT_URL": "https://s3.gra.example.net",
    "AWS_S3_REGION_NAME": "gra",
    "AWS_ACCESS_KEY_ID": "test-access-key",
    "AWS_SECRET_ACCESS_KEY": "test-secret-key",
    "AWS_S3_CUSTOM_DOMAIN": "media.moc.example.org",
    "AWS_LOCATION": "uploads",
}


def test_s3_media_storage_from_the_environment():
    """Settings and storage object only: no request leaves the machine."""
    values = run_settings_script(
        "import json, django; django.setup(); from django.conf import settings; "
        "from django.core.files.storage import storages; s = storages['default']; "
        "print(json.dumps({'storages': settings.STORAGES, 'class': type(s).__name__, "
        "'bucket': s.bucket_name, 'endpoint': s.endpoint_url, 'region': s.region_name, "
        "'url': s.url('team/photo.jpg'), 'overwrite': s.file_overwrite}))",
        **S3_ENV,
    )
    default = values["storages"]["default"]
    assert default["BACKEND"] == "storages.backends.s3.S3Storage"
    options = default["OPTIONS"]
    assert options["bucket_name"] == "moc-media"
    assert options["endpoint_url"] == "https://s3.gra.example.net"
    assert options["region_name"] == "gra"
    assert options["access_key"] == "test-access-key"
    assert options["secret_key"] == "test-secret-key"
    assert options["querystring_auth"] is False
    # Static files stay with WhiteNoise (and a CDN when STATIC_URL says so).
    assert (
        values["storages"]["staticfiles"]["BACKEND"]
        == "whitenoise.storage.CompressedManifestStaticFilesStorage"
    )
    assert values["class"] == "S3Storage"
    assert (values["bucket"], values["endpoint"], values["region"]) == (
        "moc-media",
        "https://s3.gra.example.net",
        "gra",
    )
    assert values["url"] == "https://media.moc.example.org/uploads/team/photo.jpg"
    assert values["overwrite"] is False


def test_static_files_behind_a_cdn(tmp_path):
    """An absolute STATIC_URL: pages link fingerprinted files on the CDN, and the app
    (WhiteNoise) still serves them as the CDN's origin."""
    code = """
import json, django
from django.core.management import call_command
django.setup()
from django.templatetags.static import static
from django.test import Client
call_command("collectstatic", interactive=False, verbosity=0)
url = static("css/site.css")
path = "/static/" + url.split("/static/", 1)[1]
response = Client().get(path, secure=True)
print(json.dumps({"url": url, "status": response.status_code,
                  "cache": response.get("Cache-Control", ""),
                  "type": response.get("Content-Type", "")}))
"""
    values = run_settings_script(
        code, STATIC_URL="https://cdn.moc.example.org/static/", STATIC_ROOT=str(tmp_path / "static")
    )
    assert values["url"].startswith("https://cdn.moc.example.org/static/css/site.")
    assert values["url"] != "https://cdn.moc.example.org/static/css/site.css"  # fingerprinted
    assert values["status"] == 200
    assert "max-age=315360000" in values["cache"] and "immutable" in values["cache"]
    assert values["type"].startswith("text/css")
