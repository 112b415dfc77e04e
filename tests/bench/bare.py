"""The benchmark's baseline: a bare Django view returning a fixed 20 KB page.

Mounted at /bench/bare/ only when BENCHMARK_BARE_VIEW=true (see mocsite/urls.py), which
`python -m mocsite.bench` sets for the servers it starts; never in production. It goes
through the same middleware as every page but does no work (no template, no query), so a
page's throughput divided by this view's is the share of the cheapest possible Django
answer that the page reaches. It is kept out of the page cache (never_cache) so the
baseline is the same whether the cache is on or off.
"""

from django.http import HttpResponse
from django.views.decorators.cache import never_cache

BARE_PAGE_SIZE = 20 * 1024


def _page(size=BARE_PAGE_SIZE):
    head = (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        "<title>Bare benchmark page</title></head><body><main><h1>Bare page</h1>\n"
    )
    tail = "</main></body></html>\n"
    line = "<p>" + "Lorem ipsum dolor sit amet, consectetur adipiscing elit. " * 2 + "</p>\n"
    body = line * ((size - len(head) - len(tail)) // len(line) + 1)
    filler = body[: size - len(head) - len(tail)]
    # The last paragraph is cut short, so the page is exactly `size` bytes.
    return (head + filler[: -len("</p>\n")] + "</p>\n" + tail).encode("ascii")


BARE_PAGE = _page()


@never_cache
def bare(request):
    return HttpResponse(BARE_PAGE, content_type="text/html; charset=utf-8")
