"""What every app's sitemap shares: an address per language, with hreflang alternates."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse


class I18nSitemap(Sitemap):
    """Items are objects with get_absolute_url(), or URL names of fixed pages."""

    i18n = True
    alternates = True
    x_default = True
    changefreq = "monthly"

    def location(self, item):
        return reverse(item) if isinstance(item, str) else item.get_absolute_url()
