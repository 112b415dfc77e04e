"""What the site search finds of the podcasts: series, and episodes by their title,
questions, speaker and affiliation, and transcript. Registered from
PodcastsConfig.ready()."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from centre.models import Disease
from mocsite.search import Document, Fields, join
from mocsite.search import register as register_document

from .models import Episode, Series


class SeriesDocument(Document):
    model = Series
    kind = "series"
    label = _("Podcast series")
    plural = _("Podcast series")
    priority = 50

    def items(self):
        return super().items().select_related("disease")

    def fields(self, series):
        disease = series.disease.name if series.disease.is_live else ""
        return Fields(
            title=series.title,
            keywords=join(disease, _("Podcasts")),
            body=series.description,
            meta=disease,
        )

    def watched(self):
        return {Disease: lambda disease: Series.objects.filter(disease=disease)}


class EpisodeDocument(Document):
    model = Episode
    kind = "episode"
    label = _("Podcast episode")
    plural = _("Podcast episodes")
    priority = 55

    def items(self):
        return super().items().select_related("series")

    def visibility(self, episode, public_pks=None):
        """As published() says; an episode scheduled for a later day is entered now, to
        be shown from that day (nothing is saved on that day to index it then)."""
        day = episode.published_on
        if day and day > timezone.localdate():
            # What published() asks besides the date.
            return episode.is_published and episode.series.is_published, day
        return super().visibility(episode, public_pks)

    def fields(self, episode):
        return Fields(
            title=episode.title,
            keywords=join(episode.speaker_name, episode.series.title),
            body=join(episode.questions, episode.speaker_description, episode.transcript),
            meta=" · ".join(p for p in (episode.series.title, episode.speaker_name) if p),
        )

    def date(self, episode):
        return episode.published_on

    def watched(self):
        return {Series: lambda series: series.episodes.all()}


def register():
    register_document(SeriesDocument())
    register_document(EpisodeDocument())
