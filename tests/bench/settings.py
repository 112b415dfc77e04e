"""Settings of the benchmark's servers: production's, with the bare view's URLconf.

Two switches, read from the environment by the servers `python -m tests.bench.harness`
starts (never by the site itself):

- BENCH_PAGE_CACHE=false removes the page cache's two middlewares (mocsite/cache.py):
  every request renders the page in full, from the database;
- BENCH_MIDDLEWARE=none removes every middleware: the bare view without the site's
  middleware, the baseline of every ratio.
"""

import os

from mocsite.env import env_bool
from mocsite.settings import *  # noqa: F403
from mocsite.settings import MIDDLEWARE

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
if os.environ.get("BENCH_MIDDLEWARE", "").strip().lower() == "none":
    MIDDLEWARE = []
