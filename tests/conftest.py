"""Shared fixtures. Tests run against SQLite by default, PostgreSQL when DATABASE_URL is set."""

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import translation


@pytest.fixture(autouse=True)
def _test_settings(settings, tmp_path):
    # Plain static storage: tests need no collectstatic (one test checks the manifest).
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.SECURE_SSL_REDIRECT = False
    settings.ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


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
