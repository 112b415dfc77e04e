"""The site's URLconf with the benchmark's bare view in front (tests/bench/settings.py).

The bare view comes first, so resolving its address costs one pattern (its stored copy,
the floor of the page cache, comes second); the site's own URLconf (mocsite/urls.py)
never mounts either.
"""

from django.urls import path

from mocsite.urls import handler400, handler500  # noqa: F401 (Django reads them here)
from mocsite.urls import urlpatterns as site_urlpatterns

from .bare import bare, stored

urlpatterns = [
    path("bench/bare/", bare, name="bench_bare"),
    path("bench/stored/", stored, name="bench_stored"),
    *site_urlpatterns,
]
