"""Settings of the benchmark's servers: production's, with the bare view's URLconf.

Two switches, read from the environment by the servers `python -m tests.bench.harness`
starts (never by the site itself):

- BENCH_PAGE_CACHE=false removes the page cache's two middlewares (mocsite/cache.py):
  every request renders the page in full, from the database;
- BENCH_MIDDLEWARE=none removes every middleware: the bare view without the site's
  middleware, the baseline of every ratio;
- BENCH_MIDDLEWARE=django-cache keeps only Django's own two cache middlewares, on the
  site's "pages" cache: the floor of the page cache (tests/bench/bare.py, `stored`).
"""

import os

from mocsite.env import env_bool
from mocsite.settings import *  # noqa: F403
from mocsite.settings import MIDDLEWARE

DJANGO_CACHE_MIDDLEWARE = [
    "django.middleware.cache.UpdateCacheMiddleware",
    "django.middleware.cache.FetchFromCacheMiddleware",
]
PAGE_CACHE_MIDDLEWARE = (
    "mocsite.cache.UpdateCacheMiddleware",
    "mocsite.cache.FetchFromCacheMiddleware",
)


def without_page_cache(middleware):
    """The middleware list without the page cache's two middlewares (a new list)."""
    return [name for name in middleware if name not in PAGE_CACHE_MIDDLEWARE]


ROOT_URLCONF = "tests.bench.urls"

if not env_bool("BENCH_PAGE_CACHE", True):
    MIDDLEWARE = without_page_cache(MIDDLEWARE)
_middleware = os.environ.get("BENCH_MIDDLEWARE", "").strip().lower()
if _middleware == "none":
    MIDDLEWARE = []
elif _middleware == "django-cache":
    MIDDLEWARE = DJANGO_CACHE_MIDDLEWARE
