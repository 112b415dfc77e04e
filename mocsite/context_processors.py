"""Context shared by every page: navigation, language links, canonical address."""

from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext_lazy as _

from .links import absolute, language_links

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
    ("centre:research", _("Clinical research")),
    ("centre:event_list", _("Events")),
    ("centre:contact", _("Contact")),
]


def navigation(request):
    """The menu, its item for the current page marked (`exact` when it is that page)."""
    items = [{"url": reverse(name), "label": label} for name, label in NAVIGATION]
    current = next(
        (
            item
            for item in items[1:]  # the home page's "/fr/" starts every address
            if request.path.startswith(item["url"])
        ),
        items[0] if request.path == items[0]["url"] else None,
    )
    for item in items:
        item["current"] = item is current
        item["exact"] = item is current and request.path == item["url"]
    return items


def canonical_url(request):
    """The page's own address: its path, and its page number on a paged list (as the
    language links keep it); no other parameter."""
    page = request.GET.get("page", "")
    query = f"?page={page}" if page.isdigit() and page != "1" else ""
    return absolute(request, request.path + query)


def site(request):
    return {
        "navigation": SimpleLazyObject(lambda: navigation(request)),
        # Pages about an object pass their own (mocsite.links.language_links).
        "language_links": SimpleLazyObject(lambda: language_links(request)),
        "canonical_url": SimpleLazyObject(lambda: canonical_url(request)),
    }
