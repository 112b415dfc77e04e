from mocsite.sitemaps import I18nSitemap

from .models import Episode, Series


class PodcastSitemap(I18nSitemap):
    """The podcasts home, every published series and every published episode."""

    def items(self):
        return [
            "podcasts:list",
            *Series.objects.published(),
            *Episode.objects.published().select_related("series"),
        ]


SITEMAPS = {"podcasts": PodcastSitemap}
