"""Context shared by every page: the centre's profile, navigation, language links, SEO links."""

import functools

from django.conf import settings
from django.urls import NoReverseMatch, get_script_prefix, get_urlconf, reverse, translate_url
from django.utils import translation
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext_lazy as _

from centre.models import Centre, Network

# Main navigation: (URL name, label). The item whose address starts the current path is
# marked with aria-current.
NAVIGATION = [
    ("centre:home", _("Home")),
    ("centre:about", _("The centre")),
    ("centre:team", _("Team")),
    ("centre:disease_list", _("Diseases")),
    ("podcasts:list", _("Podcasts")),
    ("publications:list", _("Publications")),
    ("talks:list", _("Talks")),
    ("centre:care_protocols", _("Care protocols")),
    ("centre:research", _("Research")),
    ("centre:event_list", _("Events")),
    ("centre:contact", _("Contact")),
]


def absolute(request, path):
    if settings.SITE_URL:
        return settings.SITE_URL + path
    return request.build_absolute_uri(path)


@functools.lru_cache(maxsize=4096)
def _translate_path(path, code, script_prefix, urlconf):
    """translate_url() depends only on the address and the URL configuration: resolved
    once per process for each page of a fixed address."""
    return translate_url(path, code)


def language_links(request):
    """The current page in every language, for the switcher and hreflang alternates.

    A page about one object (a disease, an episode…) sets `request.translatable_object`;
    its address is then rebuilt in each language from the object itself, since its slug
    may differ between languages.
    """
    obj = getattr(request, "translatable_object", None)
    links = []
    for code, name in settings.LANGUAGES:
        if obj is not None:
            with translation.override(code):
                path = obj.get_absolute_url()
        else:
            path = _translate_path(request.path, code, get_script_prefix(), get_urlconf())
        links.append(
            {
                "code": code,
                "name": name,
                "native_name": translation.get_language_info(code)["name_local"],
                "path": path,
                "url": absolute(request, path),
                "current": code == translation.get_language(),
            }
        )
    return links


@functools.lru_cache(maxsize=32)
def _navigation_urls(language, script_prefix, urlconf):
    """(URL name, address, label) of each menu item: the same for every request in a
    language, so reversed once per process."""
    urls = []
    for url_name, label in NAVIGATION:
        try:
            urls.append((url_name, reverse(url_name, urlconf=urlconf), label))
        except NoReverseMatch:
            continue
    return tuple(urls)


def navigation_urls():
    return _navigation_urls(translation.get_language(), get_script_prefix(), get_urlconf())


def navigation_state(request):
    """(index of the current menu item or None, whether the page *is* that item): all the
    menu depends on, hence the key of its cached fragment."""
    for index, (url_name, url, label) in enumerate(navigation_urls()):
        is_home = url_name == "centre:home"
        if request.path == url or (not is_home and request.path.startswith(url)):
            return index, request.path == url
    return None, False


def navigation(request):
    current, exact = navigation_state(request)
    return [
        {
            "url": url,
            "label": label,
            "current": index == current,
            "exact": index == current and exact,
        }
        for index, (url_name, url, label) in enumerate(navigation_urls())
    ]


def cached_centre(request):
    """The centre's profile, kept in the cache until content changes (every page shows
    it, in its title and footer)."""
    from .cache import cached_for_request

    return cached_for_request(request, "centre-profile", Centre.load)


def site(request):
    links = SimpleLazyObject(lambda: language_links(request))
    return {
        "centre": SimpleLazyObject(lambda: cached_centre(request)),
        "footer_networks": SimpleLazyObject(lambda: list(Network.objects.all())),
        "navigation": SimpleLazyObject(lambda: navigation(request)),
        "navigation_state": SimpleLazyObject(lambda: navigation_state(request)),
        "language_links": links,
        "canonical_url": SimpleLazyObject(lambda: absolute(request, request.path)),
    }
