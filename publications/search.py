"""What the site search finds of publications (title, authors, journal, year, PMID, PMCID,
DOI, diseases) and talks. Registered from PublicationsConfig.ready()."""

from django.utils.translation import gettext_lazy as _

from centre.models import Disease
from mocsite.search import Document, Fields, join
from mocsite.search import register as register_document

from .models import Publication, Talk


class PublicationDocument(Document):
    model = Publication
    kind = "publication"
    label = _("Publication")
    plural = _("Publications")
    priority = 80
    m2m = ("diseases",)

    def items(self):
        return super().items().prefetch_related("diseases")

    def fields(self, publication):
        # The diseases' names in both languages: a French query finds an English title.
        diseases = [d.name for d in publication.diseases.all() if d.is_live]
        identifiers = [
            f"PMID {publication.pmid}" if publication.pmid else "",
            f"PMCID {publication.pmcid}" if publication.pmcid else "",
            f"DOI {publication.doi}" if publication.doi else "",
        ]
        return Fields(
            title=publication.title,
            keywords=join(publication.authors, publication.journal, publication.year, *diseases),
            body=join(*identifiers),
            meta=" · ".join(str(p) for p in (publication.journal, publication.display_date) if p),
        )

    def identifiers(self, publication):
        return [publication.pmid, publication.pmcid, publication.doi]

    def date(self, publication):
        return publication.date

    def watched(self):
        return {Disease: lambda disease: disease.publications.all()}


class TalkDocument(Document):
    model = Talk
    kind = "talk"
    label = _("Talk")
    plural = _("Talks")
    priority = 90

    def fields(self, talk):
        return Fields(
            title=talk.title,
            alt=talk.translated_title,
            keywords=join(talk.speakers, talk.event, talk.get_kind_display(), talk.year),
            body=talk.note,
            meta=" · ".join(str(p) for p in (talk.event, talk.display_date, talk.speakers) if p),
        )

    def date(self, talk):
        return talk.date


def register():
    register_document(PublicationDocument())
    register_document(TalkDocument())
