"""Context shared by every page: the centre's profile, navigation, language links, SEO links."""

from django.conf import settings
from django.urls import NoReverseMatch, reverse, translate_url
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
            path = translate_url(request.path, code)
        links.append({
            "code": code,
            "name": name,
            "native_name": translation.get_language_info(code)["name_local"],
            "path": path,
            "url": absolute(request, path),
            "current": code == translation.get_language(),
        })
    return links


def navigation(request):
    items = []
    for url_name, label in NAVIGATION:
        try:
            url = reverse(url_name)
        except NoReverseMatch:
            continue
        is_home = url_name == "centre:home"
        current = request.path == url if is_home else request.path.startswith(url)
        items.append({"url": url, "label": label, "current": current,
                      "exact": request.path == url})
    return items


def site(request):
    links = SimpleLazyObject(lambda: language_links(request))
    return {
        "centre": SimpleLazyObject(Centre.load),
        "footer_networks": SimpleLazyObject(lambda: list(Network.objects.all())),
        "navigation": SimpleLazyObject(lambda: navigation(request)),
        "language_links": links,
        "canonical_url": SimpleLazyObject(lambda: absolute(request, request.path)),
    }
