"""Podcast feeds read by feedparser and ElementTree: podcast:guid (Podcasting 2.0's UUIDv5
of the feed's address, kept across edits) and podcast:locked; items only for recordings
whose size and duration are known; audio stored from code gets its facts read; every
tag Apple Podcasts and Spotify require once the series has artwork and a recording."""

import uuid
import xml.etree.ElementTree as ET
from datetime import date

import feedparser
import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile

from centre.models import Centre, Disease
from podcasts.models import Episode, Series
from tests.podcasts.audio import mp3_bytes, opus_bytes
from tests.site.outputs_helpers import LANGUAGES, png, url

pytestmark = pytest.mark.django_db

ITUNES = "{http://www.itunes.com/dtds/podcast-1.0.dtd}"
PODCAST = "{https://podcastindex.org/namespace/1.0}"
NAMESPACE = uuid.UUID("ead4c236-bf58-58c6-a2c6-a6b28d128cb6")  # Podcasting 2.0's


@pytest.fixture
def series(db):
    Centre.objects.create(
        name_fr="Centre",
        name_en="Centre",
        short_name="MOC",
        hospital="Cochin",
        email="moc@example.org",
    )
    disease = Disease.objects.create(
        name_fr="Hypophosphatasie", name_en="Hypophosphatasia", slug_fr="hpp", slug_en="hpp-en"
    )
    return Series.objects.create(
        disease=disease,
        title_fr="Zoom",
        title_en="Focus",
        slug_fr="zoom",
        slug_en="focus",
        description_fr="Des réponses.",
        description_en="Answers.",
        artwork=SimpleUploadedFile("art.png", png(1400), "image/png"),
    )


def episode(series, slug, **values):
    return Episode.objects.create(
        series=series,
        title_fr=slug,
        title_en=slug,
        slug_fr=slug,
        slug_en=f"{slug}-en",
        speaker_name_fr="Dr X",
        speaker_name_en="Dr X",
        questions_fr="Quoi ?",
        questions_en="What?",
        published_on=date(2024, 5, 2),
        **values,
    )


def feed(client, series, lang):
    response = client.get(url("podcasts:feed", lang, slug=getattr(series, f"slug_{lang}")))
    assert response.status_code == 200
    parsed = feedparser.parse(response.content)
    assert not parsed.bozo, parsed.get("bozo_exception")
    return parsed, ET.fromstring(response.content).find("channel")


def expected_guid(address):
    return str(uuid.uuid5(NAMESPACE, address))


@pytest.mark.parametrize("lang", LANGUAGES)
def test_podcast_guid_is_the_uuid5_of_the_feed_address_and_never_changes(
    client, db, settings, lang
):
    settings.SITE_URL = "https://moc.example.org"
    series_ = Series.objects.create(
        disease=Disease.objects.create(name_fr="M", name_en="D", slug_fr="m", slug_en="d"),
        title_fr="Zoom",
        title_en="Focus",
        slug_fr="zoom",
        slug_en="focus",
    )
    path = {
        "fr": "moc.example.org/fr/podcasts/zoom/rss",
        "en": "moc.example.org/en/podcasts/focus/rss",
    }
    first = feed(client, series_, lang)[1].findtext(f"{PODCAST}guid")
    assert first == expected_guid(path[lang])
    other = {"fr": "en", "en": "fr"}[lang]
    assert first != feed(client, series_, other)[1].findtext(f"{PODCAST}guid")  # two podcasts
    series_.title_fr = series_.title_en = "Renamed"
    series_.slug_fr, series_.slug_en = "renamed", "renamed-en"
    series_.save()
    settings.SITE_URL = "https://elsewhere.example.org"
    assert feed(client, series_, lang)[1].findtext(f"{PODCAST}guid") == first


def test_without_site_url_the_guid_is_the_one_of_the_address_read(client, series):
    channel = feed(client, series, "fr")[1]
    assert channel.findtext(f"{PODCAST}guid") == expected_guid("testserver/fr/podcasts/zoom/rss")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_feed_is_locked_to_its_owner(client, series, lang):
    locked = feed(client, series, lang)[1].find(f"{PODCAST}locked")
    assert locked.text == "yes" and locked.get("owner") == "moc@example.org"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_only_recordings_with_known_size_and_duration_are_items(client, series, lang):
    uploaded = episode(
        series, "uploaded", audio_file=SimpleUploadedFile("a.mp3", mp3_bytes(3), "audio/mpeg")
    )
    episode(
        series,
        "external-unknown",
        audio_url="https://cdn.example.org/b.mp3",
        audio_mime_type="audio/mpeg",
    )
    external = episode(
        series,
        "external-known",
        audio_url="https://cdn.example.org/c.mp3",
        audio_mime_type="audio/mpeg",
        file_size=1234567,
        duration=754,
    )
    parsed, channel = feed(client, series, lang)
    lengths = {entry.enclosures[0].href: entry.enclosures[0].length for entry in parsed.entries}
    assert lengths == {
        f"http://testserver{uploaded.audio_file.url}": str(uploaded.file_size),
        "https://cdn.example.org/c.mp3": "1234567",
    }
    durations = {entry.enclosures[0].href: entry.itunes_duration for entry in parsed.entries}
    assert durations["https://cdn.example.org/c.mp3"] == "00:12:34"
    assert all(int(e.enclosures[0].length) > 0 for e in parsed.entries)
    assert external.pk


def test_audio_stored_from_code_gets_its_size_and_duration(series):
    item = episode(series, "from-code")
    item.audio_file.save("from-code.mp3", ContentFile(mp3_bytes(3)))
    item.refresh_from_db()
    assert (item.audio_mime_type, item.duration) == ("audio/mpeg", 3)
    assert item.file_size == len(mp3_bytes(3))
    # Another recording stored the same way replaces the facts.
    item.audio_file.save("other.opus", ContentFile(opus_bytes(5)))
    item.refresh_from_db()
    assert (item.audio_mime_type, item.duration) == ("audio/ogg", 5)
    assert item.file_size == len(opus_bytes(5))
    # Saving the row again reads nothing (the facts are those of the stored file).
    item.title_en = "Renamed"
    item.save()
    item.refresh_from_db()
    assert item.duration == 5


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_tag_apple_and_spotify_require(client, series, lang):
    episode(series, "one", audio_file=SimpleUploadedFile("a.mp3", mp3_bytes(3), "audio/mpeg"))
    parsed, channel = feed(client, series, lang)
    assert parsed.version == "rss20"
    for tag in ("title", "link", "description", "language"):
        assert channel.findtext(tag), tag
    assert channel.findtext("language") == lang
    assert channel.find("{http://www.w3.org/2005/Atom}link").get("rel") == "self"
    assert channel.find(f"{ITUNES}image").get("href").endswith(".png")
    assert channel.find(f"{ITUNES}category").get("text") == "Health & Fitness"
    assert channel.find(f"{ITUNES}category/{ITUNES}category").get("text") == "Medicine"
    assert channel.findtext(f"{ITUNES}explicit") == "false"
    assert channel.findtext(f"{ITUNES}author") == "Centre"
    assert channel.findtext(f"{ITUNES}owner/{ITUNES}email") == "moc@example.org"
    assert channel.find("image/url").text.endswith(".png")
    (item,) = channel.findall("item")
    for tag in ("title", "description", "guid", "pubDate", "link"):
        assert item.findtext(tag), tag
    enclosure = item.find("enclosure")
    assert enclosure.get("type") == "audio/mpeg" and int(enclosure.get("length")) > 0
    assert item.findtext(f"{ITUNES}duration") == "00:00:03"
    assert item.findtext(f"{ITUNES}explicit") == "false"
    assert item.findtext(f"{ITUNES}episodeType") == "full"
