"""The page cache: Django's cache middleware on the "pages" cache, emptied on every edit."""

import os
import re
import subprocess
import sys
import time
from datetime import datetime
from io import StringIO
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.core.cache import caches
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils.cache import get_cache_key

from centre.forms import new_form_token
from centre.models import ContactRequest, Disease, Mission, Network
from mocsite.cache import seconds_until_next_change
from tests.site.test_paging import more_events

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def _no_fill_delay(settings):
    settings.CONTACT_MIN_FILL_SECONDS = 0


def test_second_visit_is_served_from_cache_without_sql(seeded, client, django_assert_num_queries):
    first = client.get("/en/diseases/hypophosphatasia/")
    assert first.status_code == 200
    with django_assert_num_queries(0):
        second = client.get("/en/diseases/hypophosphatasia/")
    assert second.status_code == 200
    assert second.content == first.content


def test_every_response_is_the_same_bytes_and_etag(seeded):
    """No per-request value in a public page (no CSP nonce in the JSON-LD): a page
    rendered afresh is byte for byte the one served from the cache, so ETags match."""
    first = Client().get("/fr/maladies/hypophosphatasie/")
    assert 'type="application/ld+json">' in first.content.decode()
    assert "nonce" not in first.content.decode()
    caches["pages"].clear()
    second = Client().get("/fr/maladies/hypophosphatasie/")
    assert first.content == second.content
    assert first["ETag"] == second["ETag"]


def test_languages_are_cached_separately(seeded, client):
    assert (
        "<h1>Hypophosphatasie</h1>" in client.get("/fr/maladies/hypophosphatasie/").content.decode()
    )
    assert (
        "<h1>Hypophosphatasia</h1>" in client.get("/en/diseases/hypophosphatasia/").content.decode()
    )
    assert (
        "<h1>Hypophosphatasie</h1>" in client.get("/fr/maladies/hypophosphatasie/").content.decode()
    )


def test_edit_is_visible_on_next_request(seeded, client):
    assert "to train students" not in client.get("/en/centre/").content.decode()
    Mission.objects.create(text_fr="former les étudiants", text_en="to train students", ordering=9)
    assert "to train students" in client.get("/en/centre/").content.decode()
    disease = Disease.objects.get(slug_en="hypophosphatasia")
    disease.summary_patients_en = "A rare disease of bone mineralisation."
    disease.save()
    html = client.get("/en/diseases/hypophosphatasia/").content.decode()
    assert "A rare disease of bone mineralisation." in html


def test_unpublishing_removes_the_page_at_once(seeded, client):
    assert client.get("/en/diseases/hypophosphatasia/").status_code == 200
    disease = Disease.objects.get(slug_en="hypophosphatasia")
    disease.is_published = False
    disease.save()
    assert client.get("/en/diseases/hypophosphatasia/").status_code == 404


def test_a_changed_relation_empties_the_cache(seeded, client):
    from publications.models import Publication

    publication = Publication.objects.published().first()
    disease = Disease.objects.get(slug_en="hypophosphatasia")
    publication.diseases.remove(disease)
    url = "/en/diseases/hypophosphatasia/"
    assert publication.title not in client.get(url).content.decode()
    publication.diseases.add(disease)
    assert publication.title in client.get(url).content.decode()


def test_edit_through_the_admin_is_visible(seeded, client, staff_client):
    client.get("/en/")
    mission = Mission.objects.get(ordering=2)
    response = staff_client.post(
        reverse("admin:centre_mission_change", args=[mission.pk]),
        {
            "text_fr": mission.text_fr,
            "text_en": "to manage adults not diagnosed as children",
            "ordering": 2,
            "is_published": "on",
        },
    )
    assert response.status_code == 302
    assert "to manage adults not diagnosed as children" in client.get("/en/").content.decode()


def test_an_edit_of_the_footer_shows_on_every_page(seeded, client):
    """The footer is on every stored page: they are all emptied."""
    client.get("/fr/")
    client.get("/fr/equipe/")
    network = Network.objects.get(name="OSCAR")
    network.full_name = "Filière OSCAR (nom modifié)"
    network.save()
    for address in ("/fr/equipe/", "/fr/contact/", "/fr/maladies/"):
        footer = client.get(address).content.decode().split('<footer class="site-footer">')[1]
        assert "Filière OSCAR (nom modifié)" in footer, address


def test_browsers_revalidate_with_etag(seeded, client):
    response = client.get("/fr/equipe/")
    assert response["Cache-Control"] == "no-cache"
    assert "Expires" not in response
    etag = response["ETag"]
    cached = client.get("/fr/equipe/")
    assert cached["Cache-Control"] == "no-cache"
    assert cached["ETag"] == etag
    assert client.get("/fr/equipe/", HTTP_IF_NONE_MATCH=etag).status_code == 304


def test_a_stored_page_keeps_its_etag_and_its_language(seeded, client, django_assert_num_queries):
    """A stored page is served before LocaleMiddleware runs: the key still follows the
    address's language, whatever the browser prefers, and the stored copy carries the
    ETag computed when it was rendered (no hashing at every hit)."""
    english = client.get("/en/", HTTP_ACCEPT_LANGUAGE="fr")
    french = client.get("/fr/", HTTP_ACCEPT_LANGUAGE="en")
    with django_assert_num_queries(0):
        english_again = client.get("/en/", HTTP_ACCEPT_LANGUAGE="fr")
        french_again = client.get("/fr/", HTTP_ACCEPT_LANGUAGE="en")
    assert english_again.content == english.content
    assert french_again.content == french.content
    assert '<html lang="en"' in english_again.content.decode()
    assert '<html lang="fr"' in french_again.content.decode()
    assert english_again["Content-Language"] == "en"
    stored = [
        caches["pages"].get(key)
        for key in (
            get_cache_key(english_again.wsgi_request, cache=caches["pages"]),
            get_cache_key(french_again.wsgi_request, cache=caches["pages"]),
        )
    ]
    assert [page["ETag"] for page in stored] == [english["ETag"], french["ETag"]]


def test_admin_is_never_cached(seeded, staff_client):
    response = staff_client.get(reverse("admin:index"))
    assert "no-cache" in response["Cache-Control"] or "private" in response["Cache-Control"]
    assert len(caches["pages"]._list_cache_files()) == 0


def test_junk_query_parameters_are_not_stored(seeded, client):
    client.get("/fr/")
    stored = len(caches["pages"]._list_cache_files())
    for number in range(20):
        assert client.get(f"/fr/?utm_campaign=c{number}").status_code == 200
    assert client.get("/fr/?page=1&page=2").status_code == 200
    assert len(caches["pages"]._list_cache_files()) == stored


def csrf_token(html):
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)


def test_contact_page_is_never_stored(seeded):
    alice, bob = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    first = alice.get("/en/contact/")
    assert "no-store" in first["Cache-Control"]
    token_a = csrf_token(first.content.decode())
    token_b = csrf_token(bob.get("/en/contact/").content.decode())
    assert token_a != token_b
    # A visitor coming back still gets a working form (their own token).
    token_b2 = csrf_token(bob.get("/en/contact/").content.decode())
    response = bob.post(
        "/en/contact/",
        {
            "csrfmiddlewaretoken": token_b2,
            "name": "Bob",
            "email": "bob@example.org",
            "sender_type": "other",
            "subject": "Question",
            "message": "A question of mine.",
            "consent": "on",
            "website": "",
            "form_token": new_form_token(),
        },
    )
    assert response.status_code == 303
    assert ContactRequest.objects.count() == 1


def test_a_contact_request_leaves_the_stored_pages_alone(seeded, client, django_assert_num_queries):
    """A visitor's message (and its rate-limit counter) is not content: pages stay."""
    client.get("/en/")
    response = Client().post(
        "/en/contact/",
        {
            "name": "Bob",
            "email": "bob@example.org",
            "sender_type": "other",
            "subject": "Question",
            "message": "A question of mine.",
            "consent": "on",
            "website": "",
            "form_token": new_form_token(),
        },
    )
    assert response.status_code == 303
    assert ContactRequest.objects.count() == 1
    with django_assert_num_queries(0):
        assert client.get("/en/").status_code == 200


def test_response_setting_a_cookie_is_never_stored(seeded, rf):
    from django.http import HttpResponse

    from mocsite.cache import FetchFromCacheMiddleware, UpdateCacheMiddleware

    def view(request):
        response = HttpResponse("hello")
        response.set_cookie("visitor", "alice")
        return response

    request = rf.get("/fr/")
    FetchFromCacheMiddleware(view).process_request(request)
    UpdateCacheMiddleware(view)(request)
    assert len(caches["pages"]._list_cache_files()) == 0


def test_no_page_outlives_the_day_it_was_rendered_on(settings):
    settings.CACHE_MIDDLEWARE_SECONDS = 600
    paris = ZoneInfo("Europe/Paris")
    assert seconds_until_next_change(datetime(2026, 5, 4, 23, 58, tzinfo=paris)) == 120
    assert seconds_until_next_change(datetime(2026, 5, 4, 12, 0, tzinfo=paris)) == 600


def test_a_page_is_kept_until_midnight_at_most(seeded, client, settings, monkeypatch):
    """An episode published tomorrow appears at midnight: the page cache must not keep
    today's page past it."""
    settings.CACHE_MIDDLEWARE_SECONDS = 10**6
    timeouts = []
    pages = caches["pages"]
    original = pages.set
    monkeypatch.setattr(
        pages,
        "set",
        lambda key, value, timeout: timeouts.append(timeout) or original(key, value, timeout),
    )
    client.get("/fr/")
    assert timeouts and max(timeouts) <= seconds_until_next_change() + 1 <= 24 * 3600 + 1


def test_clear_page_cache_command(seeded, client):
    """After a deploy, or a change made outside the admin, one command makes every page
    be rendered again."""
    client.get("/fr/")
    Mission.objects.filter(ordering=1).update(text_fr="Une mission changée en bloc")
    assert "Une mission changée en bloc" not in client.get("/fr/").content.decode()
    out = StringIO()
    call_command("clear_page_cache", stdout=out)
    assert "emptied" in out.getvalue()
    assert "Une mission changée en bloc" in client.get("/fr/").content.decode()


def test_make_renditions_empties_the_page_cache(seeded, client):
    """make_renditions records image sizes with queryset.update(), which sends no signal:
    the command itself empties the page cache."""
    client.get("/en/team/")
    assert caches["pages"]._list_cache_files()
    call_command("make_renditions", stdout=StringIO())
    assert not caches["pages"]._list_cache_files()


def test_an_edit_reaches_every_worker_without_redis(seeded, settings, client):
    """Without Redis the page cache is a directory every worker of the machine shares:
    another process (a second worker, or `manage.py clear_page_cache` from a shell) that
    empties it makes this one render afresh."""
    client.get("/fr/")
    Mission.objects.filter(ordering=1).update(text_fr="Une mission changée ailleurs")
    assert "Une mission changée ailleurs" not in client.get("/fr/").content.decode()
    environment = {**os.environ, "LOG_LEVEL": "ERROR", "DJANGO_SETTINGS_MODULE": "tests.settings"}
    environment.pop("REDIS_URL", None)
    result = subprocess.run(
        [sys.executable, "manage.py", "clear_page_cache"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**environment, "STATE_DIR": str(settings.STATE_DIR)},
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert "Une mission changée ailleurs" in client.get("/fr/").content.decode()


def test_pages_render_when_the_page_cache_cannot_be_written(seeded, settings, client, tmp_path):
    blocker = tmp_path / "not-a-directory"
    blocker.write_text("")
    settings.CACHES = {
        **settings.CACHES,
        "pages": {**settings.CACHES["pages"], "LOCATION": str(blocker / "pages")},
    }
    started = time.monotonic()
    response = client.get("/fr/")
    assert response.status_code == 200
    assert time.monotonic() - started < 5


def test_a_page_is_served_not_kept_when_the_schedule_cannot_be_read(seeded, client, monkeypatch):
    """A page that needs no database (robots.txt) still answers when the database fails
    while the page cache asks when content next changes; it is then not stored."""
    from django.db import OperationalError

    import mocsite.publishing

    def failing(*args, **kwargs):
        raise OperationalError("the database went away")

    monkeypatch.setattr(mocsite.publishing, "next_change", failing)
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-cache"
    assert len(caches["pages"]._list_cache_files()) == 0


def test_only_a_page_s_own_address_is_stored(seeded, client):
    """A page is kept under its own address only: `?page=2` of a list of two pages, not
    `?page=2` on a page that is no list, nor `?page=1` or `?page=last`; the canonical link
    names the page served."""

    more_events(25)  # two pages of past events
    events = reverse("centre:event_list")
    legal = reverse("centre:legal_notice")
    client.get(events)
    client.get(legal)
    stored = len(caches["pages"]._list_cache_files())
    for address in (f"{legal}?page=2", f"{events}?page=1", f"{events}?page=last"):
        response = client.get(address)
        assert response.status_code == 200
        assert "?page=" not in response.context["canonical_url"] or address.endswith("last")
        assert len(caches["pages"]._list_cache_files()) == stored, address
    assert client.get(f"{events}?page=last").context["canonical_url"].endswith("?page=2")
    second = client.get(f"{events}?page=2")
    assert second.context["canonical_url"].endswith(f"{events}?page=2")
    assert len(caches["pages"]._list_cache_files()) > stored
    assert client.get(f"{events}?page=2")["Content-Length"] == second["Content-Length"]
