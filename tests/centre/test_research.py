"""Care protocols (PNDS), clinical trials, registries, events and the disease hub sections."""

import json
import re
import threading
from datetime import date, time, timedelta
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
from django.core.cache import caches
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import strip_tags
from icalendar import Calendar

from centre.models import CareProtocol, Disease, Event, PageIntro, Person, Registry, Trial
from tests.helpers import save_each

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def url(name, lang, **kwargs):
    with translation.override(lang):
        return reverse(name, kwargs=kwargs or None)


def absolute_url(obj, lang):
    with translation.override(lang):
        return obj.get_absolute_url()


def json_ld(html):
    return [
        json.loads(block)
        for block in re.findall(
            r'<script type="application/ld\+json"[^>]*>(.*?)</script>', html, re.S
        )
    ]


def future_event(**values):
    start = timezone.localdate() + timedelta(days=30)
    defaults = {
        "slug": "future-course",
        "title_fr": "Cours à venir",
        "title_en": "Coming course",
        "kind": Event.Kind.COURSE,
        "start_date": start,
        "location_fr": "Hôpital Cochin",
        "location_en": "Cochin hospital",
    }
    return Event.objects.create(**{**defaults, **values})


# --- Seed ------------------------------------------------------------------------------


def test_seed_loads_trials_registry_events_and_pnds_intro(seeded):
    oi = Trial.objects.get(nct_id="NCT03118570")
    assert oi.sponsor == "Mereo Biopharma"
    assert oi.disease.slug_en == "osteogenesis-imperfecta"
    assert (oi.stated_status_fr, oi.stated_status_en) == ("Terminé", "Completed")
    fop = Trial.objects.get(nct_id="NCT03188666")
    assert fop.sponsor == "Regeneron"
    assert fop.disease.slug_en == "fibrodysplasia-ossificans-progressiva"
    assert (fop.stated_status_fr, fop.stated_status_en) == ("En cours", "In progress")
    # Nobody checked ClinicalTrials.gov: no registry status is claimed.
    assert {t.status for t in Trial.objects.all()} == {""}
    assert {t.status_checked_at for t in Trial.objects.all()} == {None}

    registry = Registry.objects.get()
    assert registry.patients_included == 24
    assert registry.disease.slug_en == "hypophosphatasia"
    assert registry.name_fr and registry.name_en

    events = {e.slug: e for e in Event.objects.all()}
    assert len(events) == 3
    adults = events["osteogenese-imparfaite-adulte-2016"]
    assert adults.date_precision == Event.Precision.YEAR and adults.start_date.year == 2016
    assert adults.contact_person.slug == "eugenie-koumakis"
    transition = events["osteogenese-imparfaite-transition-necker-cochin"]
    assert transition.start_date is None and transition.contact_name == "Dr Baujat"
    webinar = events["webinaire-hypophosphatasie-2021"]
    assert webinar.start_date == date(2021, 4, 15)
    assert webinar.status == Event.Status.IN_PREPARATION
    assert webinar.contact_name == "Pr Karine Briot"
    assert list(webinar.diseases.values_list("slug_en", flat=True)) == ["hypophosphatasia"]

    intro = PageIntro.objects.get(page=PageIntro.Page.CARE_PROTOCOLS)
    assert "2011-2014" in intro.text_fr and "2011-2014" in intro.text_en
    assert "médecin traitant" in intro.text_fr
    assert "summary for the attending physician" in intro.text_en
    # The source names no PNDS document.
    assert not CareProtocol.objects.exists()


def test_seed_is_not_loaded_twice(seeded):
    save_each(Trial.objects.filter(nct_id="NCT03118570"), sponsor="Edited by staff")
    call_command("load_seed", verbosity=0, stdout=open("/dev/null", "w"))
    assert Trial.objects.get(nct_id="NCT03118570").sponsor == "Edited by staff"
    assert Event.objects.count() == 3


# --- NCT numbers -----------------------------------------------------------------------


@pytest.mark.parametrize("typed", ["NCT 03118570", "nct03118570", " NCT-03118570 "])
def test_nct_id_is_normalised(typed):
    trial = Trial(nct_id=typed, title_fr="Essai", title_en="Trial")
    trial.full_clean()
    assert trial.nct_id == "NCT03118570"


@pytest.mark.parametrize(
    "typed", ["NCT0311857", "NCT031185701", "ABC03118570", "03118570", "NCT0311857X", ""]
)
def test_bad_nct_id_is_refused(typed):
    trial = Trial(nct_id=typed, title_fr="Essai", title_en="Trial")
    with pytest.raises(ValidationError) as error:
        trial.full_clean()
    assert "nct_id" in error.value.message_dict


def test_admin_stores_typed_nct_id_normalised(staff_client):
    response = staff_client.post(
        reverse("admin:centre_trial_add"),
        {
            "nct_id": "NCT 01234567",
            "title_fr": "Essai",
            "title_en": "Trial",
            "sponsor": "",
            "stated_status_fr": "",
            "stated_status_en": "",
            "ordering": 0,
            "is_published": "on",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Trial.objects.get().nct_id == "NCT01234567"


# --- Pages in both languages -------------------------------------------------------------

PAGES = ["centre:care_protocols", "centre:research", "centre:event_list"]


@pytest.mark.parametrize("lang", ["fr", "en"])
@pytest.mark.parametrize("name", PAGES)
def test_pages_answer_in_both_languages(seeded, client, name, lang):
    response = client.get(url(name, lang))
    assert response.status_code == 200
    html = response.content.decode()
    assert f'<html lang="{lang}"' in html
    assert html.count("<h1") == 1
    assert re.search(r'<meta name="description" content="[^"]{20,}"', html)
    for code in ("fr", "en"):
        assert f'hreflang="{code}" href="http://testserver{url(name, code)}"' in html


@pytest.mark.parametrize("name", [*PAGES, "centre:event_feed"])
def test_pages_without_seed_do_not_crash(db, client, name):
    assert client.get(url(name, "fr")).status_code == 200


def test_page_titles_are_unique(seeded, client):
    titles = set()
    for name in PAGES:
        html = client.get(url(name, "en")).content.decode()
        titles.add(re.search(r"<title>([^<]+)</title>", html).group(1))
    assert len(titles) == len(PAGES)


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_care_protocols_page_explains_pnds_and_handles_no_protocol(seeded, client, lang):
    html = client.get(url("centre:care_protocols", lang)).content.decode()
    intro = PageIntro.objects.get(page=PageIntro.Page.CARE_PROTOCOLS)
    first = getattr(intro, f"text_{lang}").split("\n\n")[0]
    assert first[:60] in strip_tags(html)  # the glossary's <abbr> marks the acronyms
    assert "2011-2014" in html
    assert 'id="pnds-' not in html


def test_care_protocol_shows_documents_with_type_and_size(seeded, client, settings):
    hpp = Disease.objects.get(slug_en="hypophosphatasia")
    protocol = CareProtocol(
        title_fr="PNDS Hypophosphatasie",
        title_en="PNDS Hypophosphatasia",
        disease=hpp,
        year=2020,
        summary_url="https://example.org/summary",
        document=SimpleUploadedFile("pnds.pdf", PDF, content_type="application/pdf"),
    )
    protocol.full_clean()
    protocol.save()
    html = client.get(url("centre:care_protocols", "en")).content.decode()
    assert "PNDS Hypophosphatasia" in html
    assert protocol.document.url in html
    assert f"PDF, {len(PDF)}" in html  # filesizeformat: "NN bytes" / "NN octets"
    assert "https://example.org/summary" in html
    assert hpp.name_en in html and "2020" in html
    # ... and on the disease's page.
    html = client.get(absolute_url(hpp, "fr")).content.decode()
    assert "PNDS Hypophosphatasie" in html and 'id="hub-care-protocols"' in html


@pytest.mark.parametrize("content", [b"GIF89a not a pdf", b"<html>%PDF-1.4</html>", b""])
def test_non_pdf_upload_is_refused(content):
    protocol = CareProtocol(
        title_fr="PNDS",
        title_en="PNDS",
        document=SimpleUploadedFile("pnds.pdf", content, content_type="application/pdf"),
    )
    with pytest.raises(ValidationError) as error:
        protocol.full_clean()
    assert "document" in error.value.message_dict


def test_too_large_upload_is_refused(settings):
    settings.MAX_DOCUMENT_UPLOAD_SIZE = 100
    protocol = CareProtocol(
        title_fr="PNDS",
        title_en="PNDS",
        summary_document=SimpleUploadedFile(
            "s.pdf", PDF + b"0" * 200, content_type="application/pdf"
        ),
    )
    with pytest.raises(ValidationError) as error:
        protocol.full_clean()
    assert "summary_document" in error.value.message_dict


def test_admin_refuses_fake_pdf(staff_client):
    response = staff_client.post(
        reverse("admin:centre_careprotocol_add"),
        {
            "title_fr": "PNDS",
            "title_en": "PNDS",
            "ordering": 0,
            "is_published": "on",
            "document": SimpleUploadedFile(
                "evil.pdf", b"MZ\x90\x00 executable", content_type="application/pdf"
            ),
        },
    )
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["document"]
    assert not CareProtocol.objects.exists()


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_research_page_lists_seed_trials_and_registry(seeded, client, lang):
    html = client.get(url("centre:research", lang)).content.decode()
    for trial in Trial.objects.all():
        assert trial.nct_id in html
        assert f"https://clinicaltrials.gov/study/{trial.nct_id}" in html
        assert getattr(trial, f"title_{lang}") in html
        assert getattr(trial, f"stated_status_{lang}") in html
        assert trial.sponsor in html
    registry = Registry.objects.get()
    assert getattr(registry, f"name_{lang}") in html
    assert "<dd>24</dd>" in html


def test_research_json_ld_describes_trials_without_unchecked_status(seeded, client):
    html = client.get(url("centre:research", "en")).content.decode()
    (data,) = json_ld(html)
    trials = {item["identifier"]: item for item in data["@graph"]}
    assert set(trials) == {"NCT03118570", "NCT03188666"}
    assert trials["NCT03118570"]["@type"] == "MedicalTrial"
    assert trials["NCT03118570"]["sponsor"]["name"] == "Mereo Biopharma"
    assert "status" not in trials["NCT03118570"]
    save_each(
        Trial.objects.filter(nct_id="NCT03118570"),
        status=Trial.Status.COMPLETED,
        status_checked_at=timezone.now(),
    )
    (data,) = json_ld(client.get(url("centre:research", "en")).content.decode())
    trials = {item["identifier"]: item for item in data["@graph"]}
    assert trials["NCT03118570"]["status"] == "https://schema.org/Completed"


def test_json_ld_cannot_be_closed_by_content(seeded, client):
    save_each(Trial.objects.filter(nct_id="NCT03118570"), title_en="</script><b>x</b>")
    html = client.get(url("centre:research", "en")).content.decode()
    assert "</script><b>" not in html
    (data,) = json_ld(html)
    assert any(item["name"] == "</script><b>x</b>" for item in data["@graph"])


def test_unpublished_items_are_hidden(seeded, client):
    save_each(Trial.objects.filter(nct_id="NCT03118570"), is_published=False)
    save_each(Event.objects.filter(slug="webinaire-hypophosphatasie-2021"), is_published=False)
    assert "NCT03118570" not in client.get(url("centre:research", "en")).content.decode()
    assert (
        "webinaire-hypophosphatasie-2021"
        not in client.get(url("centre:event_list", "en")).content.decode()
    )
    assert (
        client.get(
            url("centre:event_detail", "en", slug="webinaire-hypophosphatasie-2021")
        ).status_code
        == 404
    )


# --- A page per trial ------------------------------------------------------------------------

NBSP = "\u00a0"


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_each_trial_has_its_page_with_every_fact(seeded, client, lang):
    trial = Trial.objects.get(nct_id="NCT03118570")
    path = absolute_url(trial, lang)
    assert (
        path
        == {
            "fr": "/fr/recherche/essais/nct03118570/",
            "en": "/en/research/trials/nct03118570/",
        }[lang]
    )
    response = client.get(path)
    assert response.status_code == 200
    html = response.content.decode()
    title = getattr(trial, f"title_{lang}")
    assert html.count("<h1") == 1 and f"<h1>{title}</h1>" in html
    assert (
        '<a href="https://clinicaltrials.gov/study/NCT03118570" hreflang="en">NCT03118570</a>'
        in html
    )
    assert "Mereo Biopharma" in html
    oi = trial.disease
    assert f'<a href="{absolute_url(oi, lang)}">{getattr(oi, f"name_{lang}")}</a>' in html
    assert getattr(trial, f"stated_status_{lang}") in html
    # Nobody checked ClinicalTrials.gov: no registry status is claimed.
    assert {"fr": "Statut sur ClinicalTrials.gov", "en": "Status on ClinicalTrials.gov"}[
        lang
    ] not in html
    assert f'<link rel="canonical" href="http://testserver{path}">' in html
    for code in ("fr", "en"):
        assert f'hreflang="{code}" href="http://testserver{absolute_url(trial, code)}"' in html
    description = re.search(r'<meta name="description" content="([^"]*)"', html).group(1)
    assert description.startswith(
        {"fr": f"Essai clinique NCT03118570{NBSP}: ", "en": "Clinical trial NCT03118570: "}[lang]
    )
    blocks = {block["@type"]: block for block in json_ld(html)}
    assert blocks["MedicalTrial"]["identifier"] == "NCT03118570"
    assert blocks["MedicalTrial"]["sponsor"]["name"] == "Mereo Biopharma"
    crumbs = blocks["BreadcrumbList"]["itemListElement"]
    assert [c["item"] for c in crumbs] == [
        f"http://testserver{url('centre:home', lang)}",
        f"http://testserver{url('centre:research', lang)}",
        f"http://testserver{path}",
    ]
    assert f'href="{url("centre:research", lang)}"' in html


def test_trial_page_shows_a_checked_status_and_hides_what_is_empty(seeded, client):
    trial = Trial.objects.create(nct_id="NCT01234567", title_fr="Essai nu", title_en="Bare trial")
    html = client.get(absolute_url(trial, "en")).content.decode()
    assert "<h1>Bare trial</h1>" in html
    facts = re.search(r'<dl class="facts">(.*?)</dl>', html, re.S).group(1)
    assert re.findall(r"<dt>([^<]+)</dt>", facts) == ["ClinicalTrials.gov number"]
    trial.status = Trial.Status.RECRUITING
    trial.status_checked_at = timezone.now()
    trial.save()
    html = client.get(absolute_url(trial, "fr")).content.decode()
    assert "Statut sur ClinicalTrials.gov" in html and "Recrutement en cours" in html
    assert f"vérifié le {timezone.localdate().day}" in html


def test_trial_page_does_not_link_a_hidden_disease(seeded, client):
    trial = Trial.objects.get(nct_id="NCT03118570")
    save_each(Disease.objects.filter(pk=trial.disease_id), is_published=False)
    html = client.get(absolute_url(trial, "en")).content.decode()
    facts = re.search(r'<dl class="facts">(.*?)</dl>', html, re.S).group(1)
    assert "<dt>Disease</dt>" not in facts
    assert absolute_url(trial.disease, "en") not in html
    blocks = {block["@type"]: block for block in json_ld(html)}
    assert "healthCondition" not in blocks["MedicalTrial"]


def test_research_page_neither_links_nor_names_a_hidden_disease(seeded, client):
    trial = Trial.objects.get(nct_id="NCT03118570")
    hidden = trial.disease
    registry = Registry.objects.create(name="Registre de test", disease=hidden)
    save_each(Disease.objects.filter(pk=hidden.pk), go_live_at=timezone.now() + timedelta(days=1))
    html = client.get(reverse("centre:research")).content.decode()
    assert trial.title in html and registry.name in html  # still listed
    assert absolute_url(hidden, "fr") not in html
    assert f">{hidden.name_fr}</a>" not in html
    # A published disease is still linked.
    shown = Disease.objects.published().exclude(pk=hidden.pk).first()
    Registry.objects.create(name="Autre registre", disease=shown)
    html = client.get(reverse("centre:research")).content.decode()
    assert absolute_url(shown, "fr") in html


@pytest.mark.parametrize(
    "state",
    [
        {"is_published": False},
        {"go_live_at": timezone.now() + timedelta(days=1)},
        {"expire_at": timezone.now() - timedelta(minutes=1)},
    ],
)
def test_a_trial_that_is_not_live_has_no_page_for_visitors(seeded, client, staff_client, state):
    trial = Trial.objects.get(nct_id="NCT03118570")
    path = absolute_url(trial, "fr")
    save_each(Trial.objects.filter(pk=trial.pk), **state)
    assert Client().get(path).status_code == 404
    assert path not in Client().get("/sitemap.xml").content.decode()
    # Staff who may view trials see it, marked, in a response nobody stores.
    staff_page = staff_client.get(path)
    assert staff_page.status_code == 200
    assert "Non publié" in staff_page.content.decode()
    assert "private" in staff_page["Cache-Control"]
    assert "noindex" in staff_page["X-Robots-Tag"]


def test_unknown_trial_is_404_and_a_capitalised_address_redirects(seeded, client):
    assert client.get(url("centre:trial_detail", "en", slug="nct99999999")).status_code == 404
    assert client.get(url("centre:trial_detail", "en", slug="not-a-trial")).status_code == 404
    response = client.get(url("centre:trial_detail", "en", slug="NCT03118570"))
    assert response.status_code == 301
    assert response["Location"] == "/en/research/trials/nct03118570/"


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_research_and_disease_pages_link_to_the_trial_pages(seeded, client, lang):
    html = client.get(url("centre:research", lang)).content.decode()
    for trial in Trial.objects.all():
        assert (
            f'<a href="{absolute_url(trial, lang)}">{getattr(trial, f"title_{lang}")}</a>' in html
        )
        assert f'id="{trial.nct_id.lower()}"' in html  # old #nct… links still land on it
    fop = Trial.objects.get(nct_id="NCT03188666")
    html = client.get(absolute_url(fop.disease, lang)).content.decode()
    assert f'href="{absolute_url(fop, lang)}"' in html


def test_trial_pages_are_in_the_sitemap(seeded, client):
    sitemap = client.get("/sitemap.xml").content.decode()
    for trial in Trial.objects.all():
        for lang in ("fr", "en"):
            assert f"http://testserver{absolute_url(trial, lang)}" in sitemap


def test_changing_a_nct_number_keeps_the_old_address_working(seeded, client):
    trial = Trial.objects.get(nct_id="NCT03118570")
    old = absolute_url(trial, "en")
    trial.nct_id = "NCT03118571"  # a typo corrected in the admin
    trial.save()
    response = client.get(old)
    assert response.status_code == 301
    assert response["Location"] == absolute_url(trial, "en")


# --- The research page, a page at a time ------------------------------------------------------


def many_trials_and_registries(trials, registries):
    Trial.objects.bulk_create(
        Trial(nct_id=f"NCT8{i:07d}", title_fr=f"Essai {i:03d}", title_en=f"Trial {i:03d}")
        for i in range(trials)
    )
    Registry.objects.bulk_create(
        Registry(name_fr=f"Registre {i:03d}", name_en=f"Registry {i:03d}", ordering=100 + i)
        for i in range(registries)
    )


def test_research_page_is_paged(seeded, client):
    from centre.views import RESEARCH_PAGE_SIZE

    assert RESEARCH_PAGE_SIZE == 20
    # With the seed's 2 trials and 1 registry: 27 trials (2 pages), 46 registries (3).
    many_trials_and_registries(25, 45)
    path = url("centre:research", "en")
    pages = [client.get(path, {"page": n}) for n in (1, 2, 3)]
    assert [p.status_code for p in pages] == [200, 200, 200]
    first, second, third = (p.content.decode() for p in pages)
    trial_link = re.compile(r'<h3><a href="/en/research/trials/nct\d{8}/">')
    registry_item = re.compile(r'id="registry-\d+"')
    assert [len(trial_link.findall(h)) for h in (first, second, third)] == [20, 7, 0]
    assert [len(registry_item.findall(h)) for h in (first, second, third)] == [20, 20, 6]
    assert 'id="trials"' in second and 'id="trials"' not in third  # nothing left to list
    assert "No clinical trial" not in third
    assert "Page 1 of 3" in first and 'href="?page=2" rel="next"' in first
    assert "Page 3 of 3" in third and 'rel="prev"' in third and 'rel="next"' not in third
    assert "<title>Clinical research · page 2 · " in second
    assert '<link rel="canonical" href="http://testserver/en/research/?page=2">' in second
    assert 'hreflang="fr" href="http://testserver/fr/recherche/?page=2"' in second
    # Each trial is listed once, on one of the pages.
    listed = [m for h in (first, second) for m in re.findall(r"/en/research/trials/(nct\d{8})/", h)]
    assert len(listed) == len(set(listed)) == Trial.objects.count()
    (data,) = json_ld(second)
    assert len(data["@graph"]) == 7  # the page's trials
    for wrong in ("4", "0", "abc", "²", "%EF%BC%92", "9" * 5000):
        assert client.get(f"{path}?page={wrong}").status_code == 404, wrong
    assert client.get(path, {"page": "last"}).content.decode().count('id="registry-') == 6


def test_research_page_of_the_seed_is_one_page(seeded, client):
    html = client.get(url("centre:research", "fr")).content.decode()
    assert 'class="pagination"' not in html
    assert client.get(url("centre:research", "fr"), {"page": 2}).status_code == 404


def test_research_and_trial_pages_cost_the_same_with_many_more_trials(seeded, client):
    trial = Trial.objects.get(nct_id="NCT03188666")
    addresses = [
        url("centre:research", "en"),
        absolute_url(trial, "fr"),
        absolute_url(trial.disease, "en"),
    ]

    def counts():
        found = {}
        for address in addresses:
            caches["pages"].clear()  # full renders, not the stored page
            with CaptureQueriesContext(connection) as queries:
                assert client.get(address).status_code == 200
            found[address] = len(queries)
        return found

    client.get(addresses[0])  # sessions and the like are set up
    before = counts()
    many_trials_and_registries(60, 60)
    Trial.objects.filter(nct_id__startswith="NCT8").update(disease=trial.disease)
    after = counts()
    assert after == before
    caches["pages"].clear()
    with CaptureQueriesContext(connection) as queries:
        assert client.get(addresses[0], {"page": 4}).status_code == 200
    assert len(queries) == before[addresses[0]]


# --- Events --------------------------------------------------------------------------------


def test_events_are_sorted_into_upcoming_undated_and_past(seeded):
    coming = future_event()
    preparing = future_event(slug="preparing", start_date=None, status=Event.Status.IN_PREPARATION)
    upcoming = list(Event.objects.upcoming())
    assert upcoming == [coming, preparing]
    assert [e.slug for e in Event.objects.undated()] == [
        "osteogenese-imparfaite-transition-necker-cochin"
    ]
    assert [e.slug for e in Event.objects.past()] == [
        "webinaire-hypophosphatasie-2021",
        "osteogenese-imparfaite-adulte-2016",
    ]


def test_the_event_list_is_paged_upcoming_then_undated_then_past(seeded, client):
    """However many events there are, a page lists 20: the soonest upcoming first, then
    those without a date, then the latest past ones; every event is on one page."""
    today = timezone.localdate()
    for day in range(25):
        future_event(slug=f"coming-{day:02}", start_date=today + timedelta(days=25 - day))
        future_event(slug=f"past-{day:02}", start_date=today - timedelta(days=10 + day))
    pattern = re.compile(r'href="/en/events/([\w-]+)/"')
    pages = []
    for number in (1, 2, 3):
        response = client.get(url("centre:event_list", "en"), {"page": number})
        assert response.status_code == 200
        html = response.content.decode()
        pages.append(list(dict.fromkeys(pattern.findall(html))))
        assert len(pages[-1]) <= 20
    assert client.get(url("centre:event_list", "en"), {"page": 4}).status_code == 404
    listed = [slug for page in pages for slug in page]
    assert listed == [
        *[f"coming-{day:02}" for day in reversed(range(25))],  # soonest first
        "osteogenese-imparfaite-transition-necker-cochin",  # no date given
        *[f"past-{day:02}" for day in range(25)],  # latest first
        "webinaire-hypophosphatasie-2021",
        "osteogenese-imparfaite-adulte-2016",
    ]
    first, second, third = (
        client.get(url("centre:event_list", "en"), {"page": n}).content.decode() for n in (1, 2, 3)
    )
    assert 'id="upcoming"' in first and 'id="past"' not in first
    assert 'id="upcoming"' in second and 'id="undated"' in second and 'id="past"' in second
    assert 'id="upcoming"' not in third and "Page 3 of 3" in third
    assert 'rel="next"' in first and 'rel="prev"' in third


def test_year_precision_lasts_the_whole_year():
    event = Event.objects.create(
        slug="y",
        title_fr="A",
        title_en="A",
        start_date=date(2016, 1, 1),
        date_precision=Event.Precision.YEAR,
    )
    assert event.last_day == date(2016, 12, 31)
    assert event.when == "2016" and event.iso_start == "2016"
    assert not event.has_exact_dates


def test_event_date_rules():
    event = Event(slug="r", title_fr="A", title_en="A", end_date=date(2021, 1, 1))
    with pytest.raises(ValidationError):
        event.full_clean()
    event.start_date = date(2021, 1, 2)
    with pytest.raises(ValidationError):
        event.full_clean()


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_event_list_shows_seed_events(seeded, client, lang):
    html = client.get(url("centre:event_list", lang)).content.decode()
    for event in Event.objects.all():
        assert event.get_absolute_url() in html or absolute_url(event, lang) in html
        assert getattr(event, f"title_{lang}") in html
    assert "2016" in html
    professor = "Pr Karine Briot" if lang == "fr" else "Prof. Karine Briot"
    assert "Dr Baujat" in html and professor in html
    assert url("centre:event_feed", lang) in html


@pytest.mark.parametrize("lang", ["fr", "en"])
@pytest.mark.parametrize(
    "slug",
    [
        "osteogenese-imparfaite-adulte-2016",
        "osteogenese-imparfaite-transition-necker-cochin",
        "webinaire-hypophosphatasie-2021",
    ],
)
def test_event_detail_in_both_languages(seeded, client, slug, lang):
    event = Event.objects.get(slug=slug)
    response = client.get(absolute_url(event, lang))
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("<h1") == 1
    assert getattr(event, f"location_{lang}") in html
    for code in ("fr", "en"):
        assert f'hreflang="{code}" href="http://testserver{absolute_url(event, code)}"' in html
    data = [d for d in json_ld(html) if d["@type"] != "BreadcrumbList"]
    if event.start_date:
        assert data[0]["@type"] == "Event"
        assert data[0]["startDate"] == event.iso_start
        assert data[0]["location"]["name"] == getattr(event, f"location_{lang}")
    else:
        assert data == []


def test_event_detail_links_team_member_contact(seeded, client):
    html = client.get(
        url("centre:event_detail", "en", slug="osteogenese-imparfaite-adulte-2016")
    ).content.decode()
    person = Person.objects.get(slug="eugenie-koumakis")
    assert f'href="{absolute_url(person, "en")}"' in html
    assert "2016" in html
    assert ".ics" not in html  # no calendar entry for a year-only date


def test_event_ics_is_a_valid_calendar(seeded, client):
    webinar = Event.objects.get(slug="webinaire-hypophosphatasie-2021")
    response = client.get(url("centre:event_ics", "en", slug=webinar.slug))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.content)
    (vevent,) = calendar.walk("VEVENT")
    assert str(vevent["SUMMARY"]) == "Hypophosphatasia webinar"
    assert vevent.decoded("DTSTART") == date(2021, 4, 15)
    assert vevent.decoded("DTEND") == date(2021, 4, 16)
    assert str(vevent["STATUS"]) == "TENTATIVE"
    assert str(vevent["LOCATION"]) == "Cochin hospital"
    assert "Pr Karine Briot" in str(vevent["DESCRIPTION"])
    assert str(vevent["URL"]).endswith(absolute_url(webinar, "en"))
    french = Calendar.from_ical(
        client.get(url("centre:event_ics", "fr", slug=webinar.slug)).content
    )
    assert str(french.walk("VEVENT")[0]["SUMMARY"]) == webinar.title_fr


def test_event_ics_with_times(db, client):
    event = future_event(
        start_time=time(14, 0),
        end_time=time(16, 30),
        registration_url="https://example.org/register",
    )
    calendar = Calendar.from_ical(
        client.get(url("centre:event_ics", "en", slug=event.slug)).content
    )
    (vevent,) = calendar.walk("VEVENT")
    start = vevent.decoded("DTSTART")
    assert start.date() == event.start_date and start.utcoffset() is not None
    assert (vevent.decoded("DTEND") - start) == timedelta(hours=2, minutes=30)
    assert "https://example.org/register" in str(vevent["DESCRIPTION"])


def test_online_event_with_times_json_ld(db, client):
    event = future_event(
        start_time=time(14, 0),
        end_time=time(16, 0),
        is_online=True,
        location_fr="",
        location_en="",
        registration_url="https://example.org/register",
    )
    (data,) = [
        d
        for d in json_ld(client.get(absolute_url(event, "en")).content.decode())
        if d["@type"] == "Event"
    ]
    assert data["startDate"].startswith(f"{event.start_date.isoformat()}T14:00:00+")
    assert data["endDate"].startswith(f"{event.start_date.isoformat()}T16:00:00+")
    assert data["eventAttendanceMode"] == "https://schema.org/OnlineEventAttendanceMode"
    assert data["location"] == {"@type": "VirtualLocation", "url": "https://example.org/register"}


def test_month_precision_is_shown_as_a_month(db):
    event = Event.objects.create(
        slug="m",
        title_fr="A",
        title_en="A",
        start_date=date(2021, 4, 1),
        date_precision=Event.Precision.MONTH,
    )
    assert event.last_day == date(2021, 4, 30)
    assert event.iso_start == "2021-04"
    with translation.override("en"):
        assert event.when == "April 2021"


def test_year_only_or_undated_event_has_no_ics(seeded, client):
    for slug in (
        "osteogenese-imparfaite-adulte-2016",
        "osteogenese-imparfaite-transition-necker-cochin",
    ):
        assert client.get(url("centre:event_ics", "en", slug=slug)).status_code == 404


def test_upcoming_feed_lists_dated_upcoming_events_only(seeded, client):
    coming = future_event()
    future_event(slug="preparing", start_date=None, status=Event.Status.IN_PREPARATION)
    response = client.get(url("centre:event_feed", "fr"))
    assert response.status_code == 200
    calendar = Calendar.from_ical(response.content)
    summaries = [str(v["SUMMARY"]) for v in calendar.walk("VEVENT")]
    assert summaries == [coming.title_fr]


# --- Disease hubs ------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_disease_pages_gather_trials_registries_and_events(seeded, client, lang):
    hpp = Disease.objects.get(slug_en="hypophosphatasia")
    html = client.get(absolute_url(hpp, lang)).content.decode()
    assert 'id="hub-registries"' in html and "<dd>24</dd>" in html
    assert 'id="hub-events"' in html and "webinaire-hypophosphatasie-2021" in html
    assert 'id="hub-trials"' not in html  # empty sections are left out
    assert 'id="hub-care-protocols"' not in html
    fop = Disease.objects.get(slug_en="fibrodysplasia-ossificans-progressiva")
    html = client.get(absolute_url(fop, lang)).content.decode()
    assert 'id="hub-trials"' in html and "NCT03188666" in html
    assert getattr(Trial.objects.get(nct_id="NCT03188666"), f"stated_status_{lang}") in html


def hub_section(html, name):
    """The disease page's section `name` ("trials", "registries"), or None."""
    found = re.search(rf'<section aria-labelledby="hub-{name}">.*?</section>', html, re.S)
    return found and found.group()


def more_trials_and_registries(disease, count):
    """`count` more published trials and registries of `disease`, created out of their
    order (the highest `ordering` first), and a hidden one of each."""
    for i in range(count):
        Trial.objects.create(
            nct_id=f"NCT7{i:07d}",
            title_fr=f"Essai {i}",
            title_en=f"Trial {i}",
            disease=disease,
            ordering=count - i,
        )
        Registry.objects.create(
            name_fr=f"Registre {i}", name_en=f"Registry {i}", disease=disease, ordering=count - i
        )
    hidden = {"disease": disease, "ordering": 0, "is_published": False}
    Trial.objects.create(nct_id="NCT70000999", title_en="Hidden", **hidden)
    Registry.objects.create(name_en="Hidden", **hidden)


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_disease_page_lists_its_first_trials_and_registries_and_links_to_the_rest(
    seeded, client, lang
):
    from centre.views import DISEASE_ENTRIES_SHOWN

    assert DISEASE_ENTRIES_SHOWN == 5
    fop = Disease.objects.get(slug_en="fibrodysplasia-ossificans-progressiva")
    more_trials_and_registries(fop, DISEASE_ENTRIES_SHOWN + 2)
    html = client.get(absolute_url(fop, lang)).content.decode()
    trials, registries = hub_section(html, "trials"), hub_section(html, "registries")
    # The first ones in the research page's order (staff's ordering, then NCT number).
    first_trials = fop.trials.published().order_by("ordering", "nct_id")[:DISEASE_ENTRIES_SHOWN]
    shown = re.findall(r'<li class="research-item" id="(nct\d{8})">', trials)
    assert shown == [trial.nct_id.lower() for trial in first_trials]
    first_registries = fop.registries.published().order_by("ordering", "pk")
    shown = re.findall(r'<li class="research-item" id="registry-(\d+)">', registries)
    assert shown == [str(r.pk) for r in first_registries[:DISEASE_ENTRIES_SHOWN]]
    assert "Hidden" not in html
    research = url("centre:research", lang)
    all_trials, all_registries = {
        "fr": ("Tous les essais cliniques", "Tous les registres"),
        "en": ("All clinical trials", "All registries"),
    }[lang]
    assert f'<a href="{research}#trials">{all_trials}</a>' in trials
    assert f'<a href="{research}#registries">{all_registries}</a>' in registries


def test_disease_page_with_no_more_trials_than_it_shows_has_no_link_to_the_rest(seeded, client):
    from centre.views import DISEASE_ENTRIES_SHOWN

    fop = Disease.objects.get(slug_en="fibrodysplasia-ossificans-progressiva")
    html = client.get(absolute_url(fop, "en")).content.decode()
    assert hub_section(html, "trials").count('class="research-item"') == fop.trials.count() == 1
    assert "All clinical trials" not in html and hub_section(html, "registries") is None
    # Exactly as many as it shows: all are there, so nothing is left to link to.
    more_trials_and_registries(fop, DISEASE_ENTRIES_SHOWN - 1)
    html = client.get(absolute_url(fop, "en")).content.decode()
    assert hub_section(html, "trials").count('class="research-item"') == DISEASE_ENTRIES_SHOWN
    assert hub_section(html, "registries").count('class="research-item"') == 4
    assert "All clinical trials" not in html and "All registries" not in html


def test_disease_page_has_medical_condition_json_ld(seeded, client):
    oi = Disease.objects.get(slug_en="osteogenesis-imperfecta")
    html = client.get(absolute_url(oi, "en")).content.decode()
    conditions = [d for d in json_ld(html) if d.get("@type") == "MedicalCondition"]
    (condition,) = conditions
    assert condition["name"] == "Osteogenesis imperfecta"
    assert condition["code"] == {
        "@type": "MedicalCode",
        "codeValue": "666",
        "codingSystem": "ORPHA",
    }
    assert condition["sameAs"] == "https://www.orpha.net/en/disease/detail/666"
    fd = Disease.objects.get(slug_en="fibrous-dysplasia-of-bone")
    (condition,) = [
        d
        for d in json_ld(client.get(absolute_url(fd, "en")).content.decode())
        if d.get("@type") == "MedicalCondition"
    ]
    assert "code" not in condition


# --- Bounded queries -----------------------------------------------------------------------


def _add_content(count):
    diseases = list(Disease.objects.all())
    for i in range(count):
        disease = diseases[i % len(diseases)]
        Trial.objects.create(
            nct_id=f"NCT9{i:07d}", title_fr=f"E{i}", title_en=f"T{i}", disease=disease
        )
        Registry.objects.create(name_fr=f"R{i}", name_en=f"R{i}", disease=disease)
        CareProtocol.objects.create(title_fr=f"P{i}", title_en=f"P{i}", disease=disease)
        event = future_event(slug=f"e{i}", contact_person=Person.objects.first())
        event.diseases.add(disease)


@pytest.mark.parametrize("name", PAGES)
def test_queries_stay_flat(seeded, client, django_assert_max_num_queries, name):
    path = url(name, "en")
    client.get(path)
    caches["pages"].clear()  # full renders, not the stored page
    with django_assert_max_num_queries(8) as few:
        client.get(path)
    _add_content(12)
    caches["pages"].clear()
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(path).status_code == 200


def test_disease_and_event_pages_stay_flat(seeded, client, django_assert_max_num_queries):
    hpp = Disease.objects.get(slug_en="hypophosphatasia")
    client.get(absolute_url(hpp, "en"))
    caches["pages"].clear()  # full renders, not the stored page
    with django_assert_max_num_queries(30) as few:
        client.get(absolute_url(hpp, "en"))
    _add_content(12)
    caches["pages"].clear()
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(absolute_url(hpp, "en")).status_code == 200
    event = Event.objects.get(slug="e1")
    with django_assert_max_num_queries(8):
        assert client.get(absolute_url(event, "en")).status_code == 200
    with django_assert_max_num_queries(3):
        assert client.get(url("centre:event_feed", "en")).status_code == 200


# --- Refreshing statuses from ClinicalTrials.gov -----------------------------------------


class StandIn(BaseHTTPRequestHandler):
    studies = {"NCT03118570": "COMPLETED", "NCT03188666": "ACTIVE_NOT_RECRUITING"}

    def do_GET(self):  # noqa: N802 (http.server's name)
        nct_id = self.path.split("?")[0].rstrip("/").rsplit("/", 1)[-1]
        if not self.path.startswith("/api/v2/studies/") or nct_id not in self.studies:
            self.send_response(404)
            self.end_headers()
            return
        body = json.dumps(
            {
                "protocolSection": {
                    "identificationModule": {"nctId": nct_id},
                    "statusModule": {"overallStatus": self.studies[nct_id]},
                }
            }
        ).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def stand_in(settings):
    server = HTTPServer(("127.0.0.1", 0), StandIn)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.CLINICALTRIALS_API_URL = f"http://127.0.0.1:{server.server_port}/api/v2/"
    settings.CLINICALTRIALS_TIMEOUT = 5
    yield server
    server.shutdown()
    server.server_close()
    thread.join()


def test_refresh_trials_from_stand_in(seeded, stand_in, capsys):
    call_command("refresh_trials")
    oi = Trial.objects.get(nct_id="NCT03118570")
    fop = Trial.objects.get(nct_id="NCT03188666")
    assert oi.status == Trial.Status.COMPLETED
    assert fop.status == Trial.Status.ACTIVE_NOT_RECRUITING
    assert oi.status_checked_at and timezone.now() - oi.status_checked_at < timedelta(minutes=1)
    assert fop.stated_status_en == "In progress"  # the centre's wording is kept
    html = Client().get(url("centre:research", "en")).content.decode()
    assert "Active, not recruiting" in html and "In progress" in html


def test_refresh_reports_unknown_study_and_keeps_going(seeded, stand_in):
    Trial.objects.create(nct_id="NCT00000001", title_fr="X", title_en="X")
    with pytest.raises(CommandError, match="1 trial"):
        call_command("refresh_trials", stderr=open("/dev/null", "w"))
    assert Trial.objects.get(nct_id="NCT00000001").status == ""
    assert Trial.objects.get(nct_id="NCT03118570").status == Trial.Status.COMPLETED


def test_refresh_refuses_status_outside_vocabulary(seeded, stand_in, monkeypatch):
    monkeypatch.setitem(StandIn.studies, "NCT03118570", "SOMETHING_NEW")
    with pytest.raises(CommandError):
        call_command("refresh_trials", "NCT 03118570", stderr=open("/dev/null", "w"))
    assert Trial.objects.get(nct_id="NCT03118570").status == ""


def test_refresh_without_network_says_so_and_changes_nothing(seeded, settings):
    # A port nobody listens on: the same failure as a server without network access.
    server = HTTPServer(("127.0.0.1", 0), StandIn)
    port = server.server_port
    server.server_close()
    settings.CLINICALTRIALS_API_URL = f"http://127.0.0.1:{port}/api/v2/"
    settings.CLINICALTRIALS_TIMEOUT = 2
    with pytest.raises(CommandError, match="Could not reach ClinicalTrials.gov"):
        call_command("refresh_trials")
    assert {t.status_checked_at for t in Trial.objects.all()} == {None}


def test_admin_action_refreshes_selected_trials(seeded, stand_in, staff_client):
    trial = Trial.objects.get(nct_id="NCT03188666")
    response = staff_client.post(
        reverse("admin:centre_trial_changelist"),
        {"action": "refresh_status", "_selected_action": [trial.pk]},
        follow=True,
    )
    assert response.status_code == 200
    trial.refresh_from_db()
    assert trial.status == Trial.Status.ACTIVE_NOT_RECRUITING
    assert Trial.objects.get(nct_id="NCT03118570").status == ""


# --- Admin, navigation and sitemap -----------------------------------------------------------


@pytest.mark.parametrize("model", ["pageintro", "careprotocol", "trial", "registry", "event"])
def test_admin_pages(seeded, staff_client, model):
    assert staff_client.get(reverse(f"admin:centre_{model}_changelist")).status_code == 200
    response = staff_client.get(reverse(f"admin:centre_{model}_add"))
    assert response.status_code == 200
    assert "_fr" in response.content.decode() and "_en" in response.content.decode()


def test_admin_adds_event_known_to_the_year(seeded, staff_client):
    oi = Disease.objects.get(slug_en="osteogenesis-imperfecta")
    response = staff_client.post(
        reverse("admin:centre_event_add"),
        {
            "title_fr": "Cours",
            "title_en": "Course",
            "slug": "cours-2030",
            "kind": "course",
            "status": "scheduled",
            "description_fr": "",
            "description_en": "",
            "diseases": [oi.pk],
            "is_published": "on",
            "start_date": "2030-01-01",
            "date_precision": "year",
            "location_fr": "",
            "location_en": "",
            "contact_name": "",
            "registration_url": "",
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    event = Event.objects.get(slug="cours-2030")
    assert event.last_day == date(2030, 12, 31) and list(event.diseases.all()) == [oi]


def test_admin_refuses_range_on_year_precision(seeded, staff_client):
    response = staff_client.post(
        reverse("admin:centre_event_add"),
        {
            "title_fr": "Cours",
            "title_en": "Course",
            "slug": "c",
            "kind": "course",
            "status": "scheduled",
            "is_published": "on",
            "start_date": "2030-01-01",
            "end_date": "2030-01-03",
            "date_precision": "year",
        },
    )
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["end_date"]


def test_navigation_and_sitemap(seeded, client):
    html = client.get(url("centre:home", "en")).content.decode()
    for name in PAGES:
        assert f'href="{url(name, "en")}"' in html
    sitemap = client.get("/sitemap.xml").content.decode()
    for name in PAGES:
        assert f"http://testserver{url(name, 'fr')}" in sitemap
    event = Event.objects.get(slug="webinaire-hypophosphatasie-2021")
    assert f"http://testserver{absolute_url(event, 'en')}" in sitemap
