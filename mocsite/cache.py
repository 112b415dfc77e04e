"""Whole-page cache for anonymous visitors, emptied the moment staff change content.

Django's cache middleware with one change: the key prefix carries a *content generation*
kept in the cache. Saving or deleting any content row bumps the generation, so the next
request misses and renders fresh content; stale entries simply expire. This works the same
with the local-memory cache and with a Redis cache shared by several servers, without ever
flushing the cache (which also holds rate-limit counters and sessions).

Only what Django's cache middleware already deems safe is stored (GET/HEAD, status 200,
no `Cache-Control: private/no-store`), and never a response that sets a cookie, so a form's
CSRF token is never handed to another visitor. Pages that vary on the cookie, like the
contact form once a visitor has a CSRF cookie, are stored per Cookie header.
"""

import logging
import os
import threading
import time
from collections import OrderedDict
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.cache import caches
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.middleware.cache import FetchFromCacheMiddleware, UpdateCacheMiddleware
from django.utils import timezone, translation

logger = logging.getLogger(__name__)

GENERATION_KEY = "content-generation"
# Content that is not shown on public pages does not empty the page cache.
NOT_CONTENT = {"centre.contactrequest", "centre.contactrecipient", "centre.seedrecord"}
CONTENT_APPS = {"centre", "publications", "podcasts"}


def page_cache():
    return caches[settings.CACHE_MIDDLEWARE_ALIAS]


def _first_generation():
    # Microseconds since the epoch, not 1: if the cache is emptied (Redis restarted), the
    # generation starts again from a number never used before, so no worker's copy of an
    # older fragment (LocalFragments below) can match it.
    return time.time_ns() // 1000


def generation():
    """The current content generation, the same for every worker and server.

    Kept in the shared cache (Redis) when there is one. With the local-memory cache each
    gunicorn worker has a cache of its own, so the generation lives in a small file
    instead (CONTENT_GENERATION_FILE, under STATE_DIR): an edit saved by one worker, or
    `manage.py refresh_cached_pages` run from a shell, reaches all of them.
    """
    if settings.CONTENT_GENERATION_FILE:
        try:
            return _file_generation(Path(settings.CONTENT_GENERATION_FILE))
        except OSError:
            _file_unusable()
    cache = page_cache()
    value = cache.get(GENERATION_KEY)
    if value is None:
        first = _first_generation()
        cache.add(GENERATION_KEY, first, timeout=None)
        value = cache.get(GENERATION_KEY, first)
    return value


def bump_generation(**kwargs):
    if settings.CONTENT_GENERATION_FILE:
        try:
            _bump_file_generation(Path(settings.CONTENT_GENERATION_FILE))
            return
        except OSError:
            _file_unusable()
    cache = page_cache()
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:  # no generation yet
        cache.set(GENERATION_KEY, _first_generation(), timeout=None)


def _file_generation(path):
    try:
        return int(path.read_text())
    except (FileNotFoundError, ValueError):  # first use, or a write cut short
        return _bump_file_generation(path)


def _bump_file_generation(path):
    with _file_lock:
        try:
            current = int(path.read_text())
        except (FileNotFoundError, ValueError):
            current = 0
        value = max(current + 1, _first_generation())
        path.parent.mkdir(parents=True, exist_ok=True)
        # Written aside, then renamed over: a reader sees the old number or the new one.
        temporary = path.with_name(f"{path.name}.{os.getpid()}.{threading.get_ident()}")
        temporary.write_text(str(value))
        os.replace(temporary, path)
        return value


_file_lock = threading.Lock()
_file_warned = False


def _file_unusable():
    # Pages still work, with the generation in this worker's own cache: an edit then shows
    # at once only on the worker that saved it, on the others within PAGE_CACHE_SECONDS.
    global _file_warned
    if not _file_warned:
        _file_warned = True
        logger.exception(
            "The content generation file %s cannot be used: edits reach the "
            "other workers only when their cached pages expire",
            settings.CONTENT_GENERATION_FILE,
        )


def request_generation(request):
    """The content generation, read once per request."""
    if request is None:
        return generation()
    if not hasattr(request, "_content_generation"):
        request._content_generation = generation()
    return request._content_generation


class LocalFragments:
    """A small per-process copy of the shared cache's recently used fragments.

    Fragment keys carry the content generation, so a stored value never becomes wrong when
    content changes: a newer generation simply asks for other keys. Keeping the most used
    ones in the worker's memory saves a round trip to Redis (and unpickling) for the parts
    every page shows. Entries still expire after FRAGMENT_CACHE_SECONDS, and the least
    recently used go first past `max_entries` entries or `max_chars` characters of text
    (whole pages are kept here too: the bound keeps a worker's memory in check however
    many pages the site has).
    """

    def __init__(self, max_entries=500, max_chars=16 * 1024 * 1024):
        self.max_entries = max_entries
        self.max_chars = max_chars
        self._data = OrderedDict()
        self._chars = 0
        self._lock = threading.Lock()

    def get(self, key):
        with self._lock:
            item = self._data.get(key)
            if item is None:
                return None
            if item[0] < time.monotonic():
                self._remove(key)
                return None
            self._data.move_to_end(key)
            return item[1]

    def set(self, key, value, timeout):
        size = _chars(value)
        if size > self.max_chars:
            return
        with self._lock:
            if key in self._data:
                self._remove(key)
            self._data[key] = (time.monotonic() + timeout, value, size)
            self._chars += size
            while len(self._data) > self.max_entries or self._chars > self.max_chars:
                self._remove(next(iter(self._data)))

    def _remove(self, key):
        self._chars -= self._data.pop(key)[2]

    def clear(self):
        with self._lock:
            self._data.clear()
            self._chars = 0


def _chars(value):
    if isinstance(value, str):
        return len(value)
    if isinstance(value, tuple):
        return sum(_chars(item) for item in value) + 1
    return 1


local_fragments = LocalFragments(max_entries=2000)
_MISSING = object()
# What a build function returns as the value to store when its result must not be kept.
DO_NOT_STORE = object()


def _lookup(key):
    """The value under `key` from the worker's memory, then the shared cache (copied into
    memory if nobody can change it), or _MISSING. Raises if the shared cache is down."""
    found = local_fragments.get(key)
    if found is not None:
        return found[0]
    found = page_cache().get(key, _MISSING)
    if found is not _MISSING and _immutable(found):
        # Only values nobody can change: a model instance kept in memory would be shared
        # (and could be altered) between requests.
        local_fragments.set(key, (found,), settings.FRAGMENT_CACHE_SECONDS)
    return found


def cached_fragment(key, build):
    """The value stored under `key` (which must name the content generation): from the
    worker's memory, then the shared cache; else `build()` returns (value to use, value to
    store, or DO_NOT_STORE). None is a value too (no centre profile yet, no such address)."""
    try:
        found = _lookup(key)
    except Exception:  # the shared cache is down: render, as with no cache at all
        logger.exception("Cache unavailable: %s rendered without it", key.split(":")[0])
        return build()[0]
    if found is not _MISSING:
        return found
    value, stored = build()
    if stored is DO_NOT_STORE:
        return value
    try:
        page_cache().set(key, stored, settings.FRAGMENT_CACHE_SECONDS)
    except Exception:
        logger.exception("Cache unavailable: %s not stored", key.split(":")[0])
    if _immutable(stored):
        local_fragments.set(key, (stored,), settings.FRAGMENT_CACHE_SECONDS)
    return value


def _immutable(value):
    if isinstance(value, tuple):
        return all(_immutable(item) for item in value)
    return value is None or isinstance(value, (str, int))


def stored_fragment(key):
    """The text stored under `key` by cached_fragment(), or None (not there, or the shared
    cache is down: the caller then renders it, and the renderer stores it)."""
    try:
        found = _lookup(key)
    except Exception:
        return None
    return found if isinstance(found, str) else None


def cached_for_request(request, name, build):
    """build(), kept in the cache under `name` (what it is, and what it varies on) until
    content changes, for this language and day; built every time when the fragment cache is
    off or the shared cache is down."""
    common = request_key(request) if settings.FRAGMENT_CACHE_ENABLED else None
    if common is None:
        return build()

    def build_and_store():
        value = build()
        return value, value

    return cached_fragment(f"{name}:{common}", build_and_store)


def request_key(request):
    """What cached fragments and objects vary on besides their own name: the content
    generation, the day (published and upcoming content moves on at midnight), the
    language and the site's address (absolute URLs in JSON-LD when SITE_URL is not set).
    None when the cache cannot be read: the caller then builds what it needs itself."""
    key = getattr(request, "_fragment_key", None)
    if key is None:
        try:
            current = request_generation(request)
        except Exception:  # the shared cache is down: nothing is cached for this request
            logger.exception("Cache unavailable: page rendered without cached fragments")
            return None
        key = request._fragment_key = ":".join(
            (
                str(current),
                timezone.localdate().isoformat(),
                translation.get_language(),
                request.scheme,
                request.get_host(),
            )
        )
    return key


def _prefix(request):
    return f"{settings.CACHE_MIDDLEWARE_KEY_PREFIX}g{request_generation(request)}"


def revalidate(response):
    """Browsers ask again every time (a cheap 304 thanks to the ETag), so an edit shows on
    the next request everywhere; the server-side cache does the speed-up."""
    del response["Expires"]
    response["Cache-Control"] = "no-cache"


class _GenerationPrefix:
    """Reads the key prefix per request instead of once per process."""

    def _with_prefix(self, request, method, *args):
        # The middleware instance is shared between threads: pass the prefix through a
        # per-call copy rather than changing the instance.
        clone = object.__new__(type(self))
        clone.__dict__.update(self.__dict__)
        clone.key_prefix = _prefix(request)
        return method(clone, request, *args)


class UpdatePageCacheMiddleware(_GenerationPrefix, UpdateCacheMiddleware):
    def process_response(self, request, response):
        if (
            settings.PAGE_CACHE_ENABLED
            and request.method in ("GET", "HEAD")
            and not request.path.startswith("/admin/")
        ):
            if response.cookies:
                # Never store a response that sets a cookie (a CSRF token, a session):
                # another visitor sending the same Cookie header must not receive it.
                request._cache_update_cache = False
            chosen_by_view = response.has_header("Cache-Control")
            response = self._with_prefix(request, UpdateCacheMiddleware.process_response, response)
            stored = (
                getattr(request, "_cache_update_cache", False)
                and response.status_code == 200
                and response.has_header("Expires")
            )
            if stored and not chosen_by_view:
                revalidate(response)
        return response


class FetchPageCacheMiddleware(_GenerationPrefix, FetchFromCacheMiddleware):
    def process_request(self, request):
        if not settings.PAGE_CACHE_ENABLED or request.path.startswith("/admin/"):
            request._cache_update_cache = False
            return None
        response = self._with_prefix(request, FetchFromCacheMiddleware.process_request)
        if response is not None:
            revalidate(response)
        return response


def _is_content(sender):
    label = sender._meta.label_lower
    return sender._meta.app_label in CONTENT_APPS and label not in NOT_CONTENT


def _on_change(sender, **kwargs):
    if _is_content(sender):
        _bump_now_and_on_commit()


def _bump_now_and_on_commit():
    # Now, and again once the change is committed: a request that read the new generation
    # before the commit may have rendered (and stored) the old rows under it.
    bump_generation()
    transaction.on_commit(bump_generation)


def connect_signals():
    for model in apps.get_models():
        if _is_content(model):
            post_save.connect(_on_change, sender=model, dispatch_uid=f"pagecache-save-{model}")
            post_delete.connect(_on_change, sender=model, dispatch_uid=f"pagecache-delete-{model}")
    m2m_changed.connect(_on_m2m, dispatch_uid="pagecache-m2m")


def _on_m2m(sender, instance, action, **kwargs):
    if action.startswith("post_") and _is_content(type(instance)):
        _bump_now_and_on_commit()
