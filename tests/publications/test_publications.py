"""Publications and talks: seed, pages, filters, exports, structured data, speed."""

import io
import json
import re
from datetime import date

import bibtexparser
import pytest
import rispy
from django.core.cache import caches
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import translation

from centre.models import Disease, Person
from mocsite.templatetags.typography import french_spacing
from publications.models import Precision, Publication, Talk

pytestmark = pytest.mark.django_db


def url(name, lang, *args):
    with translation.override(lang):
        return reverse(name, args=args or None)


# Seed -------------------------------------------------------------------------------

SEED_IDS = {
    # PMID: (PMCID, DOI, journal, date, precision, printed date)
    "34258503": (
        "PMC8260818",
        "10.1002/jbm4.10507",
        "JBMR Plus",
        date(2021, 5, 14),
        "day",
        "2021 May 14",
    ),
    "32285168": (
        "",
        "10.1007/s00223-020-00664-9",
        "Calcif Tissue Int",
        date(2021, 1, 1),
        "month",
        "2021 Jan",
    ),
    "33655400": (
        "",
        "10.1007/s00198-021-05898-3",
        "Osteoporos Int",
        date(2021, 9, 1),
        "month",
        "2021 Sep",
    ),
    "32181939": (
        "",
        "10.1002/jbmr.4011",
        "J Bone Miner Res",
        date(2020, 8, 1),
        "month",
        "2020 Aug",
    ),
    "32387150": (
        "",
        "10.1016/j.jbspin.2020.04.007",
        "Joint Bone Spine",
        date(2020, 10, 1),
        "month",
        "2020 Oct",
    ),
    "32170512": (
        "",
        "10.1007/s11657-019-0674-2",
        "Arch Osteoporos",
        date(2020, 3, 13),
        "day",
        "2020 Mar 13",
    ),
    "32404281": ("", "10.1016/j.bone.2020.115412", "Bone", date(2020, 8, 1), "month", "2020 Aug"),
    "31051244": (
        "",
        "10.1016/j.jbspin.2019.04.004",
        "Joint Bone Spine",
        date(2020, 1, 1),
        "month",
        "2020 Jan",
    ),
    "32162014": (
        "",
        "10.1007/s00198-020-05345-9",
        "Osteoporos Int",
        date(2020, 8, 1),
        "month",
        "2020 Aug",
    ),
    "30755642": (
        "PMC6372663",
        "10.1038/s41598-018-37551-1",
        "Sci Rep",
        date(2019, 2, 12),
        "day",
        "2019 Feb 12",
    ),
    "30519756": (
        "",
        "10.1007/s00198-018-4793-1",
        "Osteoporos Int",
        date(2019, 3, 1),
        "month",
        "2019 Mar",
    ),
    "30120025": (
        "",
        "10.1016/j.jocd.2018.05.040",
        "J Clin Densitom",
        date(2019, 4, 1),
        "month_range",
        "Apr-Jun 2019",
    ),
}

TEAM_AUTHORS = {
    "34258503": {"christian-roux"},
    "32285168": {"christian-roux", "eugenie-koumakis"},
    "33655400": {"christian-roux"},
    "32181939": {"eugenie-koumakis"},
    "32387150": set(),
    "32170512": set(),
    "32404281": {"christian-roux"},
    "31051244": set(),
    "32162014": {"christian-roux"},
    "30755642": {"eugenie-koumakis"},
    "30519756": set(),
    "30120025": {"christian-roux"},
}


def test_seed_loads_every_publication_exactly(seeded):
    assert Publication.objects.count() == 12
    for pub in Publication.objects.prefetch_related("team_authors"):
        pmcid, doi, journal, day, precision, printed = SEED_IDS[pub.pmid]
        assert (pub.pmcid, pub.doi, pub.journal, pub.date, pub.date_precision, pub.date_text) == (
            pmcid,
            doi,
            journal,
            day,
            precision,
            printed,
        )
        assert {p.slug for p in pub.team_authors.all()} == TEAM_AUTHORS[pub.pmid]
    fractos = Publication.objects.get(pmid="34258503")
    assert fractos.title == (
        "Refracture and mortality following hospitalization for "
        "severe osteoporotic fractures: The Fractos Study."
    )
    assert fractos.authors.startswith("Christian Roux, Thierry Thomas, Julien Paccou")
    assert fractos.authors.endswith("Laure Perrin, Florence Tubach")
    pit1 = Publication.objects.get(pmid="30755642")
    assert pit1.authors == (
        "Koumakis, E ; Millet-Botti, J ; Benna, JE ; Leroy, C ; Boitez, V ; Codogno, P & al"
    )
    tbs = Publication.objects.get(pmid="30120025")
    assert tbs.date_end == date(2019, 6, 1)
    assert tbs.display_date == "Apr-Jun 2019"
    assert tbs.date_parts == [[2019, 4], [2019, 6]]
    assert set(
        Disease.objects.get(slug_en="osteogenesis-imperfecta").publications.values_list(
            "pmid", flat=True
        )
    ) == {"32181939"}


def test_seed_loads_every_talk(seeded):
    assert Talk.objects.count() == 11
    webinar = Talk.objects.get(kind=Talk.Kind.WEBINAR)
    assert webinar.title == "Transition of care in heritable forms of bone fragility"
    assert webinar.language == "en"
    assert webinar.event == "ECTS Congress 2020"
    assert webinar.date == date(2020, 10, 24)
    assert [p.slug for p in webinar.team_speakers.all()] == ["eugenie-koumakis"]
    roux = Talk.objects.get(title="Quand penser à une maladie osseuse rare")
    assert roux.speakers == "Pr Roux"
    assert [p.slug for p in roux.team_speakers.all()] == ["christian-roux"]
    assert roux.date is None
    # A French title stays French; the English rendering is a separate translation field.
    assert not roux.translated_title_fr and roux.translated_title_en
    briot = Talk.objects.get(title="Cas cliniques Hypophosphatasie adulte")
    assert briot.speakers == "Pr Briot, Dr Koumakis"
    assert [p.slug for p in briot.team_speakers.all()] == ["eugenie-koumakis"]
    cormier = Talk.objects.get(title="Hypercalcémies génétiques")
    assert not cormier.team_speakers.exists()
    assert cormier.event == "Fédération des Rhumatologues d’Ile de France"
    assert Talk.objects.filter(kind="poster", event="ECTS Congress 2020").count() == 1
    maroteaux = Talk.objects.get(event="Maroteaux Day")
    assert (maroteaux.date, maroteaux.date_precision) == (date(2020, 12, 1), "month")


def test_seed_runs_twice_without_duplicates(seeded):
    from django.core.management import call_command

    call_command("load_seed", verbosity=0, stdout=io.StringIO())
    assert Publication.objects.count() == 12 and Talk.objects.count() == 11


# Identifiers --------------------------------------------------------------------------


def test_identifiers_are_normalised_and_validated(db):
    pub = Publication(
        title="T",
        authors="A B",
        pmid="PMID: 123",
        pmcid="pmc45",
        doi="https://doi.org/10.1000/XYZ.1",
        date=date(2020, 1, 1),
    )
    pub.full_clean()
    assert (pub.pmid, pub.pmcid, pub.doi) == ("123", "PMC45", "10.1000/XYZ.1")
    for field, value in (("pmid", "12a"), ("pmcid", "PMCx1"), ("doi", "11.1/x")):
        bad = Publication(title="T", authors="A", **{field: value})
        with pytest.raises(ValidationError) as error:
            bad.full_clean()
        assert field in error.value.message_dict


def test_identifiers_are_unique(db):
    Publication.objects.create(title="T", authors="A", pmid="1", doi="10.1000/ABC")
    Publication.objects.create(title="U", authors="A")  # empty identifiers do not clash
    Publication.objects.create(title="V", authors="A")
    with pytest.raises(IntegrityError), transaction.atomic():
        Publication.objects.create(title="W", authors="A", pmid="1")
    with pytest.raises(IntegrityError), transaction.atomic():
        Publication.objects.create(title="W", authors="A", doi="10.1000/abc")


# Pages --------------------------------------------------------------------------------


def test_paths_are_translated():
    assert url("publications:list", "fr") == "/fr/publications/"
    assert url("publications:list", "en") == "/en/publications/"
    assert url("talks:list", "en") == "/en/talks/"


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_list_shows_every_publication_with_canonical_links(seeded, client, lang):
    html = client.get(url("publications:list", lang)).content.decode()
    assert html.count("<h1") == 1
    for pmid, (pmcid, doi, *_rest) in SEED_IDS.items():
        assert f'href="https://pubmed.ncbi.nlm.nih.gov/{pmid}/"' in html
        assert f'href="https://doi.org/{doi}"' in html
        if pmcid:
            assert f'href="https://pmc.ncbi.nlm.nih.gov/articles/{pmcid}/"' in html
    years = [int(y) for y in re.findall(r'<h2 id="year-(\d{4})"', html)]
    assert years == [2021, 2020, 2019]
    team = url("centre:team", lang)
    assert (
        f'<a class="team-author" href="{team}christian-roux/"><strong>C Roux</strong></a>' in html
    )
    assert f'href="{team}eugenie-koumakis/"><strong>Koumakis E</strong>' in html
    assert "Codogno P et al." in html


def test_list_filters_by_year_disease_and_member(seeded, client):
    base = url("publications:list", "en")
    html = client.get(base, {"year": "2019"}).content.decode()
    assert "30755642" in html and "34258503" not in html
    html = client.get(base, {"disease": "hypophosphatasia"}).content.decode()
    assert "32162014" in html and "32181939" not in html
    html = client.get(base, {"member": "eugenie-koumakis"}).content.decode()
    found = set(re.findall(r"pubmed\.ncbi\.nlm\.nih\.gov/(\d+)/", html))
    assert found == {k for k, v in TEAM_AUTHORS.items() if "eugenie-koumakis" in v}
    # The export links keep the filter.
    assert "/en/publications/export/ris/?member=eugenie-koumakis" in html
    # A bad value is ignored rather than failing.
    assert client.get(base, {"year": "abc"}).status_code == 200


def test_unpublished_publication_is_hidden(seeded, client):
    pub = Publication.objects.get(pmid="34258503")
    pub.is_published = False
    pub.save()
    assert "34258503" not in client.get(url("publications:list", "en")).content.decode()
    assert client.get(url("publications:detail", "en", pub.pk)).status_code == 404
    assert client.get(url("publications:export_detail", "en", pub.pk, "ris")).status_code == 404
    assert (
        "34258503" not in client.get(url("publications:export_list", "en", "ris")).content.decode()
    )


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_detail_page_and_json_ld(seeded, client, lang):
    pub = Publication.objects.get(pmid="34258503")
    html = client.get(url("publications:detail", lang, pub.pk)).content.decode()
    assert html.count("<h1") == 1 and pub.title in html
    data = json.loads(
        re.search(
            r'<script type="application/ld\+json"[^>]*>(.*?)</script>', html, re.DOTALL
        ).group(1)
    )
    assert data["@type"] == "ScholarlyArticle"
    assert data["name"] == pub.title
    assert data["datePublished"] == "2021-05-14"
    assert {"@type": "PropertyValue", "propertyID": "DOI", "value": pub.doi} in data["identifier"]
    assert data["author"][0]["familyName"] == "Roux"
    # The language switch lands on the same publication.
    other = "en" if lang == "fr" else "fr"
    assert (
        f'hreflang="{other}" href="http://testserver{url("publications:detail", other, pub.pk)}"'
        in html
    )


def test_list_json_ld_lists_the_page(seeded, client):
    html = client.get(url("publications:list", "en")).content.decode()
    data = json.loads(
        re.search(
            r'<script type="application/ld\+json"[^>]*>(.*?)</script>', html, re.DOTALL
        ).group(1)
    )
    assert data["@type"] == "ItemList"
    items = data["itemListElement"]
    assert [item["position"] for item in items] == list(range(1, 13))
    # Each entry points at its own page, which carries the full ScholarlyArticle.
    newest = Publication.objects.get(pmid="33655400")
    assert items[0] == {
        "@type": "ListItem",
        "position": 1,
        "name": newest.title,
        "url": f"http://testserver{url('publications:detail', 'en', newest.pk)}",
    }


def test_json_ld_cannot_close_the_script(db, client):
    pub = Publication.objects.create(title="</script><b>x", authors="A B", pmid="5")
    html = client.get(pub.get_absolute_url()).content.decode()
    assert "</script><b>" not in html


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_talks_page(seeded, client, lang):
    html = client.get(url("talks:list", lang)).content.decode()
    assert html.count("<h1") == 1
    for talk in Talk.objects.all():
        title = french_spacing(talk.title, talk.language)  # « Ostéogenèse imparfaite : … »
        assert title.replace("’", "&#x27;") in html or title in html
    roux = Talk.objects.get(title="Quand penser à une maladie osseuse rare")
    # Shown in French in both languages, the English rendering only on the English page.
    assert '<strong lang="fr">Quand penser à une maladie osseuse rare</strong>' in html
    assert (roux.translated_title_en in html) == (lang == "en")
    assert f'href="{url("centre:team", lang)}eugenie-koumakis/">Dr Koumakis</a>' in html
    assert ("Pr Cormier" if lang == "fr" else "Prof. Cormier") in html
    assert re.findall(r'<h2 id="talks-(\w+)"', html) == ["2020", "undated"]


def test_member_pages_list_their_latest_work(seeded, client, django_assert_max_num_queries):
    roux = Person.objects.get(slug="christian-roux")
    with django_assert_max_num_queries(8), translation.override("en"):
        html = client.get(roux.get_absolute_url()).content.decode()
    publications = list(Publication.objects.published().filter(team_authors=roux))
    assert len(publications) > 5
    with translation.override("en"):
        # The five latest are listed; the member's filtered list has them all.
        for publication in publications[:5]:
            assert publication.get_absolute_url() in html
        for publication in publications[5:]:
            assert publication.get_absolute_url() not in html
    assert "/en/publications/?member=christian-roux" in html
    koumakis = Person.objects.get(slug="eugenie-koumakis")
    with translation.override("en"):
        html = client.get(koumakis.get_absolute_url()).content.decode()
    koumakis_talks = list(Talk.objects.published().filter(team_speakers=koumakis))
    assert koumakis_talks[0].title in html
    assert "All the team&#x27;s talks" in html or "All the team's talks" in html


def test_the_team_list_leaves_works_to_each_members_page(seeded, client):
    """The list stays the same size however much the team publishes."""
    html = client.get(url("centre:team", "en")).content.decode()
    roux = Person.objects.get(slug="christian-roux")
    with translation.override("en"):
        assert f'href="{roux.get_absolute_url()}"' in html
        for publication in Publication.objects.published().filter(team_authors=roux):
            assert publication.get_absolute_url() not in html


def test_disease_page_lists_its_publications(seeded, client):
    disease = Disease.objects.get(slug_en="hypophosphatasia")
    with translation.override("en"):
        html = client.get(disease.get_absolute_url()).content.decode()
    assert 'aria-labelledby="disease-publications"' in html
    assert "https://pubmed.ncbi.nlm.nih.gov/32162014/" in html
    other = Disease.objects.get(slug_en="ollier-disease")
    with translation.override("en"):
        html = client.get(other.get_absolute_url()).content.decode()
    assert "disease-publications" not in html


def test_sitemap_lists_the_pages(seeded, client):
    xml = client.get("/sitemap.xml").content.decode()
    assert "http://testserver/fr/publications/" in xml
    assert "http://testserver/en/talks/" in xml
    pub = Publication.objects.first()
    assert f"http://testserver{url('publications:detail', 'en', pub.pk)}" in xml


# Exports ------------------------------------------------------------------------------


def test_ris_export_of_the_list(seeded, client):
    response = client.get(url("publications:export_list", "en", "ris"))
    assert response["Content-Type"].startswith("application/x-research-info-systems")
    assert response["Content-Disposition"] == 'attachment; filename="publications.ris"'
    entries = {e["accession_number"]: e for e in rispy.loads(response.content.decode())}
    assert set(entries) == set(SEED_IDS)
    for pub in Publication.objects.all():
        entry = entries[pub.pmid]
        assert entry["type_of_reference"] == "JOUR"
        assert entry["title"] == pub.title
        assert entry["doi"] == pub.doi
        assert entry["alternate_title2"] == pub.journal  # JA: the journal's abbreviation
        assert "journal_name" not in entry and "alternate_title3" not in entry  # no JO, JF
        assert entry["year"] == str(pub.date.year)
        assert len(entry["authors"]) == len(pub.author_names)
    assert entries["34258503"]["authors"][0] == "Roux, Christian"
    assert entries["30755642"]["authors"][:2] == ["Koumakis, E", "Millet-Botti, J"]


def test_bibtex_export_of_one_publication(seeded, client):
    pub = Publication.objects.get(pmid="31051244")
    response = client.get(url("publications:export_detail", "en", pub.pk, "bibtex"))
    assert response["Content-Type"].startswith("application/x-bibtex")
    assert response["Content-Disposition"] == 'attachment; filename="pmid-31051244.bib"'
    library = bibtexparser.parse_string(response.content.decode())
    assert not library.failed_blocks
    (entry,) = library.entries
    assert entry.entry_type == "article"
    # Case-protected, without the final full stop the styles add themselves.
    assert entry["title"] == "{" + pub.title.removesuffix(".") + "}"
    assert entry["doi"] == pub.doi and entry["pmid"] == pub.pmid
    assert entry["journal"] == "Joint Bone Spine" and entry["year"] == "2020"
    authors = entry["author"].split(" and ")
    assert authors[0] == "Souberbielle, Jean-Claude"
    # The group author is one literal name, without the byline's "au nom du".
    assert authors[-1] == "{Groupe de recherche et d’information sur les ostéoporoses (GRIO)}"


def test_bibtex_export_of_the_list_parses(seeded, client):
    response = client.get(url("publications:export_list", "fr", "bibtex"), {"year": "2021"})
    library = bibtexparser.parse_string(response.content.decode())
    assert not library.failed_blocks
    assert sorted(e["pmid"] for e in library.entries) == ["32285168", "33655400", "34258503"]
    assert len({e.key for e in library.entries}) == 3


def test_csl_json_export(seeded, client):
    response = client.get(url("publications:export_list", "en", "csl"))
    assert response["Content-Type"].startswith("application/vnd.citationstyles.csl+json")
    assert response["Content-Disposition"] == 'attachment; filename="publications.json"'
    items = {i["PMID"]: i for i in json.loads(response.content)}
    assert set(items) == set(SEED_IDS)
    fractos = items["34258503"]
    assert fractos["type"] == "article-journal"
    assert fractos["DOI"] == "10.1002/jbm4.10507" and fractos["PMCID"] == "PMC8260818"
    assert fractos["issued"] == {"date-parts": [[2021, 5, 14]]}
    assert fractos["author"][0] == {"family": "Roux", "given": "Christian"}
    assert items["30120025"]["issued"] == {"date-parts": [[2019, 4], [2019, 6]]}
    assert items["32162014"]["author"][-1] == {
        "literal": "Rare Bone Disease Action Group of the European Calcified Tissue Society"
    }


def test_unknown_export_format_is_404(seeded, client):
    assert client.get(url("publications:export_list", "en", "docx")).status_code == 404


# Speed --------------------------------------------------------------------------------


def _count_queries(client, path):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    caches["pages"].clear()  # a full render, not the stored page
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(path).status_code == 200
    return len(ctx.captured_queries)


def test_list_query_count_does_not_grow(seeded, client, django_assert_max_num_queries):
    path = url("publications:list", "en")
    member_path = path + "?member=christian-roux"
    small, small_member = _count_queries(client, path), _count_queries(client, member_path)
    roux = Person.objects.get(slug="christian-roux")
    oi = Disease.objects.get(slug_en="osteogenesis-imperfecta")
    new = Publication.objects.bulk_create(
        Publication(
            title=f"Study {n}",
            authors="Roux C, Other A",
            journal="Bone",
            date=date(1990 + n % 30, 1 + n % 12, 1),
            date_precision=Precision.MONTH,
            pmid=str(50_000_000 + n),
            doi=f"10.9999/study.{n}",
        )
        for n in range(2000)
    )
    Publication.team_authors.through.objects.bulk_create(
        Publication.team_authors.through(publication_id=p.pk, person_id=roux.pk) for p in new
    )
    Publication.diseases.through.objects.bulk_create(
        Publication.diseases.through(publication_id=p.pk, disease_id=oi.pk) for p in new
    )
    assert Publication.objects.count() == 2012
    assert _count_queries(client, path) == small
    assert _count_queries(client, member_path) == small_member
    with django_assert_max_num_queries(small):
        html = client.get(path, {"year": "2000", "page": "2"}).content.decode()
    assert "Page 2 of" in html
    assert html.count('<li><p class="citation">') <= 50


def test_talks_page_stays_cheap_and_hides_unpublished(
    seeded, client, django_assert_max_num_queries
):
    talk = Talk.objects.get(title="Hypercalcémies génétiques")
    talk.is_published = False
    talk.save()
    with django_assert_max_num_queries(4 + 1):  # + the next go-live or expiry time
        html = client.get(url("talks:list", "en")).content.decode()
    assert "Hypercalcémies génétiques" not in html
    assert "Grossesse et OI" in html


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_language_switch_on_publication_pages(seeded, client, lang):
    other = "en" if lang == "fr" else "fr"
    for name in ("publications:list", "talks:list"):
        html = client.get(url(name, lang)).content.decode()
        assert f'hreflang="{other}" href="http://testserver{url(name, other)}"' in html


# Review fixes -------------------------------------------------------------------------


def test_ris_dates_have_two_digit_month_and_day(seeded, client):
    """RIS DA is YYYY/MM/DD/other: "2021/5/14" is not read by every reference manager."""
    response = client.get(url("publications:export_list", "en", "ris"))
    entries = {e["accession_number"]: e for e in rispy.loads(response.content.decode())}
    assert entries["34258503"]["date"] == "2021/05/14/"
    assert entries["32285168"]["date"] == "2021/01//"
    assert entries["30120025"]["date"] == "2019/04//"  # Apr-Jun 2019: its first month
    pub = Publication.objects.get(pmid="34258503")
    pub.date, pub.date_precision = date(2021, 1, 1), Precision.YEAR
    pub.save()
    entry = rispy.loads(
        client.get(url("publications:export_detail", "en", pub.pk, "ris")).content.decode()
    )[0]
    assert entry["date"] == "2021///"


def test_bibtex_month_is_the_unbraced_macro(seeded, client):
    pub = Publication.objects.get(pmid="34258503")
    text = client.get(url("publications:export_detail", "en", pub.pk, "bibtex")).content.decode()
    assert re.search(r"^\s*month = may,$", text, re.MULTILINE)
    entry = bibtexparser.parse_string(text).entries[0]
    assert entry.fields_dict["month"].value == "may"


def test_the_filters_stay_small_and_any_disease_still_filters(seeded, client):
    """The form offers the 25 diseases with the most publications; another one with
    publications is still a filter (its page links there), and is then offered."""
    hypophosphatasia = Disease.objects.get(slug_en="hypophosphatasia")
    for number in range(40):
        disease = Disease.objects.create(
            name_fr=f"Maladie {number:02}", name_en=f"Disease {number:02}", slug=f"d-{number:02}"
        )
        for copy in range(2 if number < 30 else 1):
            publication = Publication.objects.create(
                title=f"Study {number}-{copy}", authors="Roux C", date=date(2020, 1, 1)
            )
            publication.diseases.add(disease)
    html = client.get(url("publications:list", "en")).content.decode()
    disease_select = html.split('name="disease"')[1].split("</select>")[0]
    assert disease_select.count("<option") == 1 + 25  # "All diseases" and 25 diseases
    assert 'value="d-35"' not in disease_select  # one of the least published
    response = client.get(url("publications:list", "en"), {"disease": "d-35"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Study 35-0" in html and "Study 34-0" not in html
    assert 'value="d-35" selected' in html.split('name="disease"')[1].split("</select>")[0]
    assert hypophosphatasia.slug_en  # a seeded disease keeps filtering by either slug
    assert (
        client.get(url("publications:list", "en"), {"disease": "hypophosphatasie"}).status_code
        == 200
    )
    assert client.get(url("publications:list", "en"), {"disease": "d-99"}).status_code == 200


def test_a_wrong_filter_value_keeps_the_other_filters(seeded, client):
    base = url("publications:list", "en")
    html = client.get(base, {"year": "2019", "member": "nope"}).content.decode()
    found = set(re.findall(r"pubmed\.ncbi\.nlm\.nih\.gov/(\d+)/", html))
    assert found == {pmid for pmid, v in SEED_IDS.items() if v[3].year == 2019}
    text = client.get(
        url("publications:export_list", "en", "ris"), {"year": "2019", "disease": "nope"}
    ).content.decode()
    assert {e["accession_number"] for e in rispy.loads(text)} == found
    response = client.get(base, {"year": "abc", "page": "999", "member": "nope"})
    assert response.status_code == 404  # a page past the end, not a server error


def test_disease_filter_accepts_the_slug_of_either_language(seeded, client):
    disease = Disease.objects.get(slug_en="hypophosphatasia")
    assert disease.slug_fr != disease.slug_en
    for lang, slug in (("en", disease.slug_fr), ("fr", disease.slug_en)):
        html = client.get(url("publications:list", lang), {"disease": slug}).content.decode()
        assert "32162014" in html and "32181939" not in html


def test_language_switch_keeps_the_filters(seeded, client):
    disease = Disease.objects.get(slug_en="hypophosphatasia")
    html = client.get(
        url("publications:list", "en"), {"disease": disease.slug_en, "year": "2020"}
    ).content.decode()
    french = f"{url('publications:list', 'fr')}?year=2020&amp;disease={disease.slug_fr}"
    assert f'hreflang="fr" href="http://testserver{french}"' in html


def test_json_ld_uses_the_site_address(seeded, client, settings):
    settings.SITE_URL = "https://www.example.org"
    pub = Publication.objects.get(pmid="34258503")
    html = client.get(url("publications:detail", "en", pub.pk)).content.decode()
    assert f'"url": "https://www.example.org{url("publications:detail", "en", pub.pk)}"' in html


def test_the_list_page_depends_only_on_the_valid_filters(seeded, client):
    """Unknown parameters and dropped filter values change nothing on the page, and its
    links carry only the filters in force."""
    base = url("publications:list", "en")
    clean = client.get(base, {"year": "2019"}).content.decode()
    noisy = client.get(base, {"year": "2019", "member": "nope", "utm_source": "x"})
    assert noisy.status_code == 200
    html = noisy.content.decode()
    main = re.compile(r"<main.*</main>", re.DOTALL)
    assert main.search(html).group() == main.search(clean).group()
    assert "utm_source" not in html and "nope" not in html
    # The form shows the year in force, and no member.
    assert re.search(r'<option value="2019" selected>', html)
    assert re.search(r'<option value="" selected>All team members</option>', html)


def test_list_pages_by_number(seeded, client):
    from publications.views import PublicationListView

    for index in range(PublicationListView.paginate_by + 1 - Publication.objects.count()):
        Publication.objects.create(
            title=f"Extra {index}", journal="Bone", date=date(2001, 1, 1), is_published=True
        )
    base = url("publications:list", "en")
    first = client.get(base).content.decode()
    assert 'rel="next"' in first and "Page 1 of 2" in first
    last = client.get(base, {"page": "last"})
    assert last.status_code == 200 and "Page 2 of 2" in last.content.decode()
    main = re.compile(r"<main.*</main>", re.DOTALL)
    second = client.get(base, {"page": "2"}).content.decode()
    assert main.search(second).group() == main.search(last.content.decode()).group()
    for wrong in ("3", "0", "abc"):
        response = client.get(base, {"page": wrong})
        assert response.status_code == 404, wrong
