"""Settings for the test suite: production's, over plain http, with fast password hashing.

The page cache is on, as in production; tests/conftest.py empties it before each test.
"""

import os
import tempfile

# What the workers of a machine share without Redis (the page cache, the rate-limit
# counters) goes to a directory of the test run's own, not the checkout's var/.
os.environ.setdefault("STATE_DIR", tempfile.mkdtemp(prefix="mocsite-tests-"))

from mocsite.settings import *  # noqa: E402, F403

# Tests speak plain http and need no collectstatic (one test checks the manifest storage).
SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = False
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
