"""French that reads right, English that reads British, over the text a visitor sees.

Every page of the seeded site (the sitemap, the contact page, search results, a 404) is
read as a browser shows it: the body's text outside <script>, <style> and hidden elements
(the <title> repeats the page's heading), and in a French page only the text in French (a publication title marked lang="en" keeps English
punctuation).
"""

import re
import xml.etree.ElementTree as ET
from urllib.parse import urlparse

import html5lib
import pytest
from django.core.cache import caches
from django.urls import reverse
from django.utils import translation

from centre.models import Centre, Event, Person
from mocsite.templatetags.typography import french_spacing, phone
from podcasts.models import Episode
from publications.models import Publication, Talk

pytestmark = pytest.mark.django_db

SITEMAP_NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
NBSP = "\u00a0\u202f"
INVISIBLE = {"script", "style", "template", "noscript"}

# A plain space where French sets a non-breaking one, or no space at all before : ; ? !
# (not in an address, a time, a ratio or a reference's "179(12):2393").
PLAIN_SPACE = re.compile(r"[ \t\n]([:;?!»])|«[ \t\n]")
NO_SPACE = re.compile(r"(?<![\s\d:/(])([;?!»])|(?<![\s\d:/(])(:)(?!\d|//)|«(?=\S)")


def visible_texts(html, page_language):
    """(text, language) of each run of visible text, `language` the nearest lang="…"."""
    root = html5lib.parse(html, namespaceHTMLElements=False)
    runs = []

    def walk(element, language):
        if element.tag in INVISIBLE or "hidden" in element.attrib:
            return
        language = element.get("lang", language)
        if element.text:
            runs.append((element.text, language))
        for child in element:
            walk(child, language)
            if child.tail:
                runs.append((child.tail, language))

    walk(root.find("body"), root.get("lang", page_language))
    return runs


def page_text(client, path, language):
    response = client.get(path)
    assert response.status_code in (200, 404), path
    runs = visible_texts(response.content.decode(), language)
    # Join the runs of one language, so that "Contact" + " : " across tags is seen whole.
    return "".join(text if lang.startswith(language) else "\x00" for text, lang in runs)


def site_paths(client, language):
    root = ET.fromstring(client.get("/sitemap.xml").content)
    paths = sorted({urlparse(loc.text).path for loc in root.findall("s:url/s:loc", SITEMAP_NS)})
    with translation.override(language):
        extra = [
            reverse("centre:contact"),
            reverse("search") + ("?q=os" if language == "fr" else "?q=bone"),
            reverse("publications:list") + "?member=christian-roux",
            f"/{language}/page-that-does-not-exist/",
        ]
    return [p for p in paths if p.startswith(f"/{language}/")] + extra


def around(text, match):
    return text[max(0, match.start() - 30) : match.end() + 15].replace("\n", " ")


def test_every_french_page_has_french_typography(seeded, client):
    problems = []
    paths = site_paths(client, "fr")
    assert len(paths) > 40
    for path in paths:
        text = page_text(client, path, "fr")
        for pattern, what in ((PLAIN_SPACE, "plain space"), (NO_SPACE, "no space")):
            for match in pattern.finditer(text):
                problems.append(f"{path}: {what}: {around(text, match)!r}")
        for match in re.finditer(r"\bde (Pr|Dr)\b", text):
            problems.append(f"{path}: « de {match.group(1)} »: {around(text, match)!r}")
        for match in re.finditer(r"\+33", text):
            problems.append(f"{path}: international phone number: {around(text, match)!r}")
    assert not problems, "\n".join(problems)


def test_every_english_page_writes_centre_and_prof(seeded, client):
    problems = []
    for path in site_paths(client, "en"):
        text = page_text(client, path, "en")
        for word in (r"\bcent(er|ers)\b", r"\bPr\.? (?=[A-Z])", r"\bKind\b", r"\(0\)"):
            for match in re.finditer(word, text, re.IGNORECASE if "cent" in word else 0):
                problems.append(f"{path}: {match.group(0)!r} in {around(text, match)!r}")
    assert not problems, "\n".join(problems)
    html = client.get("/en/publications/").content.decode()
    assert "Apply the filters" in html


def test_a_talk_with_a_plain_colon_reads_french_on_french_pages(seeded, client):
    Talk.objects.create(
        title="Congrès 2024 : la transition ; pourquoi ? « Grandir »",
        language="fr",
        is_published=True,
    )
    caches["pages"].clear()
    text = page_text(client, reverse("talks:list"), "fr")
    assert "Congrès 2024\u00a0: la transition\u00a0; pourquoi\u00a0? «\u00a0Grandir\u00a0»" in text
    # An English title keeps English punctuation wherever it is shown.
    assert french_spacing("Bone: a review", "en") == "Bone: a review"


def test_one_stored_phone_number_in_each_language_form(seeded, client):
    assert Centre.get_profile().phone == "+33 (0)1 58 41 25 78"
    french = page_text(client, "/fr/contact/", "fr")
    english = page_text(client, "/en/contact/", "en")
    assert "01 58 41 25 78" in french and "+33" not in french
    assert "+33 1 58 41 25 78" in english and "(0)" not in english
    with translation.override("fr"):
        assert phone("not a number") == "not a number"
        assert phone("+44 20 7946 0000") == "+44 20 7946 0000"  # foreign: international


def test_du_pr_du_dr_and_prof_in_english(seeded, client):
    # Each member's works are on their own page (the team list leaves them there).
    french = page_text(client, "/fr/equipe/christian-roux/", "fr")
    assert "Publications du Pr Christian Roux" in french
    french = page_text(client, "/fr/equipe/eugenie-koumakis/", "fr")
    assert "Publications du Dr Eugénie Koumakis" in french
    english = page_text(client, "/en/team/", "en")
    assert "Prof. Christian Roux" in english and "Pr Christian" not in english


def test_speaker_wording_follows_the_gender_staff_chose(seeded, client, staff_client):
    with translation.override("fr"):
        episode = Episode.objects.filter(speaker_name_fr="Dr Valérie Merzoug").get()
        address = episode.get_absolute_url()
    assert episode.speaker_gender == "f"  # « rattachée » in the seed's French
    assert "Intervenante" in page_text(client, address, "fr")
    with translation.override("en"):
        assert "Speaker" in page_text(client, episode.get_absolute_url(), "en")
    # Not given: the neutral wording, never a guess from the first name.
    neutral = Episode.objects.get(speaker_name_fr="Dr Thomas Funck-Brentano")
    assert neutral.speaker_gender == ""
    with translation.override("fr"):
        text = page_text(client, neutral.get_absolute_url(), "fr")
    assert "Intervention" in text and "Intervenant" not in text

    # Staff set a team member's gender through the admin form; the talks say so.
    person = Person.objects.get(slug="mioranirainy-deraharijaona")
    assert person.grammatical_gender == ""
    change = reverse("admin:centre_person_change", args=[person.pk])
    form = staff_client.get(change).context["adminform"].form
    data = {
        name: ("" if value is None else value)
        for name, value in form.initial.items()
        if name in form.fields and not isinstance(value, (list, bool))
    }
    data.update({"grammatical_gender": "f", "_save": "Save"})
    data.pop("photo", None)
    response = staff_client.post(change, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    person.refresh_from_db()
    assert person.grammatical_gender == "f"
    talk = Talk.objects.create(
        title="Registre", speakers="Mioranirainy Deraharijaona", is_published=True
    )
    talk.team_speakers.add(person)
    caches["pages"].clear()
    assert "Intervenante" in page_text(client, "/fr/communications/", "fr")
    assert "Speaker" in page_text(client, "/en/talks/", "en")


def test_no_wording_the_seed_does_not_say(seeded, client):
    talks = page_text(client, "/fr/communications/", "fr")
    assert "Langue" not in talks
    events = page_text(client, "/fr/evenements/", "fr")
    assert "date non fixée" not in events
    assert "date non précisée" in events  # the Necker-Cochin workshop has no date
    # A past event in preparation: neither « en préparation » nor a calendar file.
    past = Event.objects.get(slug="webinaire-hypophosphatasie-2021")
    assert past.status == "in_preparation" and past.is_past
    with translation.override("fr"):
        html = client.get(past.get_absolute_url()).content.decode()
    assert "en préparation" not in html and "ajouter à mon agenda" not in html.lower()
    for path in ("/en/research/", "/fr/recherche/"):
        text = page_text(client, path, path[1:3])
        assert "not checked yet" not in text and "pas encore vérifié" not in text
    assert "as stated by the centre" in page_text(client, "/en/research/", "en")
    assert "selon le centre" in page_text(client, "/fr/recherche/", "fr")


def test_author_lists_keep_a_readable_separator(seeded, client):
    text = page_text(client, "/fr/publications/", "fr") + page_text(
        client, "/en/publications/", "en"
    )
    assert "Koumakis E, Millet-Botti J, Benna JE" in text.replace("\x00", "")
    assert "Koumakis, E," not in text
    grio = Publication.objects.get(pmid="31051244")
    with translation.override("fr"):
        detail = page_text(client, grio.get_absolute_url(), "fr")
    assert "au nom du Groupe de recherche et d’information sur les ostéoporoses (GRIO)" in (
        detail.replace("\x00", "")
    )


def test_name_and_tagline_say_the_centre_is_for_adults(seeded, client):
    for lang, words in (("fr", "l’adulte"), ("en", "adults")):
        html = client.get(f"/{lang}/").content.decode()
        header = re.search(r'<span class="brand-long">(.*?)</span>', html).group(1)
        assert words in header
        lead = re.search(r'<p class="lead">(.*?)</p>', html, re.S).group(1)
        assert ("adultes" if lang == "fr" else "adults") in lead
