"""sitemap.xml with an address per language and hreflang alternates (x-default: French)."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from centre.models import Disease


class I18nSitemap(Sitemap):
    i18n = True
    alternates = True
    x_default = True


class StaticPagesSitemap(I18nSitemap):
    changefreq = "monthly"

    def items(self):
        return [
            "centre:home", "centre:about", "centre:team", "centre:disease_list",
            "centre:contact", "centre:legal_notice", "centre:privacy", "centre:accessibility",
        ]

    def location(self, item):
        return reverse(item)


class DiseaseSitemap(I18nSitemap):
    changefreq = "monthly"

    def items(self):
        return Disease.objects.published()


SITEMAPS = {"pages": StaticPagesSitemap, "diseases": DiseaseSitemap}
