"""Cached template fragments (mocsite/fragments.py): the pages the page cache does not serve
reuse them, look exactly the same, cost no SQL, and still show an edit on the next request."""

import re
import xml.etree.ElementTree as ET
from urllib.parse import urlparse

import pytest
from django.core.cache import cache
from django.template import Context, Template, TemplateSyntaxError
from django.test import Client

from centre.models import Centre, Disease, Mission
from mocsite.cache import local_fragments
from publications.models import Publication

pytestmark = pytest.mark.django_db

SITEMAP_NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}

# Pages of every kind: the five of the benchmark, then one of each other template.
PAGES = [
    "/fr/",
    "/fr/equipe/",
    "/fr/publications/",
    "/fr/podcasts/fibrodysplasie-ossifiante-progressive/qu-est-ce-que-la-fop/",
    "/fr/maladies/hypophosphatasie/",
]


@pytest.fixture
def fragments_on(settings):
    settings.FRAGMENT_CACHE_ENABLED = True
    settings.CONTACT_MIN_FILL_SECONDS = 0


def site_paths(client):
    root = ET.fromstring(client.get("/sitemap.xml").content)
    return sorted({urlparse(loc.text).path for loc in root.findall("s:url/s:loc", SITEMAP_NS)})


PER_REQUEST = [
    (re.compile(r'nonce="[^"]+"'), 'nonce="…"'),
    (re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"'), 'name="csrfmiddlewaretoken"'),
    (re.compile(r'name="form_token" value="[^"]+"'), 'name="form_token"'),
]


def normalised(response):
    html = response.content.decode()
    for pattern, replacement in PER_REQUEST:
        html = pattern.sub(replacement, html)
    return html


def test_every_page_is_the_same_with_and_without_fragments(seeded, settings):
    client = Client()
    paths = site_paths(client) + [
        "/fr/contact/",
        "/en/contact/",
        "/fr/publications/?year=2020",
        "/en/publications/?page=1",
    ]
    assert len(paths) > 40
    full = {path: normalised(client.get(path)) for path in paths}
    settings.FRAGMENT_CACHE_ENABLED = True
    for visit in ("stores the fragments", "reuses them"):
        for path in paths:
            response = client.get(path)
            assert response.status_code == 200, path
            assert normalised(response) == full[path], f"{path} ({visit})"


@pytest.mark.parametrize("path", PAGES)
def test_a_page_with_its_fragments_cached_costs_no_sql(
    seeded, fragments_on, client, path, django_assert_num_queries
):
    assert client.get(path).status_code == 200
    with django_assert_num_queries(0):
        assert client.get(path).status_code == 200


def test_an_edit_shows_on_the_next_request(seeded, fragments_on, client):
    client.get("/en/centre/")
    client.get("/en/diseases/hypophosphatasia/")
    Mission.objects.create(text_fr="former les étudiants", text_en="to train students", ordering=9)
    assert "to train students" in client.get("/en/centre/").content.decode()
    disease = Disease.objects.get(slug_en="hypophosphatasia")
    disease.name_en = "Hypophosphatasia (HPP)"
    disease.save()
    html = client.get("/en/diseases/hypophosphatasia/").content.decode()
    assert "<h1>Hypophosphatasia (HPP)</h1>" in html
    assert "<title>Hypophosphatasia (HPP)" in html


def test_an_edit_of_the_centre_profile_shows_in_the_layout(seeded, fragments_on, client):
    assert "01 00 00 00 00" not in client.get("/fr/mentions-legales/").content.decode()
    centre = Centre.load()
    centre.phone = "01 00 00 00 00"
    centre.save()
    html = client.get("/fr/mentions-legales/").content.decode()
    assert "01 00 00 00 00" in html  # footer and page body


def test_unpublishing_removes_the_page_at_once(seeded, fragments_on, client):
    assert client.get("/en/diseases/hypophosphatasia/").status_code == 200
    disease = Disease.objects.get(slug_en="hypophosphatasia")
    disease.is_published = False
    disease.save()
    assert client.get("/en/diseases/hypophosphatasia/").status_code == 404


def test_languages_and_menu_state_are_kept_apart(seeded, fragments_on, client):
    french = client.get("/fr/equipe/").content.decode()
    english = client.get("/en/team/").content.decode()
    assert "Équipe" in french and '<html lang="fr"' in french
    assert '<html lang="en"' in english and ">Team</a>" in english
    assert "Équipe</a>" not in english
    # The menu marks the current page, whatever page stored the menu first.
    home = client.get("/en/").content.decode()
    assert re.search(r'href="/en/" aria-current="page"', home)
    assert re.search(r'href="/en/team/" aria-current="page"', english)
    assert not re.search(r'href="/en/team/" aria-current', home)


def test_each_response_gets_its_own_csp_nonce(seeded, fragments_on, client):
    nonces = []
    for _visit in range(3):
        response = client.get("/fr/maladies/hypophosphatasie/")
        html = response.content.decode()
        (nonce,) = set(re.findall(r'<script type="application/ld\+json" nonce="([^"]+)"', html))
        assert f"'nonce-{nonce}'" in response["Content-Security-Policy"]
        nonces.append(nonce)
    assert len(set(nonces)) == 3


def test_contact_form_works_with_fragments(seeded, fragments_on):
    from centre.forms import new_form_token
    from centre.models import ContactRequest

    alice, bob = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    token = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
    token_a = token.search(alice.get("/en/contact/").content.decode()).group(1)
    html_b = bob.get("/en/contact/").content.decode()
    assert token.search(html_b).group(1) != token_a
    assert "In case of emergency" in html_b  # the cached contact details
    response = bob.post(
        "/en/contact/",
        {
            "csrfmiddlewaretoken": token.search(html_b).group(1),
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


def test_publication_list_filters_and_pages_with_cached_counts(seeded, fragments_on, client):
    total = Publication.objects.published().count()
    for _visit in range(2):
        html = client.get("/en/publications/").content.decode()
        assert f"{total} publications" in html
        assert client.get("/en/publications/?page=99").status_code == 404
    year = Publication.objects.published().exclude(date=None).first().date.year
    in_year = Publication.objects.published().filter(date__year=year).count()
    html = client.get(f"/en/publications/?year={year}").content.decode()
    assert f"{in_year} publication" in html
    Publication.objects.create(
        title="A new article", journal="J", date="2026-01-01", is_published=True
    )
    html = client.get("/en/publications/").content.decode()
    assert f"{total + 1} publications" in html and "A new article" in html
    assert '<option value="2026">' in html  # the cached years were refreshed too


def test_emptied_cache_never_brings_back_an_older_copy(seeded, fragments_on, client, settings):
    """After a Redis restart the generation starts again: it must not meet the fragments a
    worker still holds in memory from before (a change made without a signal shows)."""
    settings.CONTENT_GENERATION_FILE = ""  # the generation in the shared cache, as with Redis
    assert "Hypophosphatasia" in client.get("/en/diseases/hypophosphatasia/").content.decode()
    assert len(local_fragments._data) > 0
    Disease.objects.filter(slug_en="hypophosphatasia").update(name_en="Renamed in bulk")
    cache.clear()  # the shared cache restarts empty; the worker's memory does not
    assert "Renamed in bulk" in client.get("/en/diseases/hypophosphatasia/").content.decode()


def test_fragment_cache_off_renders_every_time(seeded, settings, client):
    settings.FRAGMENT_CACHE_ENABLED = False
    client.get("/fr/")
    Mission.objects.filter(ordering=1).update(text_fr="Une mission changée en bloc")
    assert "Une mission changée en bloc" in client.get("/fr/").content.decode()


def test_fragment_tag_needs_a_quoted_name():
    with pytest.raises(TemplateSyntaxError):
        Template("{% load fragments %}{% fragment %}x{% endfragment %}")
    with pytest.raises(TemplateSyntaxError):
        Template("{% load fragments %}{% fragment name %}x{% endfragment %}")
    assert (
        Template("{% load fragments %}{% fragment 'a' %}x{% endfragment %}").render(Context({}))
        == "x"
    )


def test_pages_still_render_when_the_cache_is_down(seeded, fragments_on, client, monkeypatch):
    from django.core.cache.backends.locmem import LocMemCache

    client.get("/fr/")
    local_fragments.clear()

    def down(*args, **kwargs):
        raise ConnectionError("cache server unreachable")

    monkeypatch.setattr(LocMemCache, "get", down)
    for path in PAGES:
        response = client.get(path)
        assert response.status_code == 200, path
        assert "<h1" in response.content.decode()


def page_keys():
    from mocsite.cache import page_cache

    return [key for key in page_cache()._cache if ":fragment:page:" in key]


def test_whole_pages_are_kept_per_address(seeded, fragments_on, client):
    """One stored page per address: page 2 of a list is not page 1, and a made-up address
    answering 404 is never stored."""
    for path in ("/en/team/", "/en/team/?page=1&utm_source=x", "/en/team/christian-roux/"):
        client.get(path)
    assert len(page_keys()) == 2
    for slug in ("nobody", "no-one", "none"):
        assert client.get(f"/en/team/{slug}/").status_code == 404
        assert client.get(f"/en/diseases/{slug}/").status_code == 404
    assert len(page_keys()) == 2
    Person = Mission._meta.apps.get_model("centre", "Person")
    Person.objects.bulk_create(
        Person(first_name="A", last_name=f"B{i}", slug=f"ab-{i}", ordering=100 + i)
        for i in range(30)
    )
    Mission.objects.first().save()  # bulk_create sends no signal: bump the generation
    first = client.get("/en/team/").content.decode()
    second = client.get("/en/team/?page=2").content.decode()
    assert "Page 1 of 2" in first and "Page 2 of 2" in second


def test_a_page_with_a_form_token_is_never_kept_whole(seeded, fragments_on, rf, caplog):
    from django.middleware.csrf import get_token

    request = rf.get("/en/whatever/")
    request.page_fragment = request.path
    get_token(request)
    template = Template("{% load fragments %}{% page %}<form>{% csrf_token %}</form>{% endpage %}")
    html = template.render(Context({"request": request, "csrf_token": get_token(request)}))
    assert "csrfmiddlewaretoken" in html
    assert page_keys() == []
    assert "holds a CSRF token" in caplog.text


def test_a_kept_page_is_served_without_rendering_a_template(seeded, fragments_on, client):
    first = client.get("/fr/maladies/hypophosphatasie/")
    assert "base.html" in [t.name for t in first.templates]
    second = client.get("/fr/maladies/hypophosphatasie/")
    assert second.templates == []  # render_page answered with the kept page
    assert normalised(second) == normalised(first)
    assert first["Content-Type"] == second["Content-Type"] == "text/html; charset=utf-8"
    # The nonce is the response's own, and matches its CSP header.
    nonce = re.search(r'nonce="([^"]+)"', second.content.decode()).group(1)
    assert f"'nonce-{nonce}'" in second["Content-Security-Policy"]
    assert nonce not in first.content.decode()


def test_worker_memory_for_fragments_is_bounded():
    from mocsite.cache import LocalFragments

    memory = LocalFragments(max_entries=10, max_chars=1000)
    for index in range(5):
        memory.set(f"page-{index}", ("x" * 300,), 60)
    assert memory.get("page-0") is None and memory.get("page-1") is None  # oldest out
    assert memory.get("page-4") == ("x" * 300,)
    assert memory._chars <= 1000
    memory.set("too-big", ("y" * 2000,), 60)  # larger than the whole budget: not kept
    assert memory.get("too-big") is None and memory.get("page-4") is not None
    memory.set("page-4", ("z",), 60)  # replacing a value frees the old one's share
    assert memory._chars == 2 * 301 + 2
