"""sitemap.xml with an address per language and hreflang alternates (x-default: French)."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from centre.models import Disease, Event, Person
from podcasts.models import Episode, Series
from publications.models import Publication


class I18nSitemap(Sitemap):
    i18n = True
    alternates = True
    x_default = True


class StaticPagesSitemap(I18nSitemap):
    changefreq = "monthly"

    def items(self):
        return [
            "centre:home",
            "centre:about",
            "centre:team",
            "centre:disease_list",
            "centre:contact",
            "centre:legal_notice",
            "centre:privacy",
            "centre:accessibility",
        ]

    def location(self, item):
        return reverse(item)


class PersonSitemap(I18nSitemap):
    changefreq = "monthly"

    def items(self):
        return Person.objects.published()


class DiseaseSitemap(I18nSitemap):
    changefreq = "monthly"

    def items(self):
        return Disease.objects.published()


class PodcastSitemap(I18nSitemap):
    """The podcasts home, every published series and every published episode."""

    changefreq = "monthly"

    def items(self):
        return [
            "podcasts:list",
            *Series.objects.published(),
            *Episode.objects.published().select_related("series"),
        ]

    def location(self, item):
        return reverse(item) if isinstance(item, str) else item.get_absolute_url()


class PublicationSitemap(I18nSitemap):
    changefreq = "monthly"

    def items(self):
        return ["publications:list", "talks:list", *Publication.objects.published().order_by("pk")]

    def location(self, item):
        return reverse(item) if isinstance(item, str) else item.get_absolute_url()


class ResearchSitemap(I18nSitemap):
    """Care protocols, clinical research, the events list and every published event."""

    changefreq = "weekly"

    def items(self):
        return [
            "centre:care_protocols",
            "centre:research",
            "centre:event_list",
            *Event.objects.published().order_by("pk"),
        ]

    def location(self, item):
        return reverse(item) if isinstance(item, str) else item.get_absolute_url()


SITEMAPS = {
    "pages": StaticPagesSitemap,
    "team": PersonSitemap,
    "diseases": DiseaseSitemap,
    "podcasts": PodcastSitemap,
    "publications": PublicationSitemap,
}
SITEMAPS["research"] = ResearchSitemap
