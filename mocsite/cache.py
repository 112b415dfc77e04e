"""The page cache: Django's cache middleware on a cache of its own, emptied when content changes.

Anonymous visitors get pages from the "pages" cache (settings.CACHE_MIDDLEWARE_ALIAS),
which holds nothing else, so emptying it with clear() after a staff edit costs nothing
but the next renders: sessions and rate limits live elsewhere. Without Redis it is a
FileBasedCache under STATE_DIR that every gunicorn worker of the machine shares; with
Redis, a Redis database of its own (clear() is FLUSHDB).

On top of Django's own rules (GET/HEAD, status 200, no `private`/`no-store`), a page is
stored only when it does not set a cookie and its view read every query parameter of
its address (mocsite.paging and the publication filters say so with reads_parameters()),
so `?utm_campaign=…`, or `?page=2` on a page that is not a list, cannot multiply entries:
such requests are rendered and not kept. Lists that read parameters redirect to their
canonical address.

With Redis, the cache is an accelerator, never a point of failure: its errors are ignored
and logged once a minute (settings: IGNORE_EXCEPTIONS, OncePerInterval), each command
gives up after REDIS_TIMEOUT, and FailFastRedis leaves a server that just failed alone for
REDIS_RETRY_SECONDS, so a hung Redis costs one timeout per interval, not several per
request. Pages are then rendered every time (docs/operations.md).
"""

import logging
import time
from datetime import datetime, timedelta

import redis
from django.apps import apps
from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends import filebased
from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.db import DatabaseError, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.middleware import cache as cache_middleware
from django.utils import timezone, translation
from django.utils.cache import patch_cache_control

logger = logging.getLogger(__name__)
# Not rate-limited like the logger above: one line per outage and process.
recovery_logger = logging.getLogger("mocsite.cache.recovery")

# The query parameters some public page reads; an address with any other is not stored.
PAGE_PARAMETERS = {"page", "year", "disease", "member"}
# Rows that no public page shows: saving them leaves the page cache alone.
NOT_CONTENT = {
    "centre.contactrequest",
    "centre.contactrecipient",
    "centre.contactratelimit",  # a visitor's message counts against their address
    "centre.seedrecord",
}
CONTENT_APPS = {"centre", "publications", "podcasts"}


def clear_page_cache():
    try:
        caches[settings.CACHE_MIDDLEWARE_ALIAS].clear()
    except Exception:  # a cache that is down holds no page either
        logger.warning("The page cache could not be emptied", exc_info=True)


class FailFastRedis(redis.Redis):
    """The Redis client of the caches (django-redis's REDIS_CLIENT_CLASS): after a
    connection error or a timeout, every command to that server fails at once, without
    touching the network, for REDIS_RETRY_SECONDS; the first command after that tries
    again.

    When a server that had failed answers again, the page cache is emptied: a staff edit
    saved meanwhile could not empty it, and pages stored before the outage may still be
    there. Rendering them afresh once is the price.
    """

    # Server address -> time.monotonic() until which it is not tried; shared by the
    # threads and clients of this process (the "default" and "pages" caches share a server).
    _down_until = {}

    def _server(self):
        kwargs = self.connection_pool.connection_kwargs
        return (kwargs.get("host"), kwargs.get("port"), kwargs.get("path"))

    def execute_command(self, *args, **options):
        server = self._server()
        until = self._down_until.get(server)
        if until is not None and time.monotonic() < until:
            raise redis.ConnectionError("Redis failed a moment ago: not tried again yet")
        try:
            result = super().execute_command(*args, **options)
        except (redis.ConnectionError, redis.TimeoutError):
            self._down_until[server] = time.monotonic() + settings.REDIS_RETRY_SECONDS
            raise
        if until is not None and self._down_until.pop(server, None) is not None:
            recovery_logger.warning("Redis answers again: the page cache is emptied")
            clear_page_cache()
        return result

    @classmethod
    def forget_failures(cls):
        """Every server is tried at the next command (tests)."""
        cls._down_until.clear()


class FileBasedCache(filebased.FileBasedCache):
    """Django's FileBasedCache, an accelerator like Redis: when its directory cannot be
    read or written (a full disk, a missing or read-only directory), reads find nothing
    and writes are dropped, logged once a minute, as django-redis's IGNORE_EXCEPTIONS
    does; pages are then rendered every time."""

    def _createdir(self):
        try:
            super()._createdir()
        except OSError:  # set() tries again, and fails as quietly
            logger.warning("The page cache's directory cannot be made", exc_info=True)

    def get(self, key, default=None, version=None):
        try:
            return super().get(key, default, version)
        except OSError:
            logger.warning("The page cache cannot be read", exc_info=True)
            return default

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        try:
            super().set(key, value, timeout, version)
        except OSError:
            logger.warning("The page cache cannot be written", exc_info=True)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        try:
            return super().add(key, value, timeout, version)
        except OSError:
            logger.warning("The page cache cannot be written", exc_info=True)
            return False


def seconds_until_next_change(now=None):
    """How long a page may be kept: what is published, upcoming or past moves on at
    midnight (Europe/Paris), so no page outlives the day it was rendered on, nor the next
    go-live or expiry time of any content (one query, mocsite.publishing.next_change)."""
    from .publishing import next_change

    now = timezone.localtime(now)
    midnight = timezone.make_aware(
        datetime.combine(now.date() + timedelta(days=1), datetime.min.time())
    )
    until = midnight
    scheduled = next_change(now)
    if scheduled is not None and scheduled < until:
        until = scheduled
    seconds = int((until - now).total_seconds())
    return max(1, min(settings.CACHE_MIDDLEWARE_SECONDS, seconds))


def reads_parameters(request, *names):
    """Notes that the page shown depends on these query parameters (the page of a list,
    its filters). A page is stored only when its view read every parameter of its
    address: `/fr/contact/?page=2` is the contact page rendered, not a page to keep."""
    request.read_parameters = getattr(request, "read_parameters", frozenset()) | set(names)


def _storable_address(request):
    """Whether the address may be a stored page: the parameters some page reads, once
    each (checked before the view runs, so an address no page has is not looked up)."""
    parameters = request.GET
    return all(
        name in PAGE_PARAMETERS and len(parameters.getlist(name)) == 1 for name in parameters
    )


def _read_by_view(request):
    return set(request.GET) <= getattr(request, "read_parameters", frozenset())


def _revalidate(response):
    """Browsers ask again every time (a cheap 304 thanks to the ETag), so an edit shows on
    the next request everywhere; the page cache on the server does the speed-up."""
    del response["Expires"]
    response["Cache-Control"] = "no-cache"


class UpdateCacheMiddleware(cache_middleware.UpdateCacheMiddleware):
    def _should_update_cache(self, request, response):
        return (
            super()._should_update_cache(request, response)
            and not response.cookies
            and _storable_address(request)
            and _read_by_view(request)
        )

    def process_response(self, request, response):
        if not self._should_update_cache(request, response) or response.status_code != 200:
            return response
        chosen_by_view = response.has_header("Cache-Control")
        if not chosen_by_view:
            try:
                lifetime = seconds_until_next_change()
            except DatabaseError:  # when content next changes is unknown: served, not kept
                logger.warning("The page cache cannot read the schedule", exc_info=True)
                _revalidate(response)
                return response
            patch_cache_control(response, max_age=lifetime)
        try:
            response = super().process_response(request, response)
        except Exception:  # the page is served all the same, only not kept
            logger.exception("The page cache is unavailable: pages are rendered every time")
        if not chosen_by_view:
            _revalidate(response)
        return response


class FetchFromCacheMiddleware(cache_middleware.FetchFromCacheMiddleware):
    """Serves a stored page before sessions, locale, CSRF and authentication run.

    The key holds the page's language: LocaleMiddleware has not chosen it yet, so it is
    read here the way LocaleMiddleware reads it (the address's prefix, otherwise the
    cookie and Accept-Language), and UpdateCacheMiddleware, on the way out, finds the
    same. The host is checked first, so a forged Host header is a 400, as below.
    """

    def process_request(self, request):
        if request.path.startswith("/admin/") or not _storable_address(request):
            request._cache_update_cache = False
            return None
        language = translation.get_language_from_request(request, check_path=True)
        translation.activate(language)  # the 400 page of a forged host speaks it too
        request.LANGUAGE_CODE = language
        request.get_host()  # DisallowedHost: a 400, never a cache error
        try:
            response = super().process_request(request)
        except Exception:  # rendered as if the page was not stored
            logger.exception("The page cache is unavailable: pages are rendered every time")
            request._cache_update_cache = False
            return None
        if response is not None:
            _revalidate(response)
        return response


def _is_content(model):
    return model._meta.app_label in CONTENT_APPS and model._meta.label_lower not in NOT_CONTENT


def _content_changed(sender, **kwargs):
    if _is_content(sender):
        # Now, and again once the change is committed: a request that rendered the old
        # rows in between may have stored them.
        clear_page_cache()
        transaction.on_commit(clear_page_cache)


def _relation_changed(sender, instance, action, **kwargs):
    if action.startswith("post_"):
        _content_changed(type(instance))


def connect_signals():
    for model in apps.get_models():
        if _is_content(model):
            post_save.connect(_content_changed, sender=model, dispatch_uid=f"pages-save-{model}")
            post_delete.connect(_content_changed, sender=model, dispatch_uid=f"pages-del-{model}")
    m2m_changed.connect(_relation_changed, dispatch_uid="pages-m2m")
