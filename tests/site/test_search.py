"""The site search: the index follows every change, the results page, the header field,
the OpenSearch description, and a bounded number of queries per search."""

import io
import re
from datetime import timedelta

import html5lib
import pytest
from django.core.cache import caches
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from centre.models import Disease, Event, Person, Trial
from mocsite.models import SearchEntry, SearchTerm
from mocsite.search import engine, registry, text
from podcasts.models import Episode, Series
from publications.models import Publication
from tests.helpers import save_each

pytestmark = pytest.mark.django_db


def found(typed, language="fr"):
    """The addresses of the results that match every word of a search."""
    outcome = engine.search(typed, language)
    if outcome.redirect:
        return [outcome.redirect]
    if outcome.partial:
        return []
    return [result.url for group in outcome.groups for result in group.results]


def suggestions_and_corrections(typed):
    outcome = engine.search(typed, "fr")
    return outcome.suggestion, outcome.corrections


# -- The index follows every change ---------------------------------------------------------


def test_a_new_disease_is_found_at_once(seeded):
    disease = Disease.objects.create(
        name_fr="Maladie de Camurati-Engelmann",
        name_en="Camurati-Engelmann disease",
        slug_fr="maladie-de-camurati-engelmann",
        slug_en="camurati-engelmann-disease",
        slug="maladie-de-camurati-engelmann",
        aliases_fr="dysplasie diaphysaire progressive",
    )
    with_url = disease.get_absolute_url()
    assert found("camurati") == [with_url]
    assert found("Camurati Engelmann", "en")[0].startswith("/en/diseases/camurati-engelmann")
    assert found("dysplasie diaphysaire") == [with_url]


def test_a_rename_replaces_the_old_words(seeded):
    ollier = Disease.objects.get(slug_en="ollier-disease")
    ollier.name_fr = "Enchondromatose multiple"
    ollier.save()
    assert found("enchondromatose") == [ollier.get_absolute_url()]
    # The English name is unchanged and still finds it.
    assert found("Ollier disease", "en") == ["/en/diseases/ollier-disease/"]
    ollier.name_en = "Multiple enchondromatosis"
    ollier.save()
    assert found("ollier") == []
    assert not SearchTerm.objects.filter(word="ollier").exists()


def test_unpublished_content_never_appears_nor_its_words(seeded):
    hajdu = Disease.objects.get(slug_en="hajdu-cheney-syndrome")
    url = hajdu.get_absolute_url()
    assert found("hajdu") == [url]
    save_each(Disease.objects.filter(pk=hajdu.pk), is_published=False)
    assert found("hajdu") == []
    assert found("ORPHA:955") == []
    # Its words leave the vocabulary: no suggestion or correction points at them.
    assert suggestions_and_corrections("hajdo") == ("", [])
    assert not SearchTerm.objects.filter(word__in=["hajdu", "cheney"]).exists()
    save_each(Disease.objects.filter(pk=hajdu.pk), is_published=True)
    assert found("hajdu") == [url]


def test_a_deleted_row_leaves_the_index(seeded):
    talk = "Prise en charge du XLH"
    assert found("XLH")
    from publications.models import Talk

    Talk.objects.get(title__startswith=talk).delete()
    assert found("XLH") == []
    assert not SearchEntry.objects.filter(title_fr__startswith=talk).exists()


def test_a_changed_relation_is_followed(seeded):
    event = Event.objects.get(slug="osteogenese-imparfaite-adulte-2016")
    hpp = Disease.objects.get(slug_en="hypophosphatasia")
    assert event.get_absolute_url() not in found("hypophosphatasie adulte")
    event.diseases.add(hpp)
    assert event.get_absolute_url() in found("hypophosphatasie adulte")
    hpp.events.remove(event)  # from the other side
    assert event.get_absolute_url() not in found("hypophosphatasie adulte")
    publication = Publication.objects.get(pmid="34258503")
    publication.diseases.add(hpp)
    assert publication.get_absolute_url() in found("hypophosphatasie fractures")
    publication.diseases.clear()
    assert publication.get_absolute_url() not in found("hypophosphatasie fractures")


def test_what_an_entry_shows_of_another_row_follows_that_row(seeded):
    trial = Trial.objects.get(nct_id="NCT03118570")
    disease = Disease.objects.create(name="Maladie de Pyle", slug="maladie-de-pyle")
    trial.disease = disease
    trial.save()
    assert trial.get_absolute_url() in found("Pyle")
    disease.name_fr = "Dysplasie métaphysaire de Pyle"
    disease.save()
    assert trial.get_absolute_url() in found("dysplasie métaphysaire")
    disease.delete()  # the trial stays, without its disease
    assert found("Pyle") == []
    assert found("NCT03118570") == [trial.get_absolute_url()]


def test_staff_edit_the_aliases(seeded, staff_client):
    ollier = Disease.objects.get(slug_en="ollier-disease")
    ollier.aliases_fr = "enchondromatose"
    ollier.aliases_en = "enchondromatosis"
    ollier.save()
    assert found("enchondromatose") == [ollier.get_absolute_url()]
    assert found("enchondromatosis", "en")[0] == "/en/diseases/ollier-disease/"


def test_a_hidden_series_hides_its_episodes(seeded):
    series = Series.objects.get(disease__slug_en="fibrodysplasia-ossificans-progressiva")
    assert found("Merzoug")
    save_each(Series.objects.filter(pk=series.pk), is_published=False)
    assert found("Merzoug") == []
    save_each(Series.objects.filter(pk=series.pk), is_published=True)
    assert found("Merzoug")


def test_a_scheduled_episode_appears_on_its_day(seeded, monkeypatch):
    episode = Episode.objects.get(slug_en="recognising-fop")
    day = timezone.localdate() + timedelta(days=3)
    episode.published_on = day
    episode.save()
    assert found("Merzoug") == []
    assert not engine.search("Merzoug", "fr").suggestion
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: day)
    assert Episode.objects.published().filter(pk=episode.pk).exists()
    assert found("Merzoug") == [episode.get_absolute_url()]


def visible_keys():
    entries = SearchEntry.objects.filter(engine.visible_now())
    return set(entries.values_list("key", flat=True))


def public_keys():
    keys = set()
    for document in registry:
        if document.model is None:
            keys |= {document.key(item) for item in document.items()}
        else:
            keys |= {document.key(obj) for obj in document.public()}
    return keys


def test_what_is_found_is_exactly_what_published_shows(seeded, monkeypatch):
    """Each model's published() is the truth, on any day: hidden rows, a hidden series,
    episodes scheduled in the past, today and later."""
    today = timezone.localdate()
    save_each(Person.objects.filter(slug="mioranirainy-deraharijaona"), is_published=False)
    save_each(Disease.objects.filter(slug_en="ollier-disease"), is_published=False)
    episodes = list(Episode.objects.order_by("pk"))
    for offset, episode in zip((-2, 0, 1, 5), episodes, strict=False):
        episode.published_on = today + timedelta(days=offset)
        episode.save()
    save_each(Episode.objects.filter(pk=episodes[4].pk), is_published=False)
    for days in (0, 1, 5):
        day = today + timedelta(days=days)
        monkeypatch.setattr(timezone, "localdate", lambda *args, day=day, **kwargs: day)
        assert visible_keys() == public_keys(), day


def test_rebuild_gives_the_index_the_changes_built_it(seeded):
    """The index kept up change by change is the one rebuild_search_index makes."""
    Disease.objects.filter(slug_en="ollier-disease").get().delete()
    save_each(Person.objects.filter(slug="christian-roux"), role_fr="Coordinateur")
    save_each(Trial.objects.filter(nct_id="NCT03188666"), is_published=False)

    def snapshot():
        entries = SearchEntry.objects.values_list(
            "key", "visible", "words", "title_fr", "keywords_en", "body_fr", "url_en"
        )
        terms = SearchTerm.objects.values_list("word", "visible_from", "entries")
        return set(entries), set(terms)

    before = snapshot()
    out = io.StringIO()
    call_command("rebuild_search_index", stdout=out)
    assert "Search index rebuilt" in out.getvalue()
    assert snapshot() == before


def test_saves_held_back_are_indexed_once_at_the_end(seeded):
    """The seed's saves are not indexed one by one (index.deferred()): the rows saved
    inside are found afterwards, and a block that changed nothing rebuilds nothing."""
    from mocsite.search import index

    with index.deferred():
        Disease.objects.create(
            name_fr="Maladie de Testeur", name_en="Tester disease", slug="testeur"
        )
        assert not SearchEntry.objects.filter(title_fr="Maladie de Testeur").exists()
    assert SearchEntry.objects.filter(title_fr="Maladie de Testeur", visible=True).exists()
    with CaptureQueriesContext(connection) as queries, index.deferred():
        pass
    assert len(queries) == 0


def test_the_seed_builds_the_index_it_would_have_built_save_by_save(db):
    call_command("load_seed", verbosity=0, stdout=io.StringIO())
    entries = set(SearchEntry.objects.values_list("key", "visible", "words", "title_fr"))
    terms = set(SearchTerm.objects.values_list("word", "visible_from", "entries"))
    assert len(entries) > 50
    call_command("rebuild_search_index", stdout=io.StringIO())
    assert set(SearchEntry.objects.values_list("key", "visible", "words", "title_fr")) == entries
    assert set(SearchTerm.objects.values_list("word", "visible_from", "entries")) == terms


def test_the_index_is_built_on_migrate_when_empty(seeded):
    SearchEntry.objects.all().delete()
    call_command("migrate", verbosity=0)
    assert SearchEntry.objects.filter(key="page:contact").exists()


# -- Text ---------------------------------------------------------------------------------------


def test_folding_and_identifiers():
    assert text.words("Ostéogenèse, l’œil ; HAJDU-Cheney") == [
        "osteogenese",
        "l",
        "oeil",
        "hajdu",
        "cheney",
    ]
    for typed in ("ORPHA:436", "orpha 436", "Orphanet 436", "436"):
        assert text.identifier_key(typed) == "436"
    for typed in ("NCT03188666", "nct 03188666", "NCT-03188666"):
        assert text.identifier_key(typed) == "nct03188666"
    assert text.identifier_key("https://doi.org/10.1002/JBM4.10507") == text.identifier_key(
        "10.1002/jbm4.10507"
    )
    assert text.is_identifier_query("PMID: 32285168")
    assert not text.is_identifier_query("436")  # could be anything: listed, not opened
    assert not text.is_identifier_query("Koumakis 2021")


def test_highlighting_escapes_what_was_typed_and_stored():
    matcher = text.Matcher(["script"])
    html = str(text.excerpt("<script>alert(1)</script> and more", matcher))
    assert "<script>" not in html
    assert "&lt;<mark>script</mark>&gt;" in html


# -- The results page ---------------------------------------------------------------------------


def test_results_page_in_both_languages(seeded, client):
    french = client.get("/fr/rechercher/", {"q": "hypophosphatasie"})
    assert french.status_code == 200
    html = french.content.decode()
    assert '<meta name="robots" content="noindex">' in html
    assert french["X-Robots-Tag"] == "noindex"
    assert 'role="status"' in html
    assert "<mark>Hypophosphatasie</mark>" in html
    assert 'href="/fr/maladies/hypophosphatasie/"' in html
    english = client.get("/en/search/", {"q": "hypophosphatasia"}).content.decode()
    assert 'href="/en/diseases/hypophosphatasia/"' in english
    assert "results for “hypophosphatasia”" in english
    # The language switch keeps the search.
    assert 'href="/en/search/?q=hypophosphatasie"' in html


@pytest.mark.parametrize(
    "address",
    [
        "/fr/rechercher/?q=hypophosphatasie",
        "/fr/rechercher/?q=hypophosphatasie&type=episode",
        "/fr/rechercher/?q=xyzzy",
        "/fr/rechercher/?q=PNDS+ost%C3%A9ogen%C3%A8se",
        "/en/search/?q=koumakiss",
        "/en/search/",
    ],
)
def test_results_pages_are_well_formed_html(seeded, client, address):
    html = client.get(address).content.decode()
    html5lib.HTMLParser(strict=True, namespaceHTMLElements=False).parse(html)
    ids = re.findall(r'\sid="([^"]+)"', html)
    assert len(ids) == len(set(ids))
    assert html.count("<h1") == 1


def test_results_are_grouped_by_kind_with_counts_and_filters(seeded, client):
    html = client.get("/fr/rechercher/", {"q": "FOP"}).content.decode()
    assert re.search(r'aria-current="page">Tout <span class="count">\(\d+\)', html)
    assert "?q=FOP&amp;type=episode" in html
    assert '<h2 id="search-disease">Maladies' in html
    filtered = client.get("/fr/rechercher/", {"q": "FOP", "type": "episode"}).content.decode()
    assert '<h2 id="search-kind">Épisodes de podcast' in filtered
    assert "search-disease" not in filtered


def test_results_of_one_kind_are_paginated(seeded, client, monkeypatch):
    monkeypatch.setattr(engine, "PAGE_SIZE", 2)
    first = client.get("/fr/rechercher/", {"q": "hypophosphatasie", "type": "episode"})
    html = first.content.decode()
    assert html.count('class="search-result"') == 2
    assert "?q=hypophosphatasie&amp;type=episode&amp;page=2" in html
    second = client.get("/fr/rechercher/", {"q": "hypophosphatasie", "type": "episode", "page": 2})
    assert '<ol class="search-results" start="3">' in second.content.decode()


def test_every_result_of_a_kind_is_on_exactly_one_page(seeded, monkeypatch):
    """Only the rows shown are read (window functions): walked page by page, a kind gives
    all of its results once, the count says how many, and a page past the end or not a
    number gives the last or the first page."""
    monkeypatch.setattr(engine, "PAGE_SIZE", 2)
    monkeypatch.setattr(engine, "GROUP_SIZE", 1)
    everything = engine.search("hypophosphatasie", "fr")
    counts = {document.kind: count for document, count in everything.counts}
    assert max(counts.values()) > 2 and everything.total == sum(counts.values())
    assert all(len(group.results) == 1 for group in everything.groups)
    assert [group.total for group in everything.groups] == [
        counts[group.document.kind] for group in everything.groups
    ]
    for kind, count in counts.items():
        seen, page = [], 1
        while True:
            outcome = engine.search("hypophosphatasie", "fr", kind=kind, page=page)
            assert outcome.kind == kind and outcome.selected[1] == count
            seen += [result.url for result in outcome.page.object_list]
            if not outcome.page.has_next():
                break
            page += 1
        assert len(seen) == len(set(seen)) == count
        last = engine.search("hypophosphatasie", "fr", kind=kind, page=99).page
        assert last.number == page and [r.url for r in last.object_list] == seen[-len(last) :]
        for not_a_number in ("abc", "²", "２", "0", "9" * 30):
            first = engine.search("hypophosphatasie", "fr", kind=kind, page=not_a_number).page
            assert first.number == 1
            assert [r.url for r in first.object_list] == seen[: len(first)]


def _results(response):
    """The addresses of the results listed, in order."""
    found = re.findall(r'class="search-result">\s*<h3><a href="([^"]+)"', response.content.decode())
    assert found
    return found


@pytest.mark.parametrize("page", ["²", "２", "abc", "-1", "9" * 30])
def test_a_page_that_is_not_a_number_is_the_first(seeded, client, page):
    """It was a 500 for "²", which str.isdigit() takes and int() refuses."""
    parameters = {"q": "hypophosphatasie", "type": "episode"}
    first = client.get("/fr/rechercher/", parameters)
    response = client.get("/fr/rechercher/", {**parameters, "page": page})
    assert response.status_code == 200
    assert _results(response) == _results(first)


def test_an_identifier_with_one_match_opens_its_page(seeded, client):
    response = client.get("/fr/rechercher/", {"q": "ORPHA:436"})
    assert response.status_code == 302
    assert response["Location"] == "/fr/maladies/hypophosphatasie/"
    response = client.get("/en/search/", {"q": "nct 03188666"})
    assert response["Location"] == "/en/research/trials/nct03188666/"  # the trial's page
    assert client.get(response["Location"]).status_code == 200


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_a_trial_is_found_with_a_link_to_its_page(seeded, client, lang):
    address = {"fr": "/fr/rechercher/", "en": "/en/search/"}[lang]
    html = client.get(address, {"q": "Mereo"}).content.decode()
    page = {"fr": "/fr/recherche/essais/nct03118570/", "en": "/en/research/trials/nct03118570/"}
    assert f'href="{page[lang]}"' in html
    assert "#nct03118570" not in html


def test_no_result_says_so_and_helps(seeded, client):
    html = client.get("/fr/rechercher/", {"q": "xyzzy"}).content.decode()
    assert "Aucun résultat pour «\u00a0xyzzy\u00a0»" in html
    assert "Maladies de A à Z" in html
    assert 'href="/fr/maladies/syndrome-de-hajdu-cheney/"' in html
    assert 'href="/fr/contact/"' in html
    html = client.get("/fr/rechercher/", {"q": "hypofosphatasie"}).content.decode()
    assert 'Vouliez-vous dire\u00a0: <a href="?q=hypophosphatasie">' in html


def test_the_page_without_result_lists_a_bounded_number_of_diseases(seeded, client):
    """Past engine.BROWSE_SHOWN diseases, the page links to the (paged) disease list
    instead of listing them all: its size and its queries stay the same."""

    def no_result(address):
        with CaptureQueriesContext(connection) as queries:
            html = client.get(address, {"q": "xyzzy"}).content.decode()
        return html, len(queries)

    client.get("/fr/rechercher/", {"q": "xyzzy"})  # sessions and the like are set up
    html, before = no_result("/fr/rechercher/")
    assert 'href="/fr/maladies/syndrome-de-hajdu-cheney/"' in html
    assert '<p><a href="/fr/maladies/">' not in html  # all of them are listed
    for i in range(engine.BROWSE_SHOWN):
        Disease.objects.create(
            name_fr=f"Maladie {i:03d}", name_en=f"Disease {i:03d}", slug=f"maladie-{i:03d}"
        )
    html, after = no_result("/fr/rechercher/")
    assert after == before
    assert "Maladies de A à Z" in html
    assert '<p><a href="/fr/maladies/">Toutes les maladies</a></p>' in html
    assert "syndrome-de-hajdu-cheney" not in html and "maladie-000" not in html
    html = client.get("/en/search/").content.decode()
    assert '<p><a href="/en/diseases/">All diseases</a></p>' in html
    assert "disease-000" not in html and "maladie-000" not in html


def test_an_empty_search_shows_the_same_help(seeded, client):
    for address in ("/fr/rechercher/", "/fr/rechercher/?q=+"):
        html = client.get(address).content.decode()
        assert "Maladies de A à Z" in html
        assert 'href="/fr/contact/"' in html
        assert "Aucun résultat" not in html


def test_what_is_typed_is_escaped(seeded, client):
    html = client.get("/fr/rechercher/", {"q": '<script>alert("x")</script>'}).content.decode()
    assert '<script>alert("x")' not in html
    assert "&lt;script&gt;" in html


def test_result_pages_are_never_stored_by_the_page_cache(seeded, client):
    client.get("/fr/")
    stored = len(caches["pages"]._list_cache_files())
    for typed in ("fop", "hypophosphatasie", "xyzzy"):
        assert client.get("/fr/rechercher/", {"q": typed}).status_code == 200
    assert len(caches["pages"]._list_cache_files()) == stored
    # A change shows at once.
    save_each(Disease.objects.filter(slug_en="hajdu-cheney-syndrome"), name_fr="Syndrome de HC")
    assert "Syndrome de HC" in client.get("/fr/rechercher/", {"q": "hajdu"}).content.decode()


def test_every_page_has_the_search_field_in_its_header(seeded, client):
    for address in ("/fr/", "/en/team/", "/fr/maladies/hypophosphatasie/", "/en/contact/"):
        html = client.get(address).content.decode()
        form = re.search(r'<form class="site-search" role="search"[^>]*>', html).group()
        assert 'method="get"' in form and "aria-labelledby=" in form
        assert '<label id="site-search-label" for="site-search-q">' in html
        assert 'name="q"' in html
    assert 'action="/fr/rechercher/"' in client.get("/fr/").content.decode()
    assert 'action="/en/search/"' in client.get("/en/").content.decode()


def test_the_menu_says_clinical_research(seeded, client):
    # A disclosure menu of the main menu (tests/site/test_home_and_menu.py).
    assert "<summary>Recherche clinique</summary>" in client.get("/fr/").content.decode()
    assert "<summary>Clinical research</summary>" in client.get("/en/").content.decode()


def test_opensearch_description(seeded, client):
    response = client.get("/opensearch.xml", {"lang": "en"})
    assert response["Content-Type"].startswith("application/opensearchdescription+xml")
    body = response.content.decode()
    assert 'template="http://testserver/en/search/?q={searchTerms}"' in body
    assert "<ShortName>MOC</ShortName>" in body
    french = client.get("/opensearch.xml").content.decode()
    assert 'template="http://testserver/fr/rechercher/?q={searchTerms}"' in french
    html = client.get("/fr/").content.decode()
    assert 'rel="search" type="application/opensearchdescription+xml"' in html
    assert 'href="/opensearch.xml?lang=fr"' in html


# -- Queries per search -------------------------------------------------------------------------

SEARCHES = [
    "/fr/rechercher/?q=ost%C3%A9ogen%C3%A8se",  # typical
    "/en/search/?q=hypophosphatasia+registry",
    "/fr/rechercher/?q=koumakiss",  # a typo
    "/en/search/?q=fibrodisplasia+ossificans",
    "/fr/rechercher/?q=PMID+32285168",  # an identifier (opens the page)
    "/fr/rechercher/?q=436",
    "/fr/rechercher/?q=FOP&type=episode",
    "/fr/rechercher/?q=xyzzy",  # no result
    "/fr/rechercher/",  # empty
]


def search_queries(client, address):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(address)
    assert response.status_code in (200, 302), address
    return len(queries)


def test_at_most_five_queries_per_search_the_same_with_ten_times_the_content(seeded, client):
    before = {address: search_queries(client, address) for address in SEARCHES}
    assert max(before.values()) <= 5, before
    call_command("generate_content", "--factor", "10", stdout=io.StringIO())
    # bulk_create sends no signal: the index is rebuilt (and the page cache emptied).
    call_command("rebuild_search_index", stdout=io.StringIO())
    assert SearchEntry.objects.filter(kind="disease", visible=True).count() == 90
    after = {address: search_queries(client, address) for address in SEARCHES}
    assert after == before


@pytest.mark.skipif(connection.vendor != "postgresql", reason="a PostgreSQL setting")
def test_postgresql_connections_plan_with_ssd_costs(db):
    """DATABASE_RANDOM_PAGE_COST on every connection: with 100 times the seed, a broad
    query then reads the entries' GIN index instead of scanning the table (docs/search.md)."""
    with connection.cursor() as cursor:
        cursor.execute("SHOW random_page_cost")
        assert float(cursor.fetchone()[0]) == 1.1
