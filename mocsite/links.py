"""Absolute addresses and the current page in every language."""

from django.conf import settings
from django.urls import translate_url
from django.utils import translation


def absolute(request, path):
    """The full address of `path`: on SITE_URL when it is set, else on the request's host."""
    if settings.SITE_URL:
        return settings.SITE_URL + path
    return request.build_absolute_uri(path)


def page_query(request, number=None):
    """ "?page=N" on page N > 1 of a list, else "": what the canonical address and the
    language links keep of a paged list's address (page 1's address is the list's own).
    N is `number`, else the page served, as mocsite.paging.requested_page notes it
    (`?page=last` is page N there); a page that is not a list has no page number,
    whatever its address says."""
    number = number or getattr(request, "page_number", None)
    return f"?page={number}" if number and number > 1 else ""


def language_links(request, obj=None):
    """The current page in every language, for the switcher and hreflang alternates.

    A page about one object (a disease, an episode, a filtered list…) passes it: its
    address is then rebuilt in each language from `obj.get_absolute_url()`, since its
    slug may differ between languages. Every page keeps its page number (a page of a
    list, or of an object's list: a series' episodes) and no other parameter; an object
    whose address has a query of its own (a filtered list) gives its page number there.
    """
    current = translation.get_language()
    page = page_query(request)
    links = []
    for code, _name in settings.LANGUAGES:
        if obj is not None:
            with translation.override(code):
                path = obj.get_absolute_url()
            if "?" not in path:
                path += page
        else:
            path = translate_url(request.path, code) + page
        links.append(
            {
                "code": code,
                "native_name": translation.get_language_info(code)["name_local"],
                "path": path,
                "url": absolute(request, path),
                "current": code == current,
            }
        )
    return links
