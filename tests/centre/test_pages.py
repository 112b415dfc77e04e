"""Every page of the site foundation answers in both languages with its content."""

import re

import pytest
from django.core.cache import caches
from django.urls import reverse
from django.utils import translation

from centre.models import Centre, Disease, KeyFigure, Person
from tests.helpers import more_diseases, save_each

pytestmark = pytest.mark.django_db

PAGES = [
    "centre:home",
    "centre:about",
    "centre:team",
    "centre:disease_list",
    "centre:contact",
    "centre:legal_notice",
    "centre:privacy",
    "centre:accessibility",
]

EXPECTED_PATHS = {
    ("centre:team", "fr"): "/fr/equipe/",
    ("centre:team", "en"): "/en/team/",
    ("centre:disease_list", "fr"): "/fr/maladies/",
    ("centre:disease_list", "en"): "/en/diseases/",
    ("centre:legal_notice", "fr"): "/fr/mentions-legales/",
    ("centre:privacy", "en"): "/en/privacy/",
    ("centre:accessibility", "fr"): "/fr/accessibilite/",
}


def url(name, lang, **kwargs):
    with translation.override(lang):
        return reverse(name, kwargs=kwargs or None)


@pytest.mark.parametrize(("name", "lang"), sorted(EXPECTED_PATHS))
def test_paths_are_translated(name, lang):
    assert url(name, lang) == EXPECTED_PATHS[(name, lang)]


@pytest.mark.parametrize("lang", ["fr", "en"])
@pytest.mark.parametrize("name", PAGES)
def test_every_page_answers_with_seo_head(seeded, client, name, lang):
    response = client.get(url(name, lang))
    assert response.status_code == 200
    html = response.content.decode()
    assert f'<html lang="{lang}"' in html
    assert html.count("<h1") == 1
    assert re.search(r"<title>[^<]+</title>", html)
    description = re.search(r'<meta name="description" content="([^"]*)"', html)
    assert description and len(description.group(1).strip()) > 20
    assert f'<link rel="canonical" href="http://testserver{url(name, lang)}">' in html
    for code in ("fr", "en"):
        assert f'hreflang="{code}" href="http://testserver{url(name, code)}"' in html
    assert f'hreflang="x-default" href="http://testserver{url(name, "fr")}"' in html
    assert 'class="skip-link" href="#main"' in html


def test_titles_are_unique(seeded, client):
    titles = set()
    for name in PAGES:
        html = client.get(url(name, "en")).content.decode()
        titles.add(re.search(r"<title>([^<]+)</title>", html).group(1))
    assert len(titles) == len(PAGES)


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        (
            "fr",
            [
                "Centre de référence national des maladies osseuses constitutionnelles de l’adulte",
                "prendre en charge les patients non diagnostiqués dans l’enfance",
                "Hypophosphatasie",
                "Appeler le 01 58 41 25 78",
            ],
        ),
        (
            "en",
            [
                "French national reference centre for constitutional bone diseases in adults",
                "to manage patients not diagnosed in childhood",
                "Hypophosphatasia",
                "Call +33 1 58 41 25 78",
            ],
        ),
    ],
)
def test_home_shows_centre_missions_focus_and_phone(seeded, client, lang, expected):
    html = client.get(url("centre:home", lang)).content.decode()
    for text in expected:
        assert text in html
    assert 'href="tel:+330158412578"' not in html  # the "(0)" trunk prefix is dropped
    assert 'href="tel:+33158412578"' in html


def test_key_figures_without_value_are_hidden(seeded, client):
    html = client.get(url("centre:home", "en")).content.decode()
    assert "Medical consultations" not in html
    save_each(KeyFigure.objects.filter(label_en="Medical consultations"), value="1234")
    html = client.get(url("centre:home", "en")).content.decode()
    assert "Medical consultations" in html and "1234" in html and "(2021)" in html


def test_centre_page_lists_specialties_networks_and_nosology(seeded, client):
    html = client.get(url("centre:about", "en")).content.decode()
    for text in [
        "rehabilitation physicians",
        "dieticians",
        "pain centre",
        "OSCAR",
        "ERN BOND",
        "461 constitutional bone diseases",
        "2019 Revision",
        "linked by the basement",
    ]:
        assert text in html
    html = client.get(url("centre:about", "fr")).content.decode()
    for text in ["kinésithérapeutes", "centre de la douleur", "461 maladies osseuses"]:
        assert text in html


def test_team_page_shows_members_with_initials(seeded, client):
    html = client.get(url("centre:team", "fr")).content.decode()
    assert "Pr Christian Roux" in html
    assert "Dr Eugénie Koumakis" in html
    assert "Mioranirainy Deraharijaona" in html
    assert "Attaché de recherche clinique" in html
    assert ">CR<" in html  # initials stand in for a missing photo
    assert html.index("Christian Roux") < html.index("Koumakis")  # head of centre first


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_the_head_of_the_centre_is_said_once(seeded, client, lang):
    """The head's role in the seed is the head's label itself: one line, not two."""
    with translation.override(lang):
        head = Person.objects.get(slug="christian-roux").get_absolute_url()
    for page in (url("centre:team", lang), head):
        html = client.get(page).content.decode()
        label = {"fr": "Responsable du centre de référence", "en": "Head of the reference centre"}
        assert html.count(f'<p class="person-role"><strong>{label[lang]}</strong></p>') == 1
        assert f'<p class="person-role">{label[lang]}</p>' not in html


def test_disease_list_and_detail(seeded, client):
    html = client.get(url("centre:disease_list", "en")).content.decode()
    for disease in Disease.objects.all():
        with translation.override("en"):
            assert disease.name in html
            assert disease.get_absolute_url() in html
    assert "Strensiq" not in html  # a medicine, not a disease
    response = client.get("/en/diseases/hypophosphatasia/")
    html = response.content.decode()
    assert "Strensiq (asfotase alfa)" in html
    assert 'href="https://www.orpha.net/en/disease/detail/436"' in html
    assert "ORPHA:436" in html


def test_disease_list_of_the_seed_is_one_page(seeded, client):
    html = client.get(url("centre:disease_list", "fr")).content.decode()
    assert html.count('<li><a href="/fr/maladies/') == Disease.objects.published().count()
    assert 'class="pagination"' not in html
    assert client.get(url("centre:disease_list", "fr"), {"page": 2}).status_code == 404


def test_disease_list_is_paged_in_its_order(seeded, client):
    from centre.views import DiseaseListView

    assert DiseaseListView.paginate_by == 50
    more_diseases(60)  # placed after the seed's diseases
    total = Disease.objects.published().count()
    link = re.compile(r'<li><a href="/en/diseases/([\w-]+)/">')
    first = client.get(url("centre:disease_list", "en")).content.decode()
    second = client.get(url("centre:disease_list", "en"), {"page": 2}).content.decode()
    listed = link.findall(first) + link.findall(second)
    assert len(link.findall(first)) == 50
    assert listed == [d.slug_en for d in Disease.objects.published()]  # each once, in order
    assert len(listed) == total
    assert "Page 1 of 2" in first and 'href="?page=2" rel="next"' in first
    assert "Page 2 of 2" in second and 'rel="prev"' in second
    assert "<title>Diseases · page 2 · " in second
    assert '<link rel="canonical" href="http://testserver/en/diseases/?page=2">' in second
    assert 'hreflang="fr" href="http://testserver/fr/maladies/?page=2"' in second
    french = client.get(url("centre:disease_list", "fr"), {"page": 2}).content.decode()
    assert "Page 2 sur 2" in french and "Page précédente" in french
    for wrong in ("3", "0", "abc"):
        assert client.get(url("centre:disease_list", "en"), {"page": wrong}).status_code == 404


def test_disease_without_orpha_code_shows_no_code(seeded, client):
    html = client.get("/en/diseases/fibrous-dysplasia-of-bone/").content.decode()
    assert "Fibrous dysplasia of bone" in html
    assert "ORPHA:" not in html


def test_disease_slug_of_other_language_redirects(seeded, client):
    response = client.get("/fr/maladies/hypophosphatasia/")
    assert response.status_code == 301
    assert response["Location"] == "/fr/maladies/hypophosphatasie/"


def test_unknown_disease_is_404_in_visitor_language(seeded, client):
    response = client.get("/fr/maladies/inconnue/")
    assert response.status_code == 404
    assert "Page introuvable" in response.content.decode()
    response = client.get("/en/diseases/unknown/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


def test_contact_page_details(seeded, client):
    html = client.get(url("centre:contact", "en")).content.decode()
    for text in [
        "+33 1 58 41 25 78",  # the stored "+33 (0)1 58 41 25 78", international form
        "27 rue du faubourg Saint-Jacques",
        "75014",
        "Rheumatology department",
        "Cochin hospital",
        "In case of emergency",
        "call 15 (SAMU) or 112",
        "full contact details as well as the reason",
    ]:
        assert text in html
    assert "Welcome booklet" not in html  # no file uploaded yet


def test_contact_page_offers_uploaded_booklet(seeded, client):
    from django.core.files.base import ContentFile

    centre = Centre.get_profile()
    centre.welcome_booklet.save("livret.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"))
    html = client.get(url("centre:contact", "fr")).content.decode()
    assert "Livret d’accueil" in html
    assert centre.welcome_booklet.url in html


def test_accessibility_statement_says_not_compliant(seeded, client):
    html = client.get(url("centre:accessibility", "fr")).content.decode()
    assert "non conforme" in html
    assert "RGAA" in html
    footer = client.get(url("centre:home", "fr")).content.decode()
    assert "Accessibilité\u00a0: non conforme" in footer


def test_pages_without_seed_do_not_crash(db, client):
    for name in PAGES:
        assert client.get(url(name, "fr")).status_code == 200


def test_english_falls_back_to_french(seeded, client):
    person = Person.objects.get(slug="christian-roux")
    person.role_en = ""
    person.save()
    html = client.get(url("centre:team", "en")).content.decode()
    assert "Responsable du centre de référence" in html


# A stored page also reads the next go-live or expiry time (the end of its lifetime in the
# page cache, mocsite.publishing.next_change).
PAGE_CACHE_LIFETIME_QUERY = 1


@pytest.mark.parametrize("name", PAGES)
def test_query_count_is_bounded(seeded, client, django_assert_max_num_queries, name):
    # The home page adds the next event, the latest episodes and publications.
    with django_assert_max_num_queries(
        (8 if name == "centre:home" else 6) + PAGE_CACHE_LIFETIME_QUERY
    ):
        assert client.get(url(name, "fr")).status_code == 200


def test_disease_page_query_count(seeded, client, django_assert_max_num_queries):
    with django_assert_max_num_queries(6 + 2 * 6):
        assert client.get("/fr/maladies/hypophosphatasie/").status_code == 200


def test_query_count_does_not_grow_with_content(seeded, client, django_assert_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def count(path):
        caches["pages"].clear()  # a full render, not the stored page
        with CaptureQueriesContext(connection) as queries:
            client.get(path)
        return len(queries)

    before = {name: count(url(name, "en")) for name in ("centre:team", "centre:disease_list")}
    before["page 2"] = before["centre:disease_list"]  # a later page costs what the first does
    Person.objects.bulk_create(
        Person(first_name=f"A{i}", last_name=f"B{i}", slug=f"p-{i}") for i in range(50)
    )
    Disease.objects.bulk_create(
        Disease(name_fr=f"M{i}", name_en=f"D{i}", slug_fr=f"m-{i}", slug_en=f"d-{i}", slug=f"m-{i}")
        for i in range(50)
    )
    after = {name: count(url(name, "en")) for name in ("centre:team", "centre:disease_list")}
    after["page 2"] = count(url("centre:disease_list", "en") + "?page=2")
    assert after == before


def test_home_has_organization_json_ld(seeded, client, django_assert_max_num_queries):
    import json

    with django_assert_max_num_queries(9 + PAGE_CACHE_LIFETIME_QUERY):  # test_queries.py
        html = client.get("/en/").content.decode()
    block = re.search(r'<script type="application/ld\+json"[^>]*>(.*?)</script>', html, re.S)
    data = json.loads(block.group(1))
    assert data["@type"] == "MedicalOrganization"
    assert (
        data["name"]
        == "French national reference centre for constitutional bone diseases in adults"
    )
    assert data["telephone"] == "+33 (0)1 58 41 25 78"
    assert data["address"]["postalCode"] == "75014"
    assert {n["name"] for n in data["memberOf"]} == {"OSCAR", "ERN BOND"}
    assert "email" not in data  # the seed gives no address: nothing invented


def many_people(count):
    Person.objects.bulk_create(
        Person(
            first_name=f"Prénom{i:03d}",
            last_name=f"Nom{i:03d}",
            slug=f"membre-{i:03d}",
            ordering=100 + i,
        )
        for i in range(count)
    )


def test_team_list_is_paged_and_keeps_its_size(seeded, client):
    from centre.views import TeamView

    many_people(TeamView.paginate_by)  # with the seed's members: two pages
    total = Person.objects.published().count()
    first = client.get(url("centre:team", "en")).content.decode()
    assert first.count('class="person"') == TeamView.paginate_by
    assert "Page 1 of 2" in first and 'href="?page=2" rel="next"' in first
    assert first.index("Christian Roux") < first.index("Nom000")  # head of centre first
    second = client.get(url("centre:team", "en"), {"page": 2}).content.decode()
    assert second.count('class="person"') == total - TeamView.paginate_by
    assert "Page 2 of 2" in second and 'rel="prev"' in second and 'rel="next"' not in second
    assert "<title>Team · page 2 · " in second
    # The language switch keeps the page.
    assert 'hreflang="fr" href="http://testserver/fr/equipe/?page=2"' in second
    for wrong in ("3", "0", "abc"):
        assert client.get(url("centre:team", "en"), {"page": wrong}).status_code == 404


def test_team_page_queries_do_not_grow_with_the_team(seeded, client, django_assert_max_num_queries):
    many_people(200)
    with django_assert_max_num_queries(6 + PAGE_CACHE_LIFETIME_QUERY):
        assert client.get(url("centre:team", "fr"), {"page": 3}).status_code == 200


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_member_page(seeded, client, lang, django_assert_max_num_queries):
    person = Person.objects.get(slug="eugenie-koumakis")
    path = url("centre:person", lang, slug=person.slug)
    assert path == {"fr": "/fr/equipe/eugenie-koumakis/", "en": "/en/team/eugenie-koumakis/"}[lang]
    with django_assert_max_num_queries(6):
        response = client.get(path)
    html = response.content.decode()
    assert response.status_code == 200
    assert re.search(r"<h1>Dr Eugénie Koumakis</h1>", html)
    role = person.role_fr if lang == "fr" else (person.role_en or person.role_fr)
    assert role.replace("’", "&#x27;") in html or role in html
    # Her latest works, under headings that follow the page's h1.
    assert re.search(r'<h2 id="eugenie-koumakis-publications">', html)
    for publication in person.publications.published()[:5]:
        assert publication.get_absolute_url() in html
    assert f'href="{url("centre:team", lang)}"' in html  # breadcrumb back to the team
    # The team list links each member to their page, and so do citations.
    team = client.get(url("centre:team", lang)).content.decode()
    assert f'<a href="{path}">Dr Eugénie Koumakis</a>' in team
    other = "en" if lang == "fr" else "fr"
    assert (
        f'hreflang="{other}" href="http://testserver'
        f'{url("centre:person", other, slug=person.slug)}"'
    ) in html


def test_member_page_is_404_when_unpublished_or_unknown(seeded, client):
    save_each(Person.objects.filter(slug="eugenie-koumakis"), is_published=False)
    assert client.get(url("centre:person", "en", slug="eugenie-koumakis")).status_code == 404
    assert client.get(url("centre:person", "en", slug="nobody")).status_code == 404


def test_member_pages_are_in_the_sitemap(seeded, client):
    xml = client.get("/sitemap.xml").content.decode()
    assert "http://testserver/fr/equipe/christian-roux/" in xml
    assert "http://testserver/en/team/christian-roux/" in xml
