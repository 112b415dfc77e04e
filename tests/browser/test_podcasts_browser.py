"""Podcast pages in a real browser: axe-core on pages with a player and a transcript, the
player loads and seeks through Range requests, the transcript opens with the keyboard."""

import importlib
import os
from datetime import date

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import clear_url_caches
from django.utils import translation

from podcasts.models import Episode
from tests.podcasts.audio import mp3_bytes

pytestmark = pytest.mark.browser

AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
    "resultTypes": ["violations"],
}


@pytest.fixture
def podcast_site(live_server, transactional_db, settings):
    """The seeded site serving its own media (Range view), one episode with audio."""
    # The test server answers /media/ itself, without Range support: use another prefix so
    # that requests reach the site's own media view, as with DJANGO_SERVE_MEDIA in production.
    settings.MEDIA_URL = "/uploads/"
    call_command("load_seed", verbosity=0, stdout=open(os.devnull, "w"))
    episode = Episode.objects.get(slug_en="living-with-fop")
    episode.audio_file = SimpleUploadedFile("living-with-fop.mp3", mp3_bytes(30))
    episode.transcript_fr = "Premier paragraphe.\n\nSecond paragraphe."
    episode.transcript_en = "First paragraph.\n\nSecond paragraph."
    episode.published_on = date(2024, 1, 15)
    episode.save()
    import mocsite.urls

    settings.SERVE_MEDIA = True
    importlib.reload(mocsite.urls)
    clear_url_caches()
    yield live_server, episode
    settings.SERVE_MEDIA = False
    importlib.reload(mocsite.urls)
    clear_url_caches()


def _paths(episode, lang):
    with translation.override(lang):
        from django.urls import reverse

        return [
            reverse("podcasts:list"),
            episode.series.get_absolute_url(),
            episode.get_absolute_url(),
            Episode.objects.get(slug_en="what-is-fop").get_absolute_url(),
            episode.series.disease.get_absolute_url(),
        ]


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_podcast_pages_have_no_axe_violation(podcast_site, page, lang):  # noqa: F811
    server, episode = podcast_site
    axe = Axe()
    failures = []
    for path in _paths(episode, lang):
        response = page.goto(server.url + path)
        assert response.status == 200, path
        violations = axe.run(page, options=AXE_OPTIONS).response["violations"]
        failures += [f"{path}: {v['id']} {v['help']}" for v in violations]
    assert not failures, "\n".join(failures)


def test_player_plays_and_seeks_and_transcript_opens_with_keyboard(podcast_site, page):  # noqa: F811
    server, episode = podcast_site
    with translation.override("en"):
        path = episode.get_absolute_url()
    ranges = []
    page.on(
        "request",
        lambda request: (
            ranges.append(request.headers.get("range")) if request.url.endswith(".mp3") else None
        ),
    )
    page.goto(server.url + path)
    duration = page.evaluate("""() => new Promise((resolve, reject) => {
        const audio = document.querySelector('audio');
        audio.addEventListener('loadedmetadata', () => resolve(audio.duration));
        audio.addEventListener('error', () => reject(new Error('audio error')));
        audio.load();
    })""")
    assert 29 < duration < 31
    seeked = page.evaluate("""() => new Promise((resolve) => {
        const audio = document.querySelector('audio');
        audio.addEventListener('seeked', () => resolve(audio.currentTime));
        audio.currentTime = 20;
    })""")
    assert 19 < seeked < 21
    assert any(value and value.startswith("bytes=") for value in ranges)

    # Keyboard: Tab reaches the transcript's <summary>; Enter opens it.
    details_open = page.evaluate("document.querySelector('#transcript').open")
    assert details_open is False
    for _ in range(80):
        page.keyboard.press("Tab")
        # The transcript's own summary (the menu's disclosure menus have some too).
        if page.evaluate(
            "document.activeElement.tagName === 'SUMMARY'"
            " && !!document.activeElement.closest('#transcript')"
        ):
            break
    else:
        pytest.fail("the transcript's summary is not reachable with Tab")
    page.keyboard.press("Enter")
    assert page.evaluate("document.querySelector('#transcript').open") is True
    assert page.is_visible("text=Second paragraph.")
