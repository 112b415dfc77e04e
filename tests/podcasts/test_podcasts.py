"""Podcasts: seed, pages in both languages, audio checks, feeds, Range requests, speed."""

import importlib
import json
import re
import xml.etree.ElementTree as ET
from datetime import date

import feedparser
import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import clear_url_caches, resolve, reverse
from django.utils import translation

from centre.models import Disease, Person
from mocsite.media import serve_media
from podcasts.models import Episode, Series
from podcasts.templatetags.podcasts import DISEASE_EPISODES_SHOWN, disease_podcasts
from podcasts.validators import inspect_audio, validate_audio_upload
from tests.helpers import save_each
from tests.podcasts.audio import m4a_bytes, mp3_bytes, opus_bytes, wav_bytes

ITUNES = "{http://www.itunes.com/dtds/podcast-1.0.dtd}"
PODCAST = "{https://podcastindex.org/namespace/1.0}"


def url(name, lang, **kwargs):
    with translation.override(lang):
        return reverse(name, kwargs=kwargs)


def obj_url(obj, lang):
    with translation.override(lang):
        return obj.get_absolute_url()


@pytest.fixture
def person(db):
    return Person.objects.create(
        title="Dr", first_name="Eugénie", last_name="Koumakis", slug="eugenie-koumakis"
    )


@pytest.fixture
def episode(series, person):
    episode = Episode(
        series=series,
        title_fr="Vivre avec",
        title_en="Living with",
        slug_fr="vivre-avec",
        slug_en="living-with",
        questions_fr="Comment\u00a0?\nPourquoi\u00a0?",
        questions_en="How?\nWhy?",
        speaker_name_fr="Dr Eugénie Koumakis",
        speaker_name_en="Dr Eugénie Koumakis",
        speaker_description_fr="rhumatologue",
        speaker_description_en="rheumatologist",
        speaker_person=person,
        transcript_fr="Bonjour.\n\nAu revoir.",
        transcript_en="Hello.\n\nGoodbye.",
        published_on=date(2024, 5, 2),
        audio_file=SimpleUploadedFile("living.mp3", mp3_bytes(3), "audio/mpeg"),
    )
    episode.full_clean()
    episode.save()
    return episode


# --- seed -------------------------------------------------------------------------------


def test_seed_loads_three_series_and_fourteen_episodes(seeded):
    counts = {s.disease.slug_en: s.episodes.count() for s in Series.objects.all()}
    assert counts == {
        "fibrodysplasia-ossificans-progressiva": 5,
        "hypophosphatasia": 5,
        "osteogenesis-imperfecta": 4,
    }
    assert Episode.objects.count() == 14
    for episode in Episode.objects.all():
        for field in ("title", "slug", "questions", "speaker_name", "speaker_description"):
            assert getattr(episode, f"{field}_fr"), (episode.slug_en, field)
            assert getattr(episode, f"{field}_en"), (episode.slug_en, field)
        assert episode.title_fr != episode.title_en or episode.slug_en == "x"
        assert not episode.has_audio  # the seed has no recordings: none are invented
        assert episode.duration is None and episode.file_size is None


def test_seed_links_team_members_and_keeps_full_descriptions(seeded):
    roux = Episode.objects.get(slug_en="diagnosing-hypophosphatasia-in-adults")
    assert roux.speaker_person.slug == "christian-roux"
    assert "head of the reference centre for constitutional bone diseases in adults" in (
        roux.speaker_description_en
    )
    koumakis = Episode.objects.get(slug_en="caring-for-osteogenesis-imperfecta-in-adults")
    assert koumakis.speaker_person.slug == "eugenie-koumakis"
    assert "filière OSCAR" in koumakis.speaker_description_fr
    genevieve = Episode.objects.get(slug_en="what-is-fop")
    assert genevieve.speaker_person is None
    assert "South-East Occitania" in genevieve.speaker_description_en
    assert len(genevieve.question_list) == 5
    assert genevieve.questions_fr.splitlines()[0] == (
        "Qu’est-ce que la fibrodysplasie ossifiante progressive\u00a0?"
    )
    assert Episode.objects.exclude(speaker_person=None).count() == 2


def test_seed_is_idempotent(seeded):
    from django.core.management import call_command

    save_each(Episode.objects.filter(slug_en="what-is-fop"), title_en="Edited by staff")
    call_command("load_seed", verbosity=0, stdout=open("/dev/null", "w"))
    assert Episode.objects.count() == 14
    assert Episode.objects.get(slug_en="what-is-fop").title_en == "Edited by staff"


# --- pages ------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_all_seeded_pages_render_in_both_languages(seeded, client, lang):
    response = client.get(url("podcasts:list", lang))
    assert response.status_code == 200
    for series in Series.objects.all():
        with translation.override(lang):
            assert series.title in response.content.decode()
    for series in Series.objects.all():
        assert client.get(obj_url(series, lang)).status_code == 200
    for episode in Episode.objects.select_related("series"):
        response = client.get(obj_url(episode, lang))
        assert response.status_code == 200
        html = response.content.decode()
        with translation.override(lang):
            assert episode.title in html or episode.title.replace("'", "&#x27;") in html
            assert episode.speaker_description in html
        # No recording: a clear notice, never a player or a download link.
        assert "<audio" not in html
        assert 'class="notice podcast-not-online"' in html
        assert html.count("<h1") == 1


def test_episode_page_french_content(seeded, client):
    episode = Episode.objects.get(slug_en="what-is-fop")
    html = client.get(obj_url(episode, "fr")).content.decode()
    assert "Quels sont les signes évocateurs de la maladie" in html
    assert "généticien clinicien" in html
    assert '<html lang="fr"' in html


def test_team_speaker_links_to_the_member_page(seeded, client):
    episode = Episode.objects.get(slug_en="diagnosing-hypophosphatasia-in-adults")
    html = client.get(obj_url(episode, "en")).content.decode()
    assert 'href="/en/team/christian-roux/"' in html


def test_language_switch_lands_on_the_same_episode(seeded, client):
    episode = Episode.objects.get(slug_en="living-with-fop")
    fr_url, en_url = obj_url(episode, "fr"), obj_url(episode, "en")
    assert fr_url != en_url
    html = client.get(fr_url).content.decode()
    assert f'hreflang="en" href="http://testserver{en_url}"' in html
    html = client.get(en_url).content.decode()
    assert f'hreflang="fr" href="http://testserver{fr_url}"' in html


def test_other_language_slug_redirects(seeded, client):
    episode = Episode.objects.get(slug_en="living-with-fop")
    wrong = url(
        "podcasts:episode",
        "fr",
        series_slug="fibrodysplasia-ossificans-progressiva",
        slug="living-with-fop",
    )
    response = client.get(wrong)
    assert response.status_code == 301
    assert response["Location"] == obj_url(episode, "fr")


def test_disease_page_shows_its_series(seeded, client):
    disease = Disease.objects.get(slug_en="hypophosphatasia")
    html = client.get(obj_url(disease, "en")).content.decode()
    series = Series.objects.get(disease=disease)
    assert f'href="{obj_url(series, "en")}"' in html
    assert 'aria-labelledby="podcasts-section"' in html
    assert html.count('podcast-episode"') == 5


def test_disease_without_series_has_no_podcast_section(disease, client):
    html = client.get(obj_url(disease, "en")).content.decode()
    assert "podcasts-section" not in html


def test_unpublished_content_is_hidden(episode, client):
    episode.is_published = False
    episode.save()
    assert client.get(obj_url(episode, "en")).status_code == 404
    assert "living-with" not in client.get(obj_url(episode.series, "en")).content.decode()
    episode.is_published = True
    episode.save()
    episode.series.is_published = False
    episode.series.save()
    assert client.get(obj_url(episode, "en")).status_code == 404
    assert client.get(obj_url(episode.series, "en")).status_code == 404


def test_future_episode_is_hidden(episode, client):
    episode.published_on = date(2999, 1, 1)
    episode.save()
    assert client.get(obj_url(episode, "en")).status_code == 404


def test_episode_with_audio_has_player_download_duration_and_transcript(episode, client):
    html = client.get(obj_url(episode, "en")).content.decode()
    assert re.search(r"<audio controls preload=\"none\"", html)
    assert f'<source src="{episode.audio_file.url}" type="audio/mpeg">' in html
    assert f'href="{episode.audio_file.url}" download' in html
    assert "00:00:03" in html and 'datetime="PT0M3S"' in html
    # Transcript as text on the page, collapsible without JavaScript.
    assert '<details class="podcast-transcript" id="transcript">' in html
    assert "<summary>" in html and "Goodbye." in html
    assert "podcast-not-online" not in html
    assert 'type="application/rss+xml"' in html


def test_json_ld(episode, client):
    html = client.get(obj_url(episode, "en")).content.decode()
    data = json.loads(
        re.search(r'<script type="application/ld\+json"[^>]*>(.*?)</script>', html, re.S).group(1)
    )
    assert data["@type"] == "PodcastEpisode"
    assert data["partOfSeries"]["@type"] == "PodcastSeries"
    assert data["associatedMedia"]["@type"] == "AudioObject"
    assert data["associatedMedia"]["contentUrl"].endswith(".mp3")
    assert data["timeRequired"] == "PT0M3S"
    assert "transcript" not in data and "Goodbye." in data["associatedMedia"]["transcript"]
    assert data["contributor"]["name"] == "Dr Eugénie Koumakis" and "actor" not in data
    html = client.get(obj_url(episode.series, "fr")).content.decode()
    data = json.loads(
        re.search(r'<script type="application/ld\+json"[^>]*>(.*?)</script>', html, re.S).group(1)
    )
    assert data["@type"] == "PodcastSeries" and data["inLanguage"] == "fr"
    assert len(data["hasPart"]) == 1 and "episode" not in data


def test_json_ld_escapes_script_closing(episode, client):
    save_each(Episode.objects.filter(pk=episode.pk), title_en="</script><b>x")
    html = client.get(obj_url(episode, "en")).content.decode()
    block = re.search(r'<script type="application/ld\+json"[^>]*>(.*?)</script>', html, re.S)
    assert "\\u003C/script\\u003E" in block.group(1)


def test_sitemap_lists_podcast_pages(seeded, client):
    xml = client.get("/sitemap.xml").content.decode()
    episode = Episode.objects.get(slug_en="living-with-fop")
    assert obj_url(episode, "fr") in xml and obj_url(episode, "en") in xml
    assert url("podcasts:list", "en") in xml


# --- audio uploads ----------------------------------------------------------------------


def test_inspect_mp3_and_opus():
    info = inspect_audio(SimpleUploadedFile("a.mp3", mp3_bytes(3)))
    assert (info.mime_type, info.duration) == ("audio/mpeg", 3)
    info = inspect_audio(SimpleUploadedFile("a.opus", opus_bytes(4)))
    assert (info.mime_type, info.duration) == ("audio/ogg", 4)
    assert info.size == len(opus_bytes(4))
    info = inspect_audio(SimpleUploadedFile("a.m4a", m4a_bytes(6)))
    assert (info.mime_type, info.duration) == ("audio/mp4", 6)


def test_content_decides_not_the_name():
    # An Ogg file named .mp3 is still recognised (and typed) as Ogg.
    info = inspect_audio(SimpleUploadedFile("misnamed.mp3", opus_bytes(2)))
    assert info.mime_type == "audio/ogg"


@pytest.mark.parametrize(
    "name, content, code",
    [
        ("fake.mp3", b"this is not audio at all " * 40, "invalid_audio"),
        ("image.mp3", b"\x89PNG\r\n\x1a\n" + bytes(500), "invalid_audio"),
        ("sound.wav", wav_bytes(), "audio_format"),
        ("empty.mp3", b"", "invalid_audio"),
    ],
)
def test_bad_audio_is_refused(name, content, code):
    with pytest.raises(ValidationError) as error:
        validate_audio_upload(SimpleUploadedFile(name, content))
    assert error.value.code == code


def test_audio_size_limit_is_a_setting(settings):
    settings.MAX_AUDIO_UPLOAD_SIZE = 1000
    with pytest.raises(ValidationError) as error:
        validate_audio_upload(SimpleUploadedFile("a.mp3", mp3_bytes(3)))
    assert error.value.code == "too_large"


def _admin_episode_data(series, **extra):
    return {
        "series": series.pk,
        "title_fr": "Épisode",
        "title_en": "Episode",
        "slug_fr": "episode-fr",
        "slug_en": "episode-en",
        "questions_fr": "Quoi\u00a0?",
        "questions_en": "What?",
        "speaker_name_fr": "Dr X",
        "speaker_name_en": "Dr X",
        "speaker_description_fr": "",
        "speaker_description_en": "",
        "speaker_person": "",
        "audio_url": "",
        "audio_mime_type": "",
        "duration": "",
        "file_size": "",
        "transcript_fr": "",
        "transcript_en": "",
        "published_on": "",
        "ordering": 1,
        "is_published": "on",
        **extra,
    }


def test_admin_upload_reads_duration_and_size(staff_client, series):
    data = _admin_episode_data(
        series, audio_file=SimpleUploadedFile("talk.mp3", mp3_bytes(5), "audio/mpeg")
    )
    response = staff_client.post(reverse("admin:podcasts_episode_add"), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    episode = Episode.objects.get(slug_en="episode-en")
    assert episode.duration == 5
    assert episode.file_size == len(mp3_bytes(5))
    assert episode.audio_mime_type == "audio/mpeg"


def test_admin_refuses_a_renamed_file_with_a_clear_message(staff_client, series):
    data = _admin_episode_data(
        series, audio_file=SimpleUploadedFile("talk.mp3", b"%PDF-1.4 not audio" * 50)
    )
    response = staff_client.post(reverse("admin:podcasts_episode_add"), data)
    assert response.status_code == 200
    assert "n’est pas un enregistrement audio lisible" in response.content.decode()
    assert not Episode.objects.exists()


def test_admin_pages_render(staff_client, episode):
    assert staff_client.get(reverse("admin:podcasts_episode_changelist")).status_code == 200
    assert staff_client.get(reverse("admin:podcasts_series_changelist")).status_code == 200
    change = reverse("admin:podcasts_episode_change", args=[episode.pk])
    assert staff_client.get(change).status_code == 200


def test_artwork_must_be_a_square_cover(series):
    from podcasts.validators import validate_podcast_artwork

    validate_podcast_artwork(SimpleUploadedFile("ok.png", _png(1400)))
    with pytest.raises(ValidationError) as error:
        validate_podcast_artwork(SimpleUploadedFile("small.png", _png(300)))
    assert error.value.code == "artwork_size"


def test_removing_the_recording_clears_its_facts(episode):
    episode.audio_file = None
    episode.save()
    episode.refresh_from_db()
    assert (episode.duration, episode.file_size, episode.audio_mime_type) == (None, None, "")


def test_external_audio_needs_a_type(series):
    episode = Episode(
        series=series,
        title_fr="T",
        slug_fr="t",
        speaker_name_fr="X",
        audio_url="https://audio.example.org/t.mp3",
    )
    with pytest.raises(ValidationError) as error:
        episode.full_clean()
    assert "audio_mime_type" in error.value.message_dict


# --- feeds ------------------------------------------------------------------------------


def _feed(client, series, lang):
    response = client.get(url("podcasts:feed", lang, slug=getattr(series, f"slug_{lang}")))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    return response.content


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_feed_has_every_required_tag(client, episode, lang):
    series = episode.series
    series.artwork = SimpleUploadedFile("art.png", _png(1400), "image/png")
    series.save()
    Episode.objects.create(
        series=series, title_fr="Sans audio", slug_fr="sans-audio", speaker_name_fr="X"
    )
    content = _feed(client, series, lang)
    parsed = feedparser.parse(content)
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.version == "rss20"
    assert parsed.namespaces["itunes"] == ITUNES.strip("{}")
    assert parsed.namespaces["podcast"] == PODCAST.strip("{}")
    assert parsed.feed.language == lang
    with translation.override(lang):
        assert parsed.feed.title == series.title
    assert not parsed.feed.itunes_explicit
    assert parsed.feed.image.href.endswith(".png")
    assert {t.term for t in parsed.feed.tags} >= {"Health & Fitness", "Medicine"}
    # Only the episode with audio is in the feed.
    assert len(parsed.entries) == 1
    entry = parsed.entries[0]
    with translation.override(lang):
        assert entry.title == episode.title
    enclosure = entry.enclosures[0]
    assert enclosure.type == "audio/mpeg"
    assert int(enclosure.length) == episode.file_size
    assert enclosure.href.startswith("http://testserver/") and enclosure.href.endswith(".mp3")
    assert entry.itunes_duration == "00:00:03"
    assert entry.itunes_episodetype == "full"
    assert entry.id == f"urn:uuid:{episode.guid}"
    assert entry.guidislink is False
    assert entry.published_parsed[:3] == (2024, 5, 2)

    # feedparser has no support for the Podcasting 2.0 namespace: read its attributes.
    root = ET.fromstring(content)
    channel = root.find("channel")
    assert channel.find(f"{ITUNES}image").get("href").endswith(".png")
    assert channel.find(f"{ITUNES}category").get("text") == "Health & Fitness"
    assert channel.find(f"{ITUNES}explicit").text == "false"
    item = channel.find("item")
    transcript = item.find(f"{PODCAST}transcript")
    assert transcript.get("type") == "text/html"
    assert transcript.get("language") == lang
    assert transcript.get("url") == f"http://testserver{obj_url(episode, lang)}#transcript"
    speaker = item.find(f"{PODCAST}person")
    assert speaker.text == "Dr Eugénie Koumakis"
    assert speaker.get("role") == "guest"
    assert speaker.get("href") == "http://testserver" + url("centre:team", lang) + (
        "eugenie-koumakis/"
    )


def test_feed_guid_never_changes(client, episode):
    first = feedparser.parse(_feed(client, episode.series, "en")).entries[0].id
    episode.title_en = "Renamed"
    episode.slug_en = "renamed"
    episode.save()
    assert feedparser.parse(_feed(client, episode.series, "en")).entries[0].id == first
    assert feedparser.parse(_feed(client, episode.series, "fr")).entries[0].id == first


def test_seeded_feeds_are_valid_and_empty(seeded, client):
    for series in Series.objects.all():
        for lang in ("fr", "en"):
            parsed = feedparser.parse(_feed(client, series, lang))
            assert not parsed.bozo
            assert parsed.entries == []


def test_feed_of_unknown_series_is_404(db, client):
    assert client.get(url("podcasts:feed", "en", slug="nope")).status_code == 404


def _png(size):
    import io

    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (size, size), (11, 79, 108)).save(out, "PNG")
    return out.getvalue()


# --- media with Range -------------------------------------------------------------------


@pytest.fixture
def media_file(settings):
    root = settings.MEDIA_ROOT
    (root / "podcasts").mkdir(parents=True, exist_ok=True)
    data = mp3_bytes(2)
    (root / "podcasts" / "a.mp3").write_bytes(data)
    return root, data


def _get(root, path, **headers):
    request = RequestFactory().get("/media/" + path, headers=headers)
    response = serve_media(request, path, document_root=root)
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return response, body


def test_media_whole_file_advertises_ranges(media_file):
    root, data = media_file
    response, body = _get(root, "podcasts/a.mp3")
    assert response.status_code == 200
    assert response["Accept-Ranges"] == "bytes"
    assert response["Content-Type"] == "audio/mpeg"
    assert int(response["Content-Length"]) == len(data) and body == data


@pytest.mark.parametrize(
    "header, start, end",
    [
        ("bytes=0-99", 0, 99),
        ("bytes=100-", 100, None),
        ("bytes=-10", None, None),
        ("bytes=50-999999", 50, None),
    ],
)
def test_media_range_gives_206(media_file, header, start, end):
    root, data = media_file
    size = len(data)
    if start is None:
        start = size - 10
    end = size - 1 if end is None else end
    response, body = _get(root, "podcasts/a.mp3", Range=header)
    assert response.status_code == 206
    assert response["Content-Range"] == f"bytes {start}-{end}/{size}"
    assert int(response["Content-Length"]) == end - start + 1
    assert body == data[start : end + 1]


def test_media_unsatisfiable_range_gives_416(media_file):
    root, data = media_file
    response, _body = _get(root, "podcasts/a.mp3", Range=f"bytes={len(data)}-")
    assert response.status_code == 416
    assert response["Content-Range"] == f"bytes */{len(data)}"


def test_media_stale_if_range_gives_whole_file(media_file):
    root, data = media_file
    response, body = _get(
        root, "podcasts/a.mp3", Range="bytes=0-9", If_Range="Mon, 01 Jan 1990 00:00:00 GMT"
    )
    assert response.status_code == 200 and body == data


def test_media_refuses_paths_outside_the_root(media_file):
    from django.http import Http404

    root, _data = media_file
    with pytest.raises(Http404):
        _get(root, "../../etc/passwd")
    with pytest.raises(Http404):
        _get(root, "podcasts/missing.mp3")


def test_served_media_route_uses_the_range_view(settings):
    import mocsite.urls

    settings.SERVE_MEDIA = True
    try:
        module = importlib.reload(mocsite.urls)
        assert resolve("/media/podcasts/a.mp3", urlconf=module).func is serve_media
    finally:
        settings.SERVE_MEDIA = False
        importlib.reload(mocsite.urls)
        clear_url_caches()


# --- speed ------------------------------------------------------------------------------


@pytest.fixture
def many_episodes(episode, person):
    series = episode.series
    Episode.objects.bulk_create(
        [
            Episode(
                series=series,
                title_fr=f"Épisode {n}",
                title_en=f"Episode {n}",
                slug=f"e-{n}",
                slug_fr=f"e-{n}",
                slug_en=f"e-{n}",
                speaker_name_fr="Dr Y",
                speaker_name_en="Dr Y",
                speaker_person=person,
                questions_fr="Q\u00a0?",
                questions_en="Q?",
                ordering=n,
                audio_url=f"https://audio.example.org/{n}.mp3",
                audio_mime_type="audio/mpeg",
                duration=60 * n,
                file_size=1000 * n,
            )
            for n in range(300)
        ]
    )
    return series


def test_query_counts_stay_flat(client, many_episodes, django_assert_max_num_queries):
    series = many_episodes
    disease = series.disease
    checks = [
        (url("podcasts:list", "en"), 4),
        (obj_url(series, "en"), 5),
        (obj_url(Episode.objects.get(slug_en="e-150"), "fr"), 5),
        (url("podcasts:feed", "en", slug=series.slug_en), 5),
    ]
    for address, limit in checks:
        with django_assert_max_num_queries(limit):
            response = client.get(address)
        assert response.status_code == 200, address
    parsed = feedparser.parse(client.get(url("podcasts:feed", "en", slug=series.slug_en)).content)
    assert len(parsed.entries) == 301
    # The disease page's podcast section: one query, and the first episodes only.
    with translation.override("en"), django_assert_max_num_queries(1):
        section = disease_podcasts(disease)
        html = render_to_string("podcasts/includes/disease_section.html", section)
    assert html.count("<li") == DISEASE_EPISODES_SHOWN


# --- review fixes -----------------------------------------------------------------------


def test_transcript_paragraphs_from_the_admin_textarea(episode, client):
    """Browsers send a textarea's line ends as CRLF: blank lines still split paragraphs."""
    episode.transcript_en = "Hello.\r\n\r\nGoodbye.\r\nSee you.\r\n \r\nEnd."
    episode.save()
    with translation.override("en"):
        assert episode.transcript_paragraphs == ["Hello.", "Goodbye.\nSee you.", "End."]
        html = client.get(episode.get_absolute_url()).content.decode()
    assert "<p>Hello.</p>" in html and "<p>End.</p>" in html


def test_player_has_an_accessible_name(episode, client):
    """A screen reader announces which recording the player plays, not just "audio"."""
    with translation.override("en"):
        html = client.get(episode.get_absolute_url()).content.decode()
    assert re.search(r'<audio [^>]*aria-label="Recording: Living with"', html)
    with translation.override("fr"):
        html = client.get(episode.get_absolute_url()).content.decode()
    assert re.search(r'<audio [^>]*aria-label="[^"]*Vivre avec"', html)
