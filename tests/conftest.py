"""Shared fixtures. Tests run against SQLite by default, PostgreSQL when DATABASE_URL is set."""

import shutil

import pytest
from django.conf import settings
from django.core.cache import caches
from django.test import Client
from django.utils import translation

from tests import seed_snapshot


def pytest_sessionfinish(session):
    shutil.rmtree(settings.STATE_DIR, ignore_errors=True)


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _empty_caches():
    """Each test starts with empty caches: no page, counter or session from another."""
    for alias in settings.CACHES:
        caches[alias].clear()
    yield


@pytest.fixture(autouse=True)
def _reset_language():
    translation.activate("fr")
    yield
    translation.deactivate()


@pytest.fixture
def seeded(db):
    """The site's seed content, as `make run` loads it (tests/seed_snapshot.py)."""
    seed_snapshot.load_seed()


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
