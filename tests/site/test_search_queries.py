"""The site search, measured: what people type, in both languages, and the first result
they must get (or the page they are sent to, or no result), on the seed content.

The same table runs on SQLite and on PostgreSQL (DATABASE_URL=postgres://…), and CI runs
the suite on PostgreSQL, so both engines of mocsite.search.engine answer it.
"""

import os

import pytest
from django.core.management import call_command
from django.db import connection
from django.utils import translation

from centre.models import Disease, Event, Person, Registry, Trial
from mocsite.search import engine
from podcasts.models import Episode, Series
from publications.models import Publication, Talk

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker):
    """The seed, loaded once for the module's read-only tests (its rows are removed
    afterwards, as a transactional test's are)."""
    with django_db_blocker.unblock():
        call_command("load_seed", verbosity=0, stdout=open(os.devnull, "w"))
        yield
        call_command("flush", interactive=False, verbosity=0)


def disease(slug_en):
    return lambda: Disease.objects.get(slug_en=slug_en).get_absolute_url()


def person(slug):
    return lambda: Person.objects.get(slug=slug).get_absolute_url()


def publication(pmid):
    return lambda: Publication.objects.get(pmid=pmid).get_absolute_url()


def talk(title_start):
    return lambda: Talk.objects.get(title__startswith=title_start).get_absolute_url()


def episode(slug_en):
    return lambda: Episode.objects.get(slug_en=slug_en).get_absolute_url()


def series(disease_slug_en):
    return lambda: Series.objects.get(disease__slug_en=disease_slug_en).get_absolute_url()


def trial(nct_id):
    return lambda: Trial.objects.get(nct_id=nct_id).get_absolute_url()


def registry(name_en):
    return lambda: Registry.objects.get(name_en=name_en).get_absolute_url()


def event(slug):
    return lambda: Event.objects.get(slug=slug).get_absolute_url()


def page(url_name):
    from django.urls import reverse

    return lambda: reverse(url_name)


OI = disease("osteogenesis-imperfecta")
FOP = disease("fibrodysplasia-ossificans-progressiva")
HPP = disease("hypophosphatasia")
NO_RESULT = None
FIRST, GOES_TO = "first", "redirect"

# (language, what is typed, how it is answered, the page)
QUERIES = [
    # Accents, case, punctuation and hyphens
    ("fr", "osteogenese", FIRST, OI),
    ("fr", "Ostéogenèse", FIRST, OI),
    ("fr", "OSTÉOGENÈSE IMPARFAITE", FIRST, OI),
    ("fr", "ostéogenèse, imparfaite !", FIRST, OI),
    ("fr", "hajdu cheney", FIRST, disease("hajdu-cheney-syndrome")),
    ("fr", "Hajdu-Cheney", FIRST, disease("hajdu-cheney-syndrome")),
    ("fr", "dysplasie cleidocranienne", FIRST, disease("cleidocranial-dysplasia")),
    ("fr", "maladie d'ollier", FIRST, disease("ollier-disease")),
    # Aliases and acronyms
    ("fr", "os de verre", FIRST, OI),
    ("fr", "maladie des os de verre", FIRST, OI),
    ("fr", "OI", FIRST, OI),
    ("fr", "FOP", FIRST, FOP),
    ("fr", "HPP", FIRST, HPP),
    ("en", "brittle bone disease", FIRST, OI),
    ("en", "brittle bones", FIRST, OI),
    ("en", "OI", FIRST, OI),
    ("en", "progressive fibrodysplasia", FIRST, FOP),
    # Word forms, one typo in words of five letters or more, truncated words
    ("fr", "hypophosphatasi", FIRST, HPP),
    ("fr", "fibrodisplasie", FIRST, FOP),
    ("fr", "fibrodysplasie ossifiante", FIRST, FOP),
    ("fr", "protocoles", FIRST, page("centre:care_protocols")),
    ("fr", "koumakiss", FIRST, person("eugenie-koumakis")),
    ("en", "hypophosphatasa", FIRST, HPP),
    ("en", "osteogenesis imperfecta", FIRST, OI),
    ("en", "cleidocranial", FIRST, disease("cleidocranial-dysplasia")),
    ("en", "fractures", FIRST, publication("34258503")),
    ("en", "fracture", FIRST, publication("34258503")),
    ("en", "hyperphosphatemia", FIRST, publication("32285168")),
    # Identifiers: ORPHA code in any form, NCT number in any spacing, PMID, PMCID, DOI
    ("fr", "ORPHA:436", GOES_TO, HPP),
    ("fr", "ORPHA 436", GOES_TO, HPP),
    ("fr", "orpha:666", GOES_TO, OI),
    ("fr", "436", FIRST, HPP),
    ("en", "ORPHA:1452", GOES_TO, disease("cleidocranial-dysplasia")),
    ("fr", "NCT03188666", GOES_TO, trial("NCT03188666")),
    ("fr", "nct 03118570", GOES_TO, trial("NCT03118570")),
    ("en", "NCT-03118570", GOES_TO, trial("NCT03118570")),
    ("en", "NCT 03188666", GOES_TO, trial("NCT03188666")),
    ("fr", "34258503", GOES_TO, publication("34258503")),
    ("en", "PMID: 32285168", GOES_TO, publication("32285168")),
    ("fr", "PMC8260818", GOES_TO, publication("34258503")),
    ("en", "10.1007/s00198-021-05898-3", GOES_TO, publication("33655400")),
    ("en", "https://doi.org/10.1002/jbm4.10507", GOES_TO, publication("34258503")),
    # People, authors, years, speakers
    ("fr", "Koumakis 2021", FIRST, publication("32285168")),
    ("fr", "Christian Roux", FIRST, person("christian-roux")),
    ("en", "Koumakis", FIRST, person("eugenie-koumakis")),
    ("fr", "Merzoug", FIRST, episode("recognising-fop")),
    ("en", "Linglart", FIRST, episode("what-is-hypophosphatasia")),
    ("en", "what is FOP", FIRST, episode("what-is-fop")),
    # Treatments, trials, registries, events, talks, series
    ("fr", "Strensiq", FIRST, HPP),
    ("fr", "anti-sclérostine", FIRST, trial("NCT03118570")),
    ("en", "Regeneron", FIRST, trial("NCT03188666")),
    ("fr", "registre hypophosphatasie", FIRST, registry("Hypophosphatasia registry")),
    ("en", "registry", FIRST, registry("Hypophosphatasia registry")),
    ("fr", "webinaire hypophosphatasie", FIRST, event("webinaire-hypophosphatasie-2021")),
    ("fr", "grossesse", FIRST, talk("Grossesse et OI")),
    ("fr", "XLH", FIRST, talk("Prise en charge du XLH")),
    ("en", "EPIFRACT", FIRST, publication("32387150")),
    ("en", "vitamin D", FIRST, publication("31051244")),
    ("fr", "zoom hypophosphatasie", FIRST, series("hypophosphatasia")),
    # The centre's own pages
    ("fr", "mentions légales", FIRST, page("centre:legal_notice")),
    ("fr", "rendez-vous", FIRST, page("centre:contact")),
    ("fr", "essais cliniques", FIRST, page("centre:research")),
    ("en", "legal notice", FIRST, page("centre:legal_notice")),
    ("en", "appointment", FIRST, page("centre:contact")),
    ("en", "privacy", FIRST, page("centre:privacy")),
    ("en", "PNDS", FIRST, page("centre:care_protocols")),
    ("en", "ERN BOND", FIRST, page("centre:about")),
    # Nothing to find
    ("fr", "xyzzy", FIRST, NO_RESULT),
    ("fr", "cancer du poumon", FIRST, NO_RESULT),
    ("en", "quantum chromodynamics", FIRST, NO_RESULT),
    ("en", "NCT99999999", FIRST, NO_RESULT),
]


def answer(language, typed):
    outcome = engine.search(typed, language)
    if outcome.redirect:
        return GOES_TO, outcome.redirect
    if not outcome.groups:
        return FIRST, None
    return FIRST, outcome.groups[0].results[0].url


def test_the_table_is_big_enough():
    assert len(QUERIES) >= 40
    assert {language for language, *_rest in QUERIES} == {"fr", "en"}


@pytest.mark.parametrize(("language", "typed", "how", "target"), QUERIES)
def test_query(seeded, language, typed, how, target):
    with translation.override(language):
        expected = target() if target else None
        assert answer(language, typed) == (how, expected), connection.vendor


@pytest.mark.parametrize(
    ("language", "typed", "suggested"),
    [
        ("en", "ostegenisis", "osteogenesis"),
        ("fr", "hypofosphatasie", "hypophosphatasie"),
        ("fr", "ostogenise imparfaite", "ostéogenèse imparfaite"),
    ],
)
def test_two_typos_get_a_suggestion_instead(seeded, language, typed, suggested):
    outcome = engine.search(typed, language)
    assert outcome.suggestion == suggested
    if outcome.total:  # another word of the query matched alone
        assert outcome.partial
    else:
        assert outcome.browse  # the diseases A to Z


def test_a_typo_is_forgiven_only_in_words_of_five_letters_or_more(seeded):
    assert engine.search("koumakiss", "fr").total
    assert engine.search("koumakiss", "fr").corrections == ["koumakis"]
    # "XLK" is one letter away from "XLH", but short words are taken as typed.
    outcome = engine.search("xlk", "fr")
    assert outcome.total == 0
    assert outcome.suggestion == "xlh"


def test_several_words_narrow_the_results(seeded):
    one = engine.search("ostéogenèse", "fr")
    two = engine.search("ostéogenèse enfants", "fr")
    three = engine.search("ostéogenèse enfants Pejin", "fr")
    assert one.total > two.total > three.total > 0
    assert not two.partial and not three.partial


def test_words_no_page_has_together_show_the_pages_with_most_of_them(seeded):
    outcome = engine.search("PNDS ostéogenèse", "fr")  # the seed has no care protocol
    assert outcome.partial and outcome.total


def test_an_exact_name_ranks_first_then_titles_then_body_text(seeded):
    outcome = engine.search("hypophosphatasie", "fr")
    kinds = [group.document.kind for group in outcome.groups]
    assert kinds[0] == "disease"
    # An episode about it by title comes before the episodes that only mention it.
    episodes = next(g for g in outcome.groups if g.document.kind == "episode").results
    assert "hypophosphatasie" in str(episodes[0].title).lower()
