"""Issue 18, points 1-6: disease pages that answer (summaries, other names, the Orphanet
link in the page's language, the routes to an appointment and a referral), the emergency
sheets, the questions and answers, and the referral, transition and glossary pages."""

import json
import re

import pytest
import qrcode
from django.core.cache import caches
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape
from qrcode.image.svg import SvgPathImage

from centre.models import Centre, Disease, DiseaseQuestion, Event, GlossaryTerm
from centre.seed_guides import GLOSSARY
from tests.centre.test_admin import admin_url, form_data
from tests.helpers import save_each

pytestmark = pytest.mark.django_db

HPP_FR = "/fr/maladies/hypophosphatasie/"
HPP_EN = "/en/diseases/hypophosphatasia/"
SHEET_FR = "/fr/maladies/hypophosphatasie/fiche-urgence/"
SHEET_EN = "/en/diseases/hypophosphatasia/emergency-sheet/"


def html_of(client, path, status=200):
    response = client.get(path)
    assert response.status_code == status, path
    return response.content.decode()


def meta_description(html):
    return re.search(r'<meta name="description" content="([^"]*)"', html).group(1)


def json_ld_blocks(html):
    return [
        json.loads(block)
        for block in re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    ]


def hpp():
    return Disease.objects.get(slug_en="hypophosphatasia")


def write_sheet(disease, **values):
    save_each(Disease.objects.filter(pk=disease.pk), **values)


# 1. Disease pages


def test_disease_page_routes_other_names_and_orphanet_link_in_each_language(seeded, client):
    french = html_of(client, HPP_FR)
    assert '<a class="button" href="/fr/contact/">Prendre rendez-vous</a>' in french
    assert '<a class="button" href="/fr/adresser-un-patient/">Adresser un patient</a>' in french
    assert "Autres noms\u00a0: HPP" in french
    assert 'href="https://www.orpha.net/fr/disease/detail/436" hreflang="fr"' in french
    english = html_of(client, HPP_EN)
    assert '<a class="button" href="/en/refer-a-patient/">Refer a patient</a>' in english
    assert 'href="https://www.orpha.net/en/disease/detail/436" hreflang="en"' in english
    oi = html_of(client, "/en/diseases/osteogenesis-imperfecta/")
    assert "Other names: OI, brittle bone disease" in oi
    condition = [b for b in json_ld_blocks(oi) if b["@type"] == "MedicalCondition"][0]
    assert condition["alternateName"] == ["OI", "brittle bone disease"]
    listing = html_of(client, "/fr/maladies/")
    assert (
        'Ostéogenèse imparfaite</a> <span class="aliases">(OI, maladie des os de verre)' in listing
    )


def test_summaries_stay_hidden_while_empty_and_the_description_promises_nothing_more(
    seeded, client
):
    html = html_of(client, HPP_FR)
    assert "Pour les patients" not in html and "professionnels de santé</h2>" not in html
    description = meta_description(html)
    assert "information" not in description.lower()
    assert description.startswith("Hypophosphatasie au centre de référence")
    assert "prendre rendez-vous ou adresser un patient" in description


def test_summaries_shown_once_written_and_the_description_is_the_summary(seeded, client):
    write_sheet(
        hpp(),
        summary_patients_fr="Une maladie rare des os et des dents.\n\nDeuxième paragraphe.",
        summary_professionals_fr="Déficit en phosphatases alcalines.",
    )
    html = html_of(client, HPP_FR)
    assert "<p>Une maladie rare des os et des dents.</p>" in html
    assert "Déficit en phosphatases alcalines." in html
    assert meta_description(html) == "Une maladie rare des os et des dents."


def test_home_focus_cards_show_a_summary_or_no_box(seeded, client):
    html = html_of(client, "/fr/")
    focus = html[html.index('id="focus"') : html.index("</ul>", html.index('id="focus"'))]
    assert 'class="card"' not in focus  # no summary yet: plain links, no empty boxes
    assert "Hypophosphatasie" in focus
    write_sheet(hpp(), summary_patients_fr="Une maladie rare des os et des dents.")
    html = html_of(client, "/fr/")
    focus = html[html.index('id="focus"') : html.index("</ul>", html.index('id="focus"'))]
    assert focus.count('class="card"') == 1
    assert "<p>Une maladie rare des os et des dents.</p>" in focus


# 2. Emergency sheets


def test_no_emergency_sheet_and_no_link_while_empty(seeded, client):
    assert "fiche-urgence" not in html_of(client, HPP_FR)
    html_of(client, SHEET_FR, status=404)
    html_of(client, SHEET_EN, status=404)
    assert "fiche-urgence" not in html_of(client, "/sitemap.xml")


def test_emergency_sheet_once_written(seeded, client):
    write_sheet(
        hpp(),
        emergency_must_know_fr="Fragilité osseuse.",
        emergency_must_know_en="Bone fragility.",
        emergency_avoid_fr="Éviter les bisphosphonates.",
        emergency_contacts_fr="Le centre de référence.",
    )
    assert f'<a href="{SHEET_FR}">Fiche d’urgence</a>' in html_of(client, HPP_FR)
    html = html_of(client, SHEET_FR)
    assert "<h1>Fiche d’urgence\u00a0: Hypophosphatasie</h1>" in html
    for text in ("Fragilité osseuse.", "Éviter les bisphosphonates.", "Le centre de référence."):
        assert f"<p>{text}</p>" in html
    assert "Ce qu’il faut éviter" in html and "Qui appeler" in html
    # The general guidance (15 / 112) stays, and the sheet prints on A4.
    assert "appelez le 15" in html
    assert "css/site.css" in html  # its @media print rules: one A4 page (test_first_paint)
    assert '<abbr title="code Orphanet d’une maladie">ORPHA</abbr>:436 · HPP' in html
    # An inline SVG QR code of the sheet's own address; no image from elsewhere.
    address = f"http://testserver{SHEET_FR}"
    assert re.search(r'<div role="img" aria-label="[^"]+"><svg [^>]*viewBox', html)
    assert f'<a href="{address}">{address}</a>' in html
    # The code is the one qrcode draws for that address (the sheet's, not another page's).
    expected = qrcode.make(address, image_factory=SvgPathImage, border=2).to_string(
        encoding="unicode"
    )
    assert expected[expected.index("<svg") :] in html
    assert "<img" not in html[html.index("<main") : html.index("</main>")]
    english = html_of(client, SHEET_EN)
    assert "Bone fragility." in english and "What the emergency team must know" in english
    assert "Whom to call" in english  # the French text stands in until translated
    sitemap = html_of(client, "/sitemap.xml")
    assert SHEET_FR in sitemap and SHEET_EN in sitemap


def test_emergency_sheet_in_the_other_language_redirects(seeded, client):
    write_sheet(hpp(), emergency_contacts_en="The reference centre.")
    response = client.get("/fr/maladies/hypophosphatasia/fiche-urgence/")
    assert response.status_code == 301
    assert response["Location"] == SHEET_FR


def test_unpublished_disease_has_no_sheet(seeded, client):
    write_sheet(hpp(), emergency_contacts_fr="Le centre.", is_published=False)
    html_of(client, SHEET_FR, status=404)


# 3. Questions and answers


def test_questions_hidden_while_empty(seeded, client):
    html = html_of(client, HPP_FR)
    assert "Vos questions, nos réponses" not in html
    assert all(block["@type"] != "FAQPage" for block in json_ld_blocks(html))


def test_published_questions_in_order_with_faq_markup(seeded, client):
    disease = hpp()
    DiseaseQuestion.objects.create(
        disease=disease,
        ordering=2,
        question_fr="Est-elle héréditaire\u00a0?",
        answer_fr="Oui.\n\nConseil génétique.",
        question_en="Is it inherited?",
        answer_en="Yes.",
    )
    DiseaseQuestion.objects.create(
        disease=disease, ordering=1, question_fr="Qu’est-ce que c’est\u00a0?", answer_fr="Une."
    )
    DiseaseQuestion.objects.create(
        disease=disease, question_fr="Brouillon\u00a0?", answer_fr="Non.", is_published=False
    )
    html = html_of(client, HPP_FR)
    assert '<h2 id="questions">Vos questions, nos réponses</h2>' in html
    assert html.index("Qu’est-ce que c’est") < html.index("Est-elle héréditaire")
    assert "<summary>Est-elle héréditaire\u00a0?</summary>" in html
    assert re.search(r"<p>Oui.</p>\s*<p>Conseil génétique.</p>", html)  # two paragraphs
    assert "Brouillon" not in html
    faq = [block for block in json_ld_blocks(html) if block["@type"] == "FAQPage"]
    assert [q["name"] for q in faq[0]["mainEntity"]] == [
        "Qu’est-ce que c’est\u00a0?",
        "Est-elle héréditaire\u00a0?",
    ]
    assert faq[0]["mainEntity"][1]["acceptedAnswer"]["text"] == "Oui.\n\nConseil génétique."
    english = html_of(client, HPP_EN)
    assert "Your questions, our answers" in english and "Is it inherited?" in english


def disease_page_queries(client, path):
    caches["pages"].clear()
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    return len(queries)


def test_questions_cost_the_disease_page_no_query(seeded, client):
    """The disease page keeps its budget (tests/site/test_queries.py) with any number of
    questions: they come with the disease itself."""
    before = disease_page_queries(client, HPP_FR)
    disease = hpp()
    for index in range(30):
        DiseaseQuestion.objects.create(
            disease=disease, ordering=index, question_fr=f"Q{index}\u00a0?", answer_fr="R."
        )
    assert disease_page_queries(client, HPP_FR) == before
    main = html_of(client, HPP_FR).split('<main id="main"')[1]  # the menu has <details> too
    assert main.count("<details") == 30


def test_question_added_through_the_disease_admin(seeded, staff_client, client):
    disease = hpp()
    url = admin_url(Disease, "change", disease.pk)
    data = form_data(staff_client.get(url))
    data.update(
        {
            "questions-TOTAL_FORMS": "1",
            "questions-INITIAL_FORMS": "0",
            "questions-MIN_NUM_FORMS": "0",
            "questions-MAX_NUM_FORMS": "1000",
            "questions-0-question_fr": "Faut-il un suivi\u00a0?",
            "questions-0-question_en": "Is follow-up needed?",
            "questions-0-answer_fr": "Oui.\r\n\r\nChaque année.",
            "questions-0-answer_en": "Yes.",
            "questions-0-ordering": "1",
            "questions-0-is_published": "on",
            "emergency_avoid_fr": "Éviter ceci.\r\n\r\nEt cela.",
        }
    )
    response = staff_client.post(url, data)
    assert response.status_code == 302, response.context and response.context["errors"]
    html = html_of(client, HPP_FR)
    assert re.search(r"<p>Oui.</p>\s*<p>Chaque année.</p>", html)  # CRLF paragraphs kept
    assert re.search(r"<p>Éviter ceci.</p>\s*<p>Et cela.</p>", html_of(client, SHEET_FR))


# 4. Refer a patient


def test_referral_page_in_both_languages_from_the_seed(seeded, client):
    french = html_of(client, "/fr/adresser-un-patient/")
    assert "<h1>Adresser un patient</h1>" in french
    assert "centres de référence <abbr" in french and "de Necker et de Trousseau" in french
    assert "centre de recours et d’expertise" in french
    assert "Précisez vos coordonnées complètes ainsi que le motif de la demande." in french
    assert '<a href="tel:+33158412578">' in french
    assert "N’envoyez jamais de données de santé par le formulaire" in french
    assert "Patients difficiles" in french
    assert "mailto:" not in french  # no MSSanté address until staff fill it
    english = html_of(client, "/en/refer-a-patient/")
    assert "<h1>Refer a patient</h1>" in english
    assert "Give your full contact details as well as the reason for the request." in english
    assert "Never send health data through the website’s contact form" in english
    sitemap = html_of(client, "/sitemap.xml")
    assert "/fr/adresser-un-patient/" in sitemap and "/en/refer-a-patient/" in sitemap


def test_mssante_address_shown_once_filled_in_the_admin(seeded, staff_client, client):
    centre = Centre.get_profile()
    url = admin_url(Centre, "change", centre.pk)
    data = form_data(staff_client.get(url))
    data["mssante_address"] = "moc.cochin@aphp.mssante.fr"
    response = staff_client.post(url, data)
    assert response.status_code == 302, response.context and response.context["adminform"].errors
    html = html_of(client, "/fr/adresser-un-patient/")
    assert (
        'Par messagerie sécurisée de santé (<abbr title="messageries sécurisées de santé">'
        'MSSanté</abbr>)\u00a0: <a href="mailto:moc.cochin@aphp.mssante.fr">' in html
    )
    assert html.count("<abbr") == html.count("</abbr>")
    assert html.count('title="messageries sécurisées de santé"') == 1  # first use only


def test_bad_mssante_address_is_refused_with_the_form_kept(seeded, staff_client):
    centre = Centre.get_profile()
    url = admin_url(Centre, "change", centre.pk)
    data = form_data(staff_client.get(url))
    data["mssante_address"] = "not an address"
    response = staff_client.post(url, data)
    assert response.status_code == 200
    assert "mssante_address" in response.context["adminform"].form.errors
    assert Centre.get_profile().mssante_address == ""


# 5. Moving to adult care


def test_transition_page_links_the_necker_cochin_workshop(seeded, client):
    event = Event.objects.get(slug="osteogenese-imparfaite-transition-necker-cochin")
    french = html_of(client, "/fr/la-transition/")
    assert "<h1>La transition</h1>" in french
    assert "Accompagner la transition des jeunes adultes" in french
    assert f'<a href="{event.get_absolute_url()}">L’ostéogenèse imparfaite en transition' in french
    english = html_of(client, "/en/moving-to-adult-care/")
    assert "Osteogenesis imperfecta in transition, Necker-Cochin coordination" in english
    assert "Transitional counselling for young adults" in english
    save_each(Event.objects.filter(pk=event.pk), is_published=False)
    assert "Necker-Cochin" not in html_of(client, "/fr/la-transition/")


# 6. Glossary


def test_glossary_page_lists_the_seeded_terms_in_each_language(seeded, client):
    french = html_of(client, "/fr/glossaire/")
    english = html_of(client, "/en/glossary/")
    for term, expansion_fr, expansion_en, _def_fr, _def_en in GLOSSARY:
        assert f"<abbr>{term}</abbr>" in french
        assert f"<dd>{escape(expansion_fr)}" in french
        assert f"<dd>{escape(expansion_en)}" in english
    assert "protocole national de diagnostic et de soins" in french
    assert "National Diagnostic and Care Protocol" in english
    assert "selon une méthode proposée par la Haute Autorité de santé" in french


def test_abbr_on_first_use_only_and_one_query_whatever_the_glossary(seeded, client):
    html = html_of(client, "/fr/pnds/")
    assert html.count('<abbr title="protocole national de diagnostic et de soins">PNDS</abbr>') == 1
    assert html.count("PNDS") > 3  # the later uses stay plain text
    assert '<abbr title="Haute Autorité de santé">HAS</abbr>' in html
    before = disease_page_queries(client, "/fr/pnds/")
    for index in range(40):
        GlossaryTerm.objects.create(term=f"ZZ{index}", expansion_fr="x", ordering=100 + index)
    assert disease_page_queries(client, "/fr/pnds/") == before


def test_glossary_edited_in_the_admin(seeded, staff_client, client):
    response = staff_client.post(
        admin_url(GlossaryTerm, "add"),
        {
            "term": "RCP",
            "expansion_fr": "réunion de concertation pluridisciplinaire",
            "expansion_en": "multidisciplinary team meeting",
            "definition_fr": "",
            "definition_en": "",
            "ordering": "50",
        },
    )
    assert response.status_code == 302
    assert "multidisciplinary team meeting" in html_of(client, "/en/glossary/")
    response = staff_client.post(
        admin_url(GlossaryTerm, "add"),
        {"term": "RCP", "expansion_fr": "doublon", "ordering": "51"},
    )
    assert response.status_code == 200
    assert GlossaryTerm.objects.filter(term="RCP").count() == 1


# Seed


def test_seed_fills_new_fields_of_an_existing_profile_and_keeps_staff_text(seeded):
    Centre.objects.update(referral_documents_fr="Texte de l’équipe.", referral_patients_fr="")
    from centre.models import SeedRecord

    SeedRecord.objects.filter(key__startswith="centre:profile:").delete()
    call_command("load_seed", verbosity=0, stdout=open("/dev/null", "w"))
    centre = Centre.get_profile()
    assert centre.referral_documents_fr == "Texte de l’équipe."
    assert centre.referral_patients_fr.startswith("Le centre prend en charge des adultes")
    assert centre.transition_event.slug == "osteogenese-imparfaite-transition-necker-cochin"
    # Loaded once: what staff empty later stays empty.
    Centre.objects.update(transition_text_fr="")
    call_command("load_seed", verbosity=0, stdout=open("/dev/null", "w"))
    assert Centre.get_profile().transition_text_fr == ""


def test_seed_writes_no_emergency_sheet_and_no_question(seeded):
    assert not Disease.objects.with_emergency_sheet().exists()
    assert not DiseaseQuestion.objects.exists()
    assert Centre.get_profile().mssante_address == ""
    with translation.override("en"):
        assert reverse("centre:referral") == "/en/refer-a-patient/"
        assert reverse("centre:transition") == "/en/moving-to-adult-care/"
        assert reverse("centre:glossary") == "/en/glossary/"
