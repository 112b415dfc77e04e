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

from django.apps import apps
from django.conf import settings
from django.core.cache import caches
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.middleware.cache import FetchFromCacheMiddleware, UpdateCacheMiddleware

GENERATION_KEY = "content-generation"
# Content that is not shown on public pages does not empty the page cache.
NOT_CONTENT = {"centre.contactrequest", "centre.contactrecipient", "centre.seedrecord"}
CONTENT_APPS = {"centre", "publications", "podcasts"}


def page_cache():
    return caches[settings.CACHE_MIDDLEWARE_ALIAS]


def generation():
    cache = page_cache()
    value = cache.get(GENERATION_KEY)
    if value is None:
        cache.add(GENERATION_KEY, 1, timeout=None)
        value = cache.get(GENERATION_KEY, 1)
    return value


def bump_generation(**kwargs):
    cache = page_cache()
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:  # no generation yet
        cache.set(GENERATION_KEY, 2, timeout=None)


def _prefix(request):
    if not hasattr(request, "_page_cache_prefix"):
        request._page_cache_prefix = f"{settings.CACHE_MIDDLEWARE_KEY_PREFIX}g{generation()}"
    return request._page_cache_prefix


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
        if (settings.PAGE_CACHE_ENABLED and request.method in ("GET", "HEAD")
                and not request.path.startswith("/admin/")):
            if response.cookies:
                # Never store a response that sets a cookie (a CSRF token, a session):
                # another visitor sending the same Cookie header must not receive it.
                request._cache_update_cache = False
            chosen_by_view = response.has_header("Cache-Control")
            response = self._with_prefix(request, UpdateCacheMiddleware.process_response,
                                         response)
            stored = (getattr(request, "_cache_update_cache", False)
                      and response.status_code == 200 and response.has_header("Expires"))
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
        bump_generation()


def connect_signals():
    for model in apps.get_models():
        if _is_content(model):
            post_save.connect(_on_change, sender=model, dispatch_uid=f"pagecache-save-{model}")
            post_delete.connect(_on_change, sender=model,
                                dispatch_uid=f"pagecache-delete-{model}")
    m2m_changed.connect(_on_m2m, dispatch_uid="pagecache-m2m")


def _on_m2m(sender, instance, action, **kwargs):
    if action.startswith("post_") and _is_content(type(instance)):
        bump_generation()
