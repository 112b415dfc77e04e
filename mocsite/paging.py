"""Which page of a list `?page=` asks for: one rule for every paged list of the site.

A page has one address. Django's ListView reads the number with int(), which also takes
"２" (a full-width digit), " 2" and "٢", so page 2 would be served under made-up addresses
too (each one a page of its own for the page cache and the search engines). Here only a
plain ASCII number of a page there is, or "last", is a page; anything else is a 404, as
ListView already answers "abc".
"""

from django.core.paginator import InvalidPage
from django.http import Http404

from .cache import reads_parameters


def plain_number(value):
    """`value` as a number when it is written as a plain ASCII number, without a leading
    zero ("02" would be page 2 under a second address), else None ("²" and "２" pass
    isdigit(), int() takes " 2" and refuses 4,300+ digits)."""
    if value.isascii() and value.isdigit() and len(value) < 19 and value[0] != "0":
        return int(value)
    return None


def requested_page(request, paginator, name="page"):
    """The page of `paginator` that `?page=` asks for (the first when it is missing or
    empty, the last for "last"); a 404 for anything else than a plain number of a page
    there is. Its number is noted on the request (`request.page_number`): the canonical
    address and the language links name page N, not "last" (mocsite.links.page_query)."""
    page = request.GET.get(name) or "1"
    number = paginator.num_pages if page == "last" else plain_number(page)
    if number is None:
        raise Http404
    try:
        found = paginator.page(number)
    except InvalidPage as error:  # out of range, or an empty list that has no page
        raise Http404 from error
    request.page_number = found.number
    if page == str(found.number) != "1":
        # The page's own address (not "?page=1" nor "?page=last"): the page cache may keep it.
        reads_parameters(request, name)
    return found


class PlainPageNumbers:
    """For a paged ListView (before ListView in its bases): the page is read by
    requested_page() instead of int(), so `?page=２` is a 404 and not page 2."""

    def paginate_queryset(self, queryset, page_size):
        paginator = self.get_paginator(
            queryset,
            page_size,
            orphans=self.get_paginate_orphans(),
            allow_empty_first_page=self.get_allow_empty(),
        )
        page = requested_page(self.request, paginator, self.page_kwarg)
        return paginator, page, page.object_list, page.has_other_pages()
