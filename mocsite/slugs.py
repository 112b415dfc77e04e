"""Objects whose slug is translated (modeltranslation's `slug_fr`, `slug_en`)."""

from django.conf import settings
from django.db.models import Q


def by_any_slug(queryset, slug):
    """The row whose slug, in any of the site's languages, is `slug`, or None.

    A visitor may follow an address in the other language (a shared link, the language
    switch of an older page); the view then redirects to this language's own address.
    """
    match = Q()
    for code, _name in settings.LANGUAGES:
        match |= Q(**{f"slug_{code}": slug})
    return queryset.filter(match).first()


def cached_by_any_slug(request, name, queryset, slug):
    """by_any_slug(queryset(), slug), kept in the cache until content changes (and for the
    day: what is published depends on the date). A page whose content comes from cached
    fragments (mocsite/fragments.py) then needs no query at all. `queryset` is a function:
    building a queryset costs time too."""
    from .cache import cached_for_request

    return cached_for_request(
        request, f"object:{name}:{slug}", lambda: by_any_slug(queryset(), slug)
    )
