"""Absolute addresses and the current page in every language."""

from django.conf import settings
from django.urls import translate_url
from django.utils import translation


def absolute(request, path):
    """The full address of `path`: on SITE_URL when it is set, else on the request's host."""
    if settings.SITE_URL:
        return settings.SITE_URL + path
    return request.build_absolute_uri(path)


def language_links(request, obj=None):
    """The current page in every language, for the switcher and hreflang alternates.

    A page about one object (a disease, an episode, a filtered list…) passes it: its
    address is then rebuilt in each language from `obj.get_absolute_url()`, since its
    slug may differ between languages. Other pages translate their own path, keeping
    its page number (a page of a list) and no other parameter.
    """
    current = translation.get_language()
    page = request.GET.get("page", "")
    links = []
    for code, _name in settings.LANGUAGES:
        if obj is not None:
            with translation.override(code):
                path = obj.get_absolute_url()
        else:
            path = translate_url(request.path, code)
            if page.isdigit() and page != "1":
                path += f"?page={page}"
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
