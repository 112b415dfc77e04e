"""The page cache: Django's cache middleware on a cache of its own, emptied when content changes.

Anonymous visitors get pages from the "pages" cache (settings.CACHE_MIDDLEWARE_ALIAS),
which holds nothing else, so emptying it with clear() after a staff edit costs nothing
but the next renders: sessions and rate limits live elsewhere. Without Redis it is a
FileBasedCache under STATE_DIR that every gunicorn worker of the machine shares; with
Redis, a Redis database of its own (clear() is FLUSHDB).

On top of Django's own rules (GET/HEAD, status 200, no `private`/`no-store`), a page is
stored only when it does not set a cookie and its address has no query parameter that
no page reads (so `?utm_campaign=…` cannot multiply entries: such requests are rendered
and not kept). Lists that read parameters redirect to their canonical address.
"""

import logging
from datetime import datetime, timedelta

from django.apps import apps
from django.conf import settings
from django.core.cache import caches
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.middleware import cache as cache_middleware
from django.utils import timezone
from django.utils.cache import patch_cache_control

logger = logging.getLogger(__name__)

# The query parameters some public page reads; an address with any other is not stored.
PAGE_PARAMETERS = {"page", "year", "disease", "member"}
# Rows that no public page shows: saving them leaves the page cache alone.
NOT_CONTENT = {"centre.contactrequest", "centre.contactrecipient", "centre.seedrecord"}
CONTENT_APPS = {"centre", "publications", "podcasts"}


def clear_page_cache():
    try:
        caches[settings.CACHE_MIDDLEWARE_ALIAS].clear()
    except Exception:  # a cache that is down holds no page either
        logger.warning("The page cache could not be emptied", exc_info=True)


def seconds_until_next_change(now=None):
    """How long a page may be kept: what is published, upcoming or past moves on at
    midnight (Europe/Paris), so no page outlives the day it was rendered on."""
    now = timezone.localtime(now)
    midnight = timezone.make_aware(
        datetime.combine(now.date() + timedelta(days=1), datetime.min.time())
    )
    return max(1, min(settings.CACHE_MIDDLEWARE_SECONDS, int((midnight - now).total_seconds())))


def _storable_address(request):
    parameters = request.GET
    return all(
        name in PAGE_PARAMETERS and len(parameters.getlist(name)) == 1 for name in parameters
    )


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
        )

    def process_response(self, request, response):
        if not self._should_update_cache(request, response) or response.status_code != 200:
            return response
        chosen_by_view = response.has_header("Cache-Control")
        if not chosen_by_view:
            patch_cache_control(response, max_age=seconds_until_next_change())
        try:
            response = super().process_response(request, response)
        except Exception:  # the page is served all the same, only not kept
            logger.exception("The page cache is unavailable: pages are rendered every time")
        if not chosen_by_view:
            _revalidate(response)
        return response


class FetchFromCacheMiddleware(cache_middleware.FetchFromCacheMiddleware):
    def process_request(self, request):
        if request.path.startswith("/admin/") or not _storable_address(request):
            request._cache_update_cache = False
            return None
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
