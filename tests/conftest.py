"""Shared fixtures. Tests run against SQLite by default, PostgreSQL when DATABASE_URL is set."""

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import Client
from django.utils import translation

# Set before any request builds the middleware (the live server of the browser tests is
# session-wide): tests speak plain http and need no collectstatic (one test checks the
# manifest storage itself).
settings.SECURE_SSL_REDIRECT = False
settings.SESSION_COOKIE_SECURE = settings.CSRF_COOKIE_SECURE = False
settings.STORAGES = {
    **settings.STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
settings.ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Most tests change rows behind the page cache's back (queryset.update, fixtures): they run
# without it; tests/test_cache.py switches it on and checks it.
settings.PAGE_CACHE_ENABLED = False
# The same for the template fragments; tests/test_fragments.py switches them on.
settings.FRAGMENT_CACHE_ENABLED = False


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _state_dir(settings, tmp_path):
    """What the workers of one machine share without Redis (STATE_DIR: the content
    generation, the rate-limit counters), in the test's own directory, not the checkout."""
    state = tmp_path / "state"
    settings.STATE_DIR = state
    if settings.CONTENT_GENERATION_FILE:
        settings.CONTENT_GENERATION_FILE = str(state / "content-generation")
    if "counters" in settings.CACHES:
        settings.CACHES = {
            **settings.CACHES,
            "counters": {**settings.CACHES["counters"], "LOCATION": str(state / "counters")},
        }


@pytest.fixture(autouse=True)
def _empty_cache():
    from django.core.cache import cache

    from mocsite.cache import local_fragments

    cache.clear()
    local_fragments.clear()
    yield


@pytest.fixture(autouse=True)
def _reset_language():
    translation.activate("fr")
    yield
    translation.deactivate()


@pytest.fixture
def seeded(db):
    """The site's seed content, as `make run` loads it."""
    call_command("load_seed", verbosity=0, stdout=open("/dev/null", "w"))


@pytest.fixture
def client():
    return Client()


@pytest.fixture
def staff_client(db, client, django_user_model):
    user = django_user_model.objects.create_superuser(
        "staff", "staff@example.org", "a-long-test-password"
    )
    client.force_login(user)
    return client
