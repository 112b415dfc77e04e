from mocsite.sitemaps import I18nSitemap

from .models import Disease, Event, Person, Trial


class PagesSitemap(I18nSitemap):
    def items(self):
        return [
            "centre:home",
            "centre:about",
            "centre:team",
            "centre:disease_list",
            "centre:contact",
            "centre:referral",
            "centre:transition",
            "centre:glossary",
            "centre:legal_notice",
            "centre:privacy",
            "centre:accessibility",
        ]


class PersonSitemap(I18nSitemap):
    def items(self):
        return Person.objects.published()


class DiseaseSitemap(I18nSitemap):
    def items(self):
        return Disease.objects.published()


class EmergencySheetSitemap(I18nSitemap):
    """The diseases' emergency sheets that staff have written."""

    def items(self):
        return Disease.objects.published().with_emergency_sheet()

    def location(self, item):
        return item.get_emergency_sheet_url()


class ResearchSitemap(I18nSitemap):
    """Care protocols, clinical research and every published trial, the events list and
    every published event."""

    changefreq = "weekly"

    def items(self):
        return [
            "centre:care_protocols",
            "centre:research",
            *Trial.objects.published().order_by("pk"),
            "centre:event_list",
            *Event.objects.published().order_by("pk"),
        ]


SITEMAPS = {
    "pages": PagesSitemap,
    "team": PersonSitemap,
    "diseases": DiseaseSitemap,
    "emergency": EmergencySheetSitemap,
    "research": ResearchSitemap,
}
