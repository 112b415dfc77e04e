"""The admin home's « À faire » list: each line counts what needs doing and links to the
list filtered to exactly those rows."""

import re
from datetime import timedelta

import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from centre.models import ContactRecipient, ContactRequest, Event, KeyFigure, Mission, Trial
from podcasts.models import Episode, Series
from publications.models import Talk

pytestmark = pytest.mark.django_db


def todo_block(client):
    html = client.get("/admin/").content.decode()
    match = re.search(r'<div class="module todo" id="todo">(.*?)</div>', html, re.S)
    assert match, "no « À faire » block on the admin home"
    return match.group(1)


def todo_lines(client):
    """{label: (count, url)} of the list's lines."""
    lines = {}
    for url, body in re.findall(r'<li[^>]*><a href="([^"]+)">(.*?)</a></li>', todo_block(client)):
        count = re.search(r"<strong>(\d+)</strong>", body)
        label = re.sub(r"<[^>]+>|^\s*\d+\s*", "", re.sub(r"<strong>\d+</strong>", "", body))
        lines[label.strip()] = (int(count.group(1)) if count else None, url.replace("&amp;", "&"))
    return lines


def line(client, start):
    matches = [value for label, value in todo_lines(client).items() if label.startswith(start)]
    assert matches, f"no line starting with {start!r} in {list(todo_lines(client))}"
    return matches[0]


def rows_of(client, url):
    """The number of result rows the linked changelist shows."""
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "?e=1" not in response.get("Location", "")
    return html.count('class="action-select"')


def test_seeded_site_lists_what_staff_must_fill_in_french(seeded, staff_client):
    lines = todo_lines(staff_client)
    # The seed gives key figures without values and no contact recipient.
    count, url = line(staff_client, "chiffres clés sans valeur")
    assert count == KeyFigure.objects.filter(value="").count() > 0
    assert rows_of(staff_client, url) == count
    count, url = line(staff_client, "Aucun destinataire")
    assert count is None and url == "/admin/centre/contactrecipient/"
    assert not any("no recipient" in label.lower() for label in lines)


def test_no_recipient_warning_goes_once_an_address_is_active(seeded, staff_client):
    assert any(label.startswith("Aucun destinataire") for label in todo_lines(staff_client))
    ContactRecipient.objects.create(email="accueil@example.org")
    assert not any(label.startswith("Aucun destinataire") for label in todo_lines(staff_client))


def test_fallback_recipients_count_as_recipients(seeded, staff_client, settings):
    settings.CONTACT_FALLBACK_RECIPIENTS = ["secretariat@example.org"]
    assert not any(label.startswith("Aucun destinataire") for label in todo_lines(staff_client))


def count_of(client, start):
    found = [v for label, v in todo_lines(client).items() if label.startswith(start)]
    return found[0][0] if found else 0


def test_each_check_counts_and_links_to_exactly_its_rows(seeded, staff_client, settings):
    settings.CONTACT_WAITING_DAYS = 5
    starts = [
        "événements passés encore",
        "essais cliniques dont le statut",
        "demandes de contact en attente de réponse depuis plus de 5",
        "demandes de contact dont les e-mails",
    ]
    before = {start: count_of(staff_client, start) for start in starts}
    today = timezone.localdate()
    now = timezone.now()
    Event.objects.create(
        title="Atelier passé",
        slug="atelier-passe",
        start_date=today - timedelta(days=10),
        status=Event.Status.IN_PREPARATION,
    )
    Event.objects.create(
        title="Atelier futur",
        slug="atelier-futur",
        start_date=today + timedelta(days=10),
        status=Event.Status.IN_PREPARATION,
    )
    before["essais cliniques dont le statut"] = 0
    Trial.objects.update(status_checked_at=now)
    Trial.objects.create(nct_id="NCT00000001", title="Jamais vérifié")
    Trial.objects.create(
        nct_id="NCT00000002", title="Vieux", status_checked_at=now - timedelta(days=91)
    )
    base = {
        "email": "a@example.org",
        "sender_type": "patient",
        "subject": "Rendez-vous",
        "message": "Bonjour",
        "consent_at": now,
    }
    ContactRequest.objects.create(
        name="Ancien", submission_id="1", created_at=now - timedelta(days=6), **base
    )
    ContactRequest.objects.create(
        name="Récent", submission_id="2", created_at=now - timedelta(days=4), **base
    )
    ContactRequest.objects.create(
        name="Répondu",
        submission_id="3",
        created_at=now - timedelta(days=9),
        status=ContactRequest.Status.ANSWERED,
        **base,
    )
    ContactRequest.objects.create(name="Échec", submission_id="4", sending_failed_at=now, **base)

    # The past event in preparation, the trials never or long ago checked, the request
    # waiting 6 days (not the 4-day one, not the answered one, not the failed one sent
    # today), the request given up.
    added = dict(zip(starts, [1, 2, 1, 1], strict=False))
    for start in starts:
        number = before[start] + added[start]
        count, url = line(staff_client, start)
        assert count == number, start
        assert rows_of(staff_client, url) == number, (start, url)


def test_podcast_checks(seeded, staff_client):
    without_audio = Episode.objects.filter(audio_file="", audio_url="").count()
    without_artwork = Series.objects.filter(artwork="").count()
    if without_audio:
        count, url = line(staff_client, "épisodes sans enregistrement")
        assert count == without_audio == rows_of(staff_client, url)
    if without_artwork:
        count, url = line(staff_client, "séries de podcast sans illustration")
        assert count == without_artwork == rows_of(staff_client, url)
    assert without_audio or without_artwork  # the seed has recordings and artwork to add


def test_missing_english_translations_per_type_with_a_filter(seeded, staff_client):
    Mission.objects.create(text_fr="accueillir les familles", text_en="")
    lines = todo_lines(staff_client)
    count, url = line(staff_client, "missions")
    assert url == "/admin/centre/mission/?missing_translation=en"
    assert count == rows_of(staff_client, url) >= 1
    html = staff_client.get(url).content.decode()
    assert "accueillir les familles" in html
    assert "traduction manquante" in html.lower()
    assert lines  # other types may be listed too, each with its own count


def test_french_talks_without_english_title_are_not_missing_translations(seeded, staff_client):
    Talk.objects.update(translated_title_en="", translated_title_fr="", note_fr="", note_en="")
    Talk.objects.create(title="Ostéogenèse imparfaite de l'adulte", language="fr")
    Talk.objects.create(title="Adult OI", language="en", translated_title_fr="L'OI de l'adulte")
    assert not any(
        url.startswith("/admin/publications/talk/") for _c, url in todo_lines(staff_client).values()
    )
    html = staff_client.get("/admin/publications/talk/").content.decode()
    # The list's "missing translations" column names no language for these talks either.
    cells = re.findall(r'<td class="field-missing_translations">(.*?)</td>', html)
    assert cells and set(cells) == {"—"}
    Talk.objects.create(title="Une autre", language="fr", note_fr="donnée deux fois")
    count, url = line(staff_client, "communications")
    assert count == 1 == rows_of(staff_client, url)


def test_lines_hidden_from_users_who_may_not_see_the_list(seeded, client, django_user_model):
    user = django_user_model.objects.create_user(
        "handler", password="a-long-test-password", is_staff=True
    )
    user.user_permissions.add(Permission.objects.get(codename="view_contactrequest"))
    client.force_login(user)
    lines = todo_lines(client)
    assert all(url.startswith("/admin/centre/contactrequest/") for _c, url in lines.values())


def test_one_query_per_check(seeded, rf, django_user_model):
    from mocsite.todo import all_checks, todo_sections

    request = rf.get("/admin/")
    request.user = django_user_model.objects.create_superuser("boss", "b@example.org", "x")

    def queries():
        with CaptureQueriesContext(connection) as captured:
            todo_sections(request)
        return len(captured)

    before = queries()
    for index in range(30):
        Mission.objects.create(text_fr=f"mission {index}", text_en="")
        KeyFigure.objects.create(label_fr=f"chiffre {index}")
    assert queries() == before <= len(all_checks())


def test_pages_to_review_and_empty_disease_parts_are_listed(seeded, staff_client):
    """Reviews (« Confirmer la relecture ») older than a year, and the parts of the disease
    pages that stay hidden until written: each line leads to exactly those rows."""
    from centre.models import CareProtocol, Centre, Disease, Person

    diseases = Disease.objects.filter(is_published=True)
    count, url = line(staff_client, "pages maladie non relues depuis un an")
    assert count == diseases.count() and rows_of(staff_client, url) == count
    reviewer = Person.objects.get(slug="christian-roux")
    fresh = diseases.first()
    Disease.objects.filter(pk=fresh.pk).update(
        last_reviewed_on=timezone.localdate() - timedelta(days=30), last_reviewed_by=reviewer
    )
    stale = diseases.exclude(pk=fresh.pk).first()
    Disease.objects.filter(pk=stale.pk).update(
        last_reviewed_on=timezone.localdate() - timedelta(days=400), last_reviewed_by=reviewer
    )
    count, url = line(staff_client, "pages maladie non relues depuis un an")
    assert count == diseases.count() - 1 and rows_of(staff_client, url) == count
    if not CareProtocol.objects.filter(is_published=True).exists():  # the seed has none
        CareProtocol.objects.create(title_fr="Un PNDS", title_en="A protocol", disease=fresh)
    count, url = line(staff_client, "protocoles de soins (PNDS) non relus")
    assert count == CareProtocol.objects.filter(is_published=True).count()
    assert rows_of(staff_client, url) == count
    count, url = line(staff_client, "pages du centre non relues")
    assert count == Centre.objects.count() == rows_of(staff_client, url)
    # The seed writes no summary and no emergency sheet.
    count, url = line(staff_client, "pages maladie sans résumé")
    assert count == diseases.count() and rows_of(staff_client, url) == count
    count, url = line(staff_client, "maladies sans fiche d’urgence")
    assert count == diseases.count() and rows_of(staff_client, url) == count
    Disease.objects.filter(pk=fresh.pk).update(
        emergency_must_know_fr="Risque de fracture.",
        summary_patients_fr="Une maladie rare.",
        summary_professionals_fr="Une maladie rare.",
    )
    assert line(staff_client, "maladies sans fiche d’urgence")[0] == diseases.count() - 1
    assert line(staff_client, "pages maladie sans résumé")[0] == diseases.count() - 1
    count, url = line(staff_client, "pas d’adresse MSSanté")
    assert count == 1 and rows_of(staff_client, url) == 1
    Centre.objects.update(mssante_address="referral@example.org")
    assert not any(label.startswith("pas d’adresse MSSanté") for label in todo_lines(staff_client))
