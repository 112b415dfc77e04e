"""Addresses that moved answer 301 to where the page now lives, for ever.

When an item's address changes (its slug in either language, or a podcast series' slug
under which its episodes live), record() keeps a Redirect from the old path to the new one
in that language. Chains collapse (A→B then B→C leaves A→C and B→C) and renaming back
removes the redirect that would now loop. RedirectFallbackMiddleware reads the table only
when no page answered (404), like django.contrib.redirects' fallback middleware, so pages
that exist cost no query.
"""

from django.conf import settings
from django.db import transaction
from django.http import HttpResponsePermanentRedirect
from django.utils import translation

from .cache import clear_page_cache
from .models import Redirect
from .reverting import is_reverting


def _path(url):
    return url.split("#", 1)[0] if url else ""


def addresses(obj):
    """{(language, what): path} of the item's own public pages, without #fragments.

    An item whose page is an anchor on a list (a care protocol, a trial) has the list's
    path, which never moves; it gets no redirect then.
    """
    found = {}
    get_url = getattr(obj, "get_absolute_url", None)
    if get_url is None:
        return found
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            found[(code, "page")] = _path(get_url())
            for what, url in _more_addresses(obj):
                found[(code, what)] = _path(url)
    return found


def _more_addresses(obj):
    """Other addresses that move with the item: a calendar file, a feed, the episodes of a
    series (their address starts with the series' slug)."""
    label = obj._meta.label_lower
    if label == "centre.event":
        yield "ics", obj.get_ics_url()
    elif label == "podcasts.series":
        yield "feed", obj.get_feed_url()
        for episode in obj.episodes.all():
            episode.series = obj
            yield f"episode-{episode.pk}", episode.get_absolute_url()


def record(old_path, new_path, automatic=True):
    """Send old_path to new_path from now on, collapsing chains and breaking loops."""
    if not old_path or not new_path or old_path == new_path:
        return
    # The new address is a page again: nothing may send it elsewhere.
    Redirect.objects.filter(old_path=new_path).delete()
    # Whatever led to the old address now leads straight to the new one.
    Redirect.objects.filter(new_path=old_path).update(new_path=new_path)
    Redirect.objects.update_or_create(
        old_path=old_path, defaults={"new_path": new_path, "automatic": automatic}
    )


def _skipped(raw):
    """Fixtures (raw saves) leave addresses alone; a restored version (a raw save too) is
    a change of address like any other."""
    return raw and not is_reverting()


def remember_addresses(sender, instance, raw=False, **kwargs):
    """pre_save: the addresses the item had before this save."""
    if _skipped(raw) or instance.pk is None:
        return
    old = type(instance)._base_manager.filter(pk=instance.pk).first()
    instance._addresses_before_save = addresses(old) if old is not None else {}


def redirect_moved_addresses(sender, instance, raw=False, **kwargs):
    """post_save: every address that changed gets a redirect; the item's current addresses
    lose any redirect that pointed away from them (a recovered item, a reused slug)."""
    if _skipped(raw):
        return
    before = getattr(instance, "_addresses_before_save", {})
    instance._addresses_before_save = {}
    now = addresses(instance)
    for key, old_path in before.items():
        record(old_path, now.get(key, ""))
    live = [path for path in now.values() if path]
    if live:
        Redirect.objects.filter(old_path__in=live).delete()


def redirect_deleted(obj, target):
    """Send the addresses of a deleted item to `target`: another item (its address in the
    same language) or a path on the site (for every language)."""
    target_addresses = addresses(target) if not isinstance(target, str) else {}
    for (code, what), old_path in addresses(obj).items():
        if isinstance(target, str):
            new_path = target
        else:
            new_path = target_addresses.get((code, what)) or target_addresses.get((code, "page"))
        record(old_path, new_path, automatic=False)


def redirects_changed(sender, **kwargs):
    clear_page_cache()
    transaction.on_commit(clear_page_cache)


class RedirectFallbackMiddleware:
    """A 404 at an address that moved becomes a 301 to the new address (query kept)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code != 404 or request.method not in ("GET", "HEAD"):
            return response
        new_path = (
            Redirect.objects.filter(old_path=request.path)
            .values_list("new_path", flat=True)
            .first()
        )
        if not new_path:
            return response
        query = request.META.get("QUERY_STRING", "")
        return HttpResponsePermanentRedirect(f"{new_path}?{query}" if query else new_path)
