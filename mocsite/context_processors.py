"""Context shared by every page: navigation, language links, canonical address."""

from django.urls import NoReverseMatch, reverse
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext_lazy as _

from .links import absolute, language_links, page_query

# Main navigation: at most seven top-level items, on one line from 1,024 px in both
# languages (tests/browser/test_layout_browser.py). An item is (URL name, label) or a
# disclosure menu (label, [(URL name, label, fragment), ...]). A URL name that does not
# exist (yet) is left out, so the menu can name the pages other apps are adding.
NAVIGATION = [
    (
        _("The centre"),
        [
            ("centre:about", _("About the centre"), ""),
            ("centre:about", _("Our missions"), "#missions"),
            ("centre:team", _("Team"), ""),
            ("centre:glossary", _("Glossary"), ""),
        ],
    ),
    ("centre:disease_list", _("Diseases")),
    (
        _("Care"),
        [
            ("centre:care_protocols", _("Care protocols (PNDS)"), ""),
            ("centre:referral", _("Refer a patient"), ""),
            ("centre:transition", _("Moving to adult care"), ""),
        ],
    ),
    (
        _("Clinical research"),
        [
            ("centre:research", _("Clinical trials"), ""),
            ("centre:research", _("Registries"), "#registries"),
            ("publications:list", _("Publications"), ""),
            ("talks:list", _("Talks"), ""),
        ],
    ),
    ("podcasts:list", _("Podcasts")),
    ("centre:event_list", _("Events")),
    ("centre:contact", _("Contact")),
]


def _address(name):
    try:
        return reverse(name)
    except NoReverseMatch:
        return None


def navigation(request):
    """The menu: links, and disclosure menus of links. The link whose address starts the
    current path is marked `current` (`exact` when it is that page), and so is its menu."""
    items = []
    for entry in NAVIGATION:
        if isinstance(entry[1], list):
            links = [
                {"url": url + fragment, "path": url, "label": label, "fragment": fragment}
                for name, label, fragment in entry[1]
                if (url := _address(name))
            ]
            items.append({"label": entry[0], "links": links})
        else:
            url = reverse(entry[0])
            # "links" is there, empty: a key the template asks for and a dict lacks is
            # looked for as an attribute too, and then through dir(), at every request.
            items.append({"url": url, "path": url, "label": entry[1], "fragment": "", "links": []})
    links = [link for item in items for link in item["links"] or [item]]
    # The longest matching address wins (the team page lies under no other); a fragment
    # link is never the current page, its page's own link is.
    current = max(
        (link for link in links if not link["fragment"] and request.path.startswith(link["path"])),
        key=lambda link: len(link["path"]),
        default=None,
    )
    for item in items:
        for link in item["links"] or [item]:
            link["current"] = link is current
            link["exact"] = link is current and request.path == link["path"]
        item["current"] = any(link["current"] for link in item["links"] or [item])
    return items


def canonical_url(request):
    """The page's own address: its path, and its page number on a paged list (as the
    language links keep it); no other parameter."""
    return absolute(request, request.path + page_query(request))


def site(request):
    return {
        # Set by the view (mocsite.publishing) for staff only: the "Not published" banner
        # or the preview's, and noindex. Read here, not as request attributes the
        # template would look for on every visitor's request and not find.
        "unpublished_item": getattr(request, "unpublished_item", None),
        "publishing_preview": getattr(request, "publishing_preview", None),
        "navigation": SimpleLazyObject(lambda: navigation(request)),
        # Pages about an object pass their own (mocsite.links.language_links).
        "language_links": SimpleLazyObject(lambda: language_links(request)),
        "canonical_url": SimpleLazyObject(lambda: canonical_url(request)),
    }
