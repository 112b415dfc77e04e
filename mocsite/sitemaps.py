"""What every app's sitemap shares: an address per language, with hreflang alternates;
and the sitemap views: the whole site in one sitemap while it is small, an index of
sitemap pages once it is not."""

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps import views as sitemap_views
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.functional import cached_property

from .links import absolute

# sitemaps.org: at most 50,000 addresses in one sitemap file.
MAX_URLS = 50_000


class I18nSitemap(Sitemap):
    """Items are objects with get_absolute_url(), or URL names of fixed pages.

    Addresses are on SITE_URL when it is set (like every absolute link of the site), on
    the request's host otherwise. The x-default alternate is the address in LANGUAGE_CODE,
    as the pages' own <link rel="alternate" hreflang="x-default"> say: Django's own
    x-default drops the language prefix, which this site's addresses always have.
    """

    i18n = True
    alternates = True
    x_default = False  # added by get_urls, see above
    changefreq = "monthly"
    limit = MAX_URLS  # addresses per sitemap page (each language's address counts)

    def location(self, item):
        return reverse(item) if isinstance(item, str) else item.get_absolute_url()

    def lastmod(self, item):
        """When the row was last saved, for the content that records it; fixed pages have
        no such date, and none is made up for them."""
        return getattr(item, "updated_at", None)

    @cached_property
    def paginator(self):
        # Read once: counting the pages and writing one must not run items() twice.
        return super().paginator

    def get_protocol(self, protocol=None):
        if settings.SITE_URL:
            return settings.SITE_URL.split("://", 1)[0]
        return super().get_protocol(protocol)

    def get_domain(self, site=None):
        if settings.SITE_URL:
            return settings.SITE_URL.split("://", 1)[1]
        return super().get_domain(site)

    def get_urls(self, page=1, site=None, protocol=None):
        urls = super().get_urls(page=page, site=site, protocol=protocol)
        for url in urls:
            default = [a for a in url["alternates"] if a["lang_code"] == settings.LANGUAGE_CODE]
            if default:
                url["alternates"].append(
                    {"location": default[0]["location"], "lang_code": "x-default"}
                )
        return urls


def _instances(sitemaps):
    return {name: site() if callable(site) else site for name, site in sitemaps.items()}


def sitemap(request, sitemaps):
    """/sitemap.xml: every address while they fit in one sitemap file, else an index of
    the sections' sitemap pages (sitemap-<section>.xml?p=N)."""
    maps = _instances(sitemaps)
    pages = {name: site.paginator.num_pages for name, site in maps.items()}
    total = sum(site.paginator.count for site in maps.values())
    if total <= MAX_URLS and all(count <= 1 for count in pages.values()):
        return sitemap_views.sitemap(request, maps)
    entries = []
    for name, count in pages.items():
        if not maps[name].paginator.count:
            continue  # a sitemap file holds one address at least
        location = absolute(request, reverse("sitemap_section", kwargs={"section": name}))
        entries += [{"location": location}]
        entries += [{"location": f"{location}?p={page}"} for page in range(2, count + 1)]
    response = TemplateResponse(
        request, "sitemap_index.xml", {"sitemaps": entries}, content_type="application/xml"
    )
    response.headers["X-Robots-Tag"] = "noindex, noodp, noarchive"
    return response


def sitemap_section(request, sitemaps, section):
    """One section's sitemap, a page at a time (?p=N), as the index lists them."""
    return sitemap_views.sitemap(request, _instances(sitemaps), section=section)
