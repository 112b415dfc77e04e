from mocsite.sitemaps import I18nSitemap

from .models import Publication


class PublicationSitemap(I18nSitemap):
    def items(self):
        return ["publications:list", "talks:list", *Publication.objects.published().order_by("pk")]


SITEMAPS = {"publications": PublicationSitemap}
