"""The benchmark's baseline: a bare Django view returning a fixed 20 KB page.

Mounted at /bench/bare/ by tests/bench/urls.py only, which the benchmark's servers use
(tests/bench/settings.py); mocsite/urls.py never mounts it. It does no work (no
template, no query). The harness serves it twice:

- by a server with no middleware at all (BENCH_MIDDLEWARE=none): the cheapest possible
  Django answer, the baseline every page's throughput is divided by;
- by the site's own servers, through the full middleware stack: a diagnostic that shows
  what the middleware alone costs.

never_cache keeps it out of the page cache, so it is the same with the cache on or off.

`stored` is the same page without never_cache, at /bench/stored/, for the floor of the
page cache: a server whose only middlewares are Django's own two cache middlewares
(BENCH_MIDDLEWARE=django-cache) stores it once and then serves it from the page cache's
FileBasedCache. No page served by Django's cache middleware can be faster than that.
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


def stored(request):
    return HttpResponse(BARE_PAGE, content_type="text/html; charset=utf-8")


bare = never_cache(stored)
