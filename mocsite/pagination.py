"""Paged lists whose rows are read only when the page is rendered.

A list page served from its cached fragment (mocsite/fragments.py) needs the number of
rows (to answer 404 past the last page) but not the rows themselves: the paginator is
given a DeferredList, whose count can come from the cache and whose rows are a query
built on first use.
"""

from urllib.parse import urlencode

from django.core.paginator import InvalidPage, Paginator
from django.http import Http404
from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _

from .cache import cached_for_request


class DeferredList:
    """What the paginator sees instead of a queryset: `count()` comes from `count` and a
    page's rows from `factory()` (a queryset), read only when the page's list is
    rendered. Building the queryset itself is not free either, hence the factory."""

    def __init__(self, factory, count):
        self.factory = factory
        self._count = count

    def count(self):
        return self._count()

    def __getitem__(self, key):
        return SimpleLazyObject(lambda: list(self.factory()[key]))


def cached_paginator(request, name, factory, per_page):
    """A paginator over `factory()`, its count kept in the cache under `name` (what the
    list is, with its filters) until content changes."""
    return Paginator(
        DeferredList(
            factory,
            count=lambda: cached_for_request(request, f"count:{name}", lambda: factory().count()),
        ),
        per_page,
    )


def page_or_404(paginator, number):
    """The page `number` (a GET value: a number or "last"); 404 for anything else or past
    the end, as Django's list views do."""
    number = number or 1
    try:
        return paginator.page(paginator.num_pages if number == "last" else int(number))
    except (ValueError, TypeError, InvalidPage) as error:
        raise Http404(_("No such page.")) from error


class ListAddress:
    """A list page's own address (its URL name, filters and page number), rebuilt in each
    language for the language switcher and used as the key of the cached page."""

    def __init__(self, url_name, params=None, page_number=1):
        self.url_name = url_name
        self.params = dict(params or {})
        self.page_number = page_number

    def get_params(self):
        return self.params

    def query(self):
        params = {name: value for name, value in self.get_params().items() if value}
        if self.page_number > 1:
            params["page"] = self.page_number
        return urlencode(params)

    def get_absolute_url(self):
        query = self.query()
        url = reverse(self.url_name)
        return f"{url}?{query}" if query else url

    def serve(self, request):
        """Makes this the request's page: the language switcher rebuilds it in each
        language, and the page is kept under it (mocsite/fragments.py) rather than under
        the raw address with whatever parameters came with it. Returns the address."""
        request.translatable_object = self
        request.page_fragment = self.get_absolute_url()
        return request.page_fragment
