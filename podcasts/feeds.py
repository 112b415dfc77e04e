"""RSS 2.0 podcast feeds (one per series and language) with the iTunes and Podcasting 2.0
tags podcast apps read. The language is the one of the address (/fr/… or /en/…).

What Apple Podcasts and Spotify require is written whenever the data exist: the artwork
(itunes:image) and the owner's address (itunes:owner) come from the admin, and only
complete episodes are items; a series without them is still served, as a valid feed
that directories would not list yet."""

from datetime import datetime, time

from django.contrib.syndication.views import Feed
from django.http import Http404
from django.utils import timezone
from django.utils.feedgenerator import Enclosure, Rss201rev2Feed
from django.utils.translation import get_language

from mocsite.links import absolute

from .models import Episode, Series

ITUNES_NS = "http://www.itunes.com/dtds/podcast-1.0.dtd"
PODCAST_NS = "https://podcastindex.org/namespace/1.0"
# Apple's category list: "Medicine" is a subcategory of "Health & Fitness".
CATEGORY = ("Health & Fitness", "Medicine")


class PodcastFeedGenerator(Rss201rev2Feed):
    def rss_attributes(self):
        return {**super().rss_attributes(), "xmlns:itunes": ITUNES_NS, "xmlns:podcast": PODCAST_NS}

    def add_root_elements(self, handler):
        super().add_root_elements(handler)
        feed = self.feed
        if feed.get("itunes_author"):
            handler.addQuickElement("itunes:author", feed["itunes_author"])
        handler.addQuickElement("itunes:summary", feed["description"])
        handler.addQuickElement("itunes:type", "episodic")
        handler.addQuickElement("itunes:explicit", "false")
        handler.startElement("itunes:category", {"text": CATEGORY[0]})
        handler.addQuickElement("itunes:category", attrs={"text": CATEGORY[1]})
        handler.endElement("itunes:category")
        if feed.get("image_url"):
            handler.addQuickElement("itunes:image", attrs={"href": feed["image_url"]})
            handler.startElement("image", {})
            handler.addQuickElement("url", feed["image_url"])
            handler.addQuickElement("title", feed["title"])
            handler.addQuickElement("link", feed["link"])
            handler.endElement("image")
        if feed.get("owner_email"):
            handler.startElement("itunes:owner", {})
            handler.addQuickElement("itunes:name", feed.get("itunes_author", ""))
            handler.addQuickElement("itunes:email", feed["owner_email"])
            handler.endElement("itunes:owner")
        handler.addQuickElement("podcast:guid", feed["podcast_guid"])
        # Other hosting platforms may not import the podcast (only its owner moves it).
        locked = {"owner": feed["owner_email"]} if feed.get("owner_email") else {}
        handler.addQuickElement("podcast:locked", "yes", locked)

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        handler.addQuickElement("itunes:title", item["title"])
        handler.addQuickElement("itunes:episodeType", "full")
        handler.addQuickElement("itunes:explicit", "false")
        if item.get("duration"):
            handler.addQuickElement("itunes:duration", item["duration"])
        if item.get("transcript_url"):
            handler.addQuickElement(
                "podcast:transcript",
                attrs={
                    "url": item["transcript_url"],
                    "type": "text/html",
                    "language": item["language"],
                },
            )
        person_attrs = {"role": "guest"}
        if item.get("person_href"):
            person_attrs["href"] = item["person_href"]
        handler.addQuickElement("podcast:person", item["person_name"], person_attrs)


class SeriesFeed(Feed):
    feed_type = PodcastFeedGenerator

    def get_object(self, request, slug):
        self.request = request
        series = (
            Series.objects.published()
            .select_related("disease")
            .filter(**{f"slug_{get_language()}": slug})
            .first()
        )
        if series is None:
            raise Http404
        return series

    def _absolute(self, url):
        return url if url.startswith(("http://", "https://")) else absolute(self.request, url)

    def title(self, series):
        return series.title

    def link(self, series):
        return self._absolute(series.get_absolute_url())

    def feed_url(self, series):
        return self._absolute(series.get_feed_url())

    def description(self, series):
        return series.description or series.title

    def feed_extra_kwargs(self, series):
        from centre.models import Centre

        centre = Centre.get_profile()
        return {
            "itunes_author": centre.name if centre else "",
            "owner_email": centre.email if centre else "",
            "image_url": self._absolute(series.artwork.url) if series.artwork else "",
            "podcast_guid": series.podcast_guid(self.feed_url(series)),
        }

    def items(self, series):
        """Only episodes whose recording is online, with its size and duration known: an
        item needs an enclosure with its length, and directories want the duration. An
        uploaded file has both; an external recording has them once staff give them."""
        episodes = list(
            Episode.objects.published()
            .with_audio()
            .filter(series=series, file_size__isnull=False, duration__isnull=False)
            .select_related("speaker_person")
            .order_by("-published_on", "-ordering", "-pk")
        )
        for episode in episodes:
            episode.series = series
        return episodes

    def item_title(self, episode):
        return episode.title

    def item_description(self, episode):
        lines = episode.question_list
        speaker = episode.speaker_name
        if episode.speaker_description:
            speaker = f"{speaker}, {episode.speaker_description}"
        return "\n".join([*lines, speaker])

    def item_link(self, episode):
        return self._absolute(episode.get_absolute_url())

    def item_guid(self, episode):
        return f"urn:uuid:{episode.guid}"

    item_guid_is_permalink = False

    def item_pubdate(self, episode):
        if episode.published_on:
            return timezone.make_aware(datetime.combine(episode.published_on, time(9)))
        return episode.created_at

    def item_enclosures(self, episode):
        return [
            Enclosure(
                self._absolute(episode.audio_src),
                str(episode.file_size),
                episode.audio_mime_type or "audio/mpeg",
            )
        ]

    def item_extra_kwargs(self, episode):
        person = episode.speaker_person
        return {
            "duration": episode.duration_hms,
            "transcript_url": (
                self.item_link(episode) + "#transcript" if episode.transcript else ""
            ),
            "language": get_language(),
            "person_name": episode.speaker_name,
            "person_href": self._absolute(person.get_absolute_url()) if person else "",
        }
