"""The page cache: cached pages cost no SQL, an edit shows on the next request, forms work."""

import re

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from centre.models import Disease, Mission

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _page_cache_on(settings):
    settings.PAGE_CACHE_ENABLED = True
    settings.CONTACT_MIN_FILL_SECONDS = 0
    cache.clear()


def test_second_visit_is_served_from_cache_without_sql(seeded, client, django_assert_num_queries):
    first = client.get("/en/diseases/hypophosphatasia/")
    assert first.status_code == 200
    with django_assert_num_queries(0):
        second = client.get("/en/diseases/hypophosphatasia/")
    assert second.status_code == 200
    assert second.content == first.content
    # The stored page keeps the header whose nonce its JSON-LD carries.
    assert second["Content-Security-Policy"] == first["Content-Security-Policy"]


def test_languages_are_cached_separately(seeded, client):
    assert "Hypophosphatasie" in client.get("/fr/maladies/hypophosphatasie/").content.decode()
    assert "Hypophosphatasia" in client.get("/en/diseases/hypophosphatasia/").content.decode()
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


def test_edit_through_the_admin_is_visible(seeded, client, staff_client):
    client.get("/en/")
    mission = Mission.objects.get(ordering=2)
    response = staff_client.post(
        reverse("admin:centre_mission_change", args=[mission.pk]),
        {
            "text_fr": mission.text_fr,
            "text_en": "to manage adults not diagnosed as children",
            "ordering": 2,
        },
    )
    assert response.status_code == 302
    assert "to manage adults not diagnosed as children" in client.get("/en/").content.decode()


def test_browsers_revalidate_with_etag(seeded, client):
    response = client.get("/fr/equipe/")
    assert response["Cache-Control"] == "no-cache"
    assert "Expires" not in response
    etag = response["ETag"]
    cached = client.get("/fr/equipe/")
    assert cached["Cache-Control"] == "no-cache"
    assert client.get("/fr/equipe/", HTTP_IF_NONE_MATCH=etag).status_code == 304


def test_admin_is_never_cached(seeded, staff_client):
    response = staff_client.get(reverse("admin:index"))
    assert "no-cache" in response["Cache-Control"] or "private" in response["Cache-Control"]


def csrf_token(html):
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)


def test_contact_form_is_never_shared_between_visitors(seeded):
    from centre.forms import new_form_token
    from centre.models import ContactRequest

    alice, bob = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    token_a = csrf_token(alice.get("/en/contact/").content.decode())
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


def test_response_setting_a_cookie_is_never_stored(seeded):
    # Two visitors behind the same load-balancer cookie, neither with a CSRF cookie yet.
    alice, bob = Client(), Client()
    alice.cookies["lb"] = "node-1"
    bob.cookies["lb"] = "node-1"
    first = alice.get("/fr/contact/")
    second = bob.get("/fr/contact/")
    assert "csrftoken" in first.cookies and "csrftoken" in second.cookies
    assert first.cookies["csrftoken"].value != second.cookies["csrftoken"].value
    assert csrf_token(first.content.decode()) != csrf_token(second.content.decode())


def test_make_renditions_empties_the_page_cache(seeded, client):
    """make_renditions records image sizes with queryset.update(), which sends no signal:
    the command itself must make cached pages render again."""
    from io import StringIO

    from django.core.management import call_command

    from mocsite.cache import generation

    client.get("/en/team/")
    before = generation()
    call_command("make_renditions", stdout=StringIO())
    assert generation() != before


def test_refresh_cached_pages_command_makes_every_page_fresh(seeded, settings, client):
    """After a deploy, or a change made outside the admin, one command makes every cached
    page and fragment be built again."""
    from io import StringIO

    from django.core.management import call_command

    from centre.models import Mission

    settings.PAGE_CACHE_ENABLED = True
    settings.FRAGMENT_CACHE_ENABLED = True
    client.get("/fr/")
    Mission.objects.filter(ordering=1).update(text_fr="Une mission changée en bloc")
    assert "Une mission changée en bloc" not in client.get("/fr/").content.decode()
    out = StringIO()
    call_command("refresh_cached_pages", stdout=out)
    assert "rebuilt on their next request" in out.getvalue()
    assert "Une mission changée en bloc" in client.get("/fr/").content.decode()


def test_an_edit_reaches_every_worker_without_redis(seeded, settings, client):
    """Without Redis each gunicorn worker has a local-memory cache of its own: the content
    generation is then kept in a file they all read. Another process (a second worker,
    or `manage.py refresh_cached_pages` run from a shell) that bumps it makes this one
    build its pages afresh."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    from centre.models import Mission

    settings.PAGE_CACHE_ENABLED = True
    settings.FRAGMENT_CACHE_ENABLED = True
    assert settings.CONTENT_GENERATION_FILE
    client.get("/fr/")
    Mission.objects.filter(ordering=1).update(text_fr="Une mission changée ailleurs")
    assert "Une mission changée ailleurs" not in client.get("/fr/").content.decode()
    environment = {**os.environ, "STATE_DIR": str(settings.STATE_DIR), "LOG_LEVEL": "ERROR"}
    environment.pop("REDIS_URL", None)
    result = subprocess.run(
        [sys.executable, "manage.py", "refresh_cached_pages"],
        capture_output=True,
        text=True,
        cwd=Path(__file__).resolve().parent.parent,
        env=environment,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert "Une mission changée ailleurs" in client.get("/fr/").content.decode()


def test_an_unwritable_generation_file_degrades_to_the_local_cache(
    seeded, settings, client, tmp_path
):
    from centre.models import Mission

    blocker = tmp_path / "not-a-directory"
    blocker.write_text("")
    settings.CONTENT_GENERATION_FILE = str(blocker / "content-generation")
    settings.PAGE_CACHE_ENABLED = True
    assert client.get("/fr/").status_code == 200
    mission = Mission.objects.get(ordering=1)
    mission.text_fr = "Une mission modifiée"
    mission.save()  # bumps the generation in this worker's own cache
    response = client.get("/fr/")
    assert response.status_code == 200
    assert "Une mission modifiée" in response.content.decode()
