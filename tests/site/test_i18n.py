"""Languages: redirects from /, the language switch, and the French catalogue."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from mocsite.links import language_links

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("accept", "target"),
    [
        ("en-GB,en;q=0.9", "/en/"),
        ("fr-FR,fr;q=0.9,en;q=0.5", "/fr/"),
        ("de-DE,de;q=0.9", "/fr/"),
        ("", "/fr/"),
    ],
)
def test_root_redirects_by_browser_preference(client, accept, target):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE=accept)
    assert response.status_code == 302
    assert response["Location"] == target


def switch_target(html, lang):
    match = re.search(rf'<a href="([^"]+)" hreflang="{lang}" lang="{lang}">', html)
    assert match, f"no switch link to {lang}"
    return match.group(1)


PAGE_PAIRS = [
    ("/fr/", "/en/"),
    ("/fr/centre/", "/en/centre/"),
    ("/fr/equipe/", "/en/team/"),
    ("/fr/maladies/", "/en/diseases/"),
    ("/fr/maladies/osteogenese-imparfaite/", "/en/diseases/osteogenesis-imperfecta/"),
    (
        "/fr/maladies/fibrodysplasie-ossifiante-progressive/",
        "/en/diseases/fibrodysplasia-ossificans-progressiva/",
    ),
    ("/fr/recherche/", "/en/research/"),
    ("/fr/recherche/essais/nct03118570/", "/en/research/trials/nct03118570/"),
    ("/fr/contact/", "/en/contact/"),
    ("/fr/mentions-legales/", "/en/legal-notice/"),
    ("/fr/donnees-personnelles/", "/en/privacy/"),
    ("/fr/accessibilite/", "/en/accessibility/"),
]


@pytest.mark.parametrize(("fr", "en"), PAGE_PAIRS)
def test_language_switch_lands_on_same_page(seeded, client, fr, en):
    html = client.get(fr).content.decode()
    assert switch_target(html, "en") == en
    response = client.get(en)
    assert response.status_code == 200
    assert switch_target(response.content.decode(), "fr") == fr
    assert client.get(fr).status_code == 200


def test_switch_uses_object_slug_when_english_slug_is_empty(seeded, client):
    from centre.models import Disease

    disease = Disease.objects.get(slug_en="ollier-disease")
    disease.slug_en = None
    disease.save()
    html = client.get("/fr/maladies/maladie-d-ollier/").content.decode()
    target = switch_target(html, "en")
    assert target == "/en/diseases/maladie-d-ollier/"
    assert client.get(target).status_code == 200


def test_french_catalogue_is_complete():
    po = (Path(settings.BASE_DIR) / "locale/fr/LC_MESSAGES/django.po").read_text()
    assert "#, fuzzy" not in po
    entries = re.findall(r'\nmsgid ("(?:[^"\\]|\\.)*"(?:\n"(?:[^"\\]|\\.)*")*)\nmsgstr ""\n\n', po)
    assert entries == [], f"untranslated: {entries[:5]}"


def test_interface_is_french_on_french_pages(seeded, client):
    html = client.get("/fr/").content.decode()
    assert "Aller au contenu principal" in html
    assert "Menu principal" in html
    with translation.override("fr"):
        assert reverse("centre:team") == "/fr/equipe/"


def test_a_paged_list_names_its_own_page_as_canonical(seeded, client):
    from centre.models import Person

    Person.objects.bulk_create(
        Person(first_name=f"A{i}", last_name=f"B{i}", slug=f"p-{i}") for i in range(30)
    )
    html = client.get("/fr/equipe/?page=2").content.decode()
    assert '<link rel="canonical" href="http://testserver/fr/equipe/?page=2">' in html
    assert 'hreflang="en" href="http://testserver/en/team/?page=2"' in html
    first = client.get("/fr/equipe/?utm_source=x").content.decode()
    assert '<link rel="canonical" href="http://testserver/fr/equipe/">' in first


class _Page:
    """An object's page: its address in each language (a slug of its own in each)."""

    def __init__(self, query=""):
        self.query = query

    def get_absolute_url(self):
        return f"/{translation.get_language()}/objet/{self.query}"


def test_an_object_page_keeps_its_page_number_in_every_language(rf):
    """language_links(request, obj): page N of an object's list (a series' episodes) is
    page N in the other language; page 1 is the object's own address, and a page that
    lists nothing by pages has none, whatever its address says."""
    for served, query in [(2, "?page=2"), (1, ""), (None, "")]:
        request = rf.get("/fr/objet/", {"page": "2"})
        if served is not None:  # what mocsite.paging.requested_page notes
            request.page_number = served
        links = language_links(request, _Page())
        assert [link["path"] for link in links] == [f"/fr/objet/{query}", f"/en/objet/{query}"]
    # "last" is named by the number of the page served (mocsite.paging.requested_page).
    request = rf.get("/fr/objet/", {"page": "last"})
    request.page_number = 3
    assert [link["path"] for link in language_links(request, _Page())] == [
        "/fr/objet/?page=3",
        "/en/objet/?page=3",
    ]
    # An address with a query of its own (a filtered list) carries its page number itself.
    filtered = _Page("?year=2020&page=2")
    links = language_links(rf.get("/fr/objet/", {"year": "2020", "page": "2"}), filtered)
    assert [link["path"] for link in links] == [
        "/fr/objet/?year=2020&page=2",
        "/en/objet/?year=2020&page=2",
    ]
