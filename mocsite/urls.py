from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path, re_path
from django.utils.translation import gettext_lazy as _

from centre.sitemaps import SITEMAPS as CENTRE_SITEMAPS
from podcasts.sitemaps import SITEMAPS as PODCAST_SITEMAPS
from publications.sitemaps import SITEMAPS as PUBLICATION_SITEMAPS

from . import password_reset, sitemaps, views
from .media import serve_media
from .search import views as search_views

SITEMAPS = {**CENTRE_SITEMAPS, **PODCAST_SITEMAPS, **PUBLICATION_SITEMAPS}

# The pages first: Django tries the patterns in order, and the apps with an address
# prefix of their own before the centre's many top-level pages.
urlpatterns = i18n_patterns(
    path(_("podcasts/"), include("podcasts.urls")),
    path(_("publications/"), include("publications.urls")),
    path(_("talks/"), include("publications.talk_urls")),
    path(_("search/"), search_views.results, name="search"),
    path("", include("centre.urls")),
)
urlpatterns += [
    *password_reset.urlpatterns,  # « Mot de passe oublié ? » on the admin sign-in
    path("admin/", admin.site.urls),
    path("sitemap.xml", sitemaps.sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    path(
        "sitemap-<slug:section>.xml",
        sitemaps.sitemap_section,
        {"sitemaps": SITEMAPS},
        name="sitemap_section",
    ),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    path("health/", views.health, name="health"),
    path("favicon.ico", views.favicon),
    path("opensearch.xml", search_views.opensearch, name="opensearch"),
]

if settings.SERVE_MEDIA:
    media_prefix = settings.MEDIA_URL.lstrip("/")
    urlpatterns += [
        # serve_media answers Range requests, so audio players can seek.
        re_path(
            rf"^{media_prefix}(?P<path>.*)$", serve_media, {"document_root": settings.MEDIA_ROOT}
        ),
    ]

handler400 = "mocsite.views.bad_request"
handler500 = "mocsite.views.server_error"
