"""The publishing workflow in the admin, through the change form as a browser posts it:
save a draft, see it in the form, preview it in both languages, publish or discard it,
schedule an item, and the state the lists show."""

import pickle
import zlib
from datetime import timedelta

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.cache import caches
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from centre.models import Centre, Disease, Mission
from mocsite.models import Draft
from tests.helpers import admin_form_data

pytestmark = pytest.mark.django_db


def change_url(obj):
    opts = obj._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])


def form_of(staff_client, url):
    response = staff_client.get(url)
    assert response.status_code == 200
    return admin_form_data(response.content.decode())


@pytest.fixture
def visitor():
    """An anonymous browser of its own (staff_client is the `client` fixture, signed in)."""
    return Client()


@pytest.fixture
def disease(seeded):
    return Disease.objects.published().order_by("pk").first()


def test_a_draft_leaves_the_live_page_and_is_shown_in_the_form(disease, visitor, staff_client):
    live_en = visitor.get(f"/en/diseases/{disease.slug_en}/").content.decode()
    data = form_of(staff_client, change_url(disease))
    data.update(summary_patients_fr="Brouillon : nouveau texte.", name_en="Draft name")
    data["_save_draft"] = "Save draft"
    response = staff_client.post(change_url(disease), data)
    assert response.status_code == 302

    disease.refresh_from_db()
    assert disease.name_en != "Draft name"
    page = visitor.get(f"/en/diseases/{disease.slug_en}/").content.decode()
    assert "Draft name" not in page and page == live_en
    assert "nouveau texte" not in visitor.get(f"/fr/maladies/{disease.slug_fr}/").content.decode()

    form = staff_client.get(change_url(disease)).content.decode()
    assert "This form shows a draft" in form or "Ce formulaire montre un brouillon" in form
    assert 'value="Draft name"' in form
    assert "Brouillon : nouveau texte." in form
    live_form = staff_client.get(change_url(disease) + "?live=1").content.decode()
    assert 'value="Draft name"' not in live_form


def test_publishing_the_draft_applies_both_languages(disease, visitor, staff_client):
    visitor.get(f"/en/diseases/{disease.slug_en}/")  # stored by the page cache
    data = form_of(staff_client, change_url(disease))
    data.update(name_en="Published name", name_fr="Nom publié", _save_draft="1")
    staff_client.post(change_url(disease), data)

    data = form_of(staff_client, change_url(disease))  # the form shows the draft
    assert data["name_en"] == "Published name"
    data["_publish"] = "Publish"
    assert staff_client.post(change_url(disease), data).status_code == 302

    disease.refresh_from_db()
    assert (disease.name_fr, disease.name_en) == ("Nom publié", "Published name")
    assert not Draft.objects.exists()
    assert "Published name" in visitor.get(f"/en/diseases/{disease.slug_en}/").content.decode()
    assert "Nom publié" in visitor.get(f"/fr/maladies/{disease.slug_fr}/").content.decode()


def test_discarding_the_draft_keeps_the_live_version(disease, staff_client):
    name = disease.name_en
    data = form_of(staff_client, change_url(disease))
    data.update(name_en="Abandoned", _save_draft="1")
    staff_client.post(change_url(disease), data)
    data = form_of(staff_client, change_url(disease))
    data["_discard_draft"] = "1"
    assert staff_client.post(change_url(disease), data).status_code == 302
    assert not Draft.objects.exists()
    disease.refresh_from_db()
    assert disease.name_en == name
    assert 'value="Abandoned"' not in staff_client.get(change_url(disease)).content.decode()


def test_an_invalid_draft_is_refused_with_the_form_kept(disease, staff_client):
    data = form_of(staff_client, change_url(disease))
    data.update(orpha_code="not a number", name_en="Kept", _save_draft="1")
    response = staff_client.post(change_url(disease), data)
    assert response.status_code == 200
    assert 'value="Kept"' in response.content.decode()
    assert not Draft.objects.exists()


def test_preview_of_the_unsaved_form_in_both_languages(disease, visitor, staff_client):
    data = form_of(staff_client, change_url(disease))
    data.update(
        name_fr="Nom prévisualisé",
        name_en="Previewed name",
        summary_patients_en="Previewed summary.",
        _preview="Preview",
    )
    response = staff_client.post(change_url(disease), data)
    assert response.status_code == 303
    french = response["Location"]
    assert french.endswith("/fr/")

    page = staff_client.get(french)
    assert page.status_code == 200
    html = page.content.decode()
    assert "Nom prévisualisé" in html and 'lang="fr"' in html
    assert '<meta name="robots" content="noindex, nofollow">' in html
    assert "private" in page["Cache-Control"] and "no-store" in page["Cache-Control"]
    assert "noindex" in page["X-Robots-Tag"]

    english = staff_client.get(french.removesuffix("fr/") + "en/")
    assert english.status_code == 200
    assert "Previewed name" in english.content.decode()
    assert "Previewed summary." in english.content.decode()

    disease.refresh_from_db()
    assert disease.name_en != "Previewed name"  # nothing was saved
    assert "Previewed name" not in visitor.get(f"/en/diseases/{disease.slug_en}/").content.decode()
    assert visitor.get(french).status_code == 404  # never reachable by visitors
    assert caches["pages"]._list_cache_files()  # the visitor's page was stored
    # The page cache holds the visitor's page only, never a preview.
    for path in caches["pages"]._list_cache_files():
        with open(path, "rb") as stored:
            pickle.load(stored)  # the entry's expiry time, then the compressed value
            assert b"Previewed" not in zlib.decompress(stored.read())


def test_preview_of_an_unpublished_new_mission_shows_it_on_the_centre_page(seeded, staff_client):
    url = reverse("admin:centre_mission_add")
    data = form_of(staff_client, url)
    data.update(text_fr="Une mission en préparation", text_en="A mission in the making")
    data.pop("is_published", None)  # not ticked
    data["_preview"] = "Preview"
    response = staff_client.post(url, data)
    assert response.status_code == 303
    english = staff_client.get(response["Location"].removesuffix("fr/") + "en/")
    assert "A mission in the making" in english.content.decode()
    assert not Mission.objects.filter(text_en="A mission in the making").exists()


def test_centre_profile_has_a_draft_and_a_preview_but_no_unpublishing(
    seeded, visitor, staff_client
):
    centre = Centre.get_profile()
    form = staff_client.get(change_url(centre)).content.decode()
    assert 'name="_save_draft"' in form and 'name="_preview"' in form
    assert 'name="_publish"' not in form and 'name="is_published"' not in form
    data = admin_form_data(form)
    data.update(tagline_en="A tagline in draft", _save_draft="1")
    assert staff_client.post(change_url(centre), data).status_code == 302
    assert "A tagline in draft" not in visitor.get("/en/").content.decode()
    data = form_of(staff_client, change_url(centre))
    data["_preview"] = "1"
    preview = staff_client.post(change_url(centre), data)
    english = staff_client.get(preview["Location"].removesuffix("fr/") + "en/")
    assert "A tagline in draft" in english.content.decode()


def test_saving_a_new_item_as_a_draft_keeps_it_off_the_site(seeded, visitor, staff_client):
    url = reverse("admin:centre_disease_add")
    data = form_of(staff_client, url)
    data.update(
        name_fr="Maladie brouillon",
        name_en="Draft disease",
        slug_fr="maladie-brouillon",
        slug_en="draft-disease",
        ordering="50",
        _save_draft="1",
    )
    assert staff_client.post(url, data).status_code == 302
    disease = Disease.objects.get(slug_en="draft-disease")
    assert not disease.is_published
    assert visitor.get("/en/diseases/draft-disease/").status_code == 404
    assert "Draft disease" not in visitor.get("/en/diseases/").content.decode()

    staff_page = staff_client.get("/en/diseases/draft-disease/")
    assert staff_page.status_code == 200
    assert "Not published" in staff_page.content.decode()
    assert "private" in staff_page["Cache-Control"]
    assert "noindex" in staff_page["X-Robots-Tag"]


def test_schedule_through_the_form_in_paris_time(disease, visitor, staff_client):
    data = form_of(staff_client, change_url(disease))
    tomorrow = timezone.localdate() + timedelta(days=1)
    data.update(go_live_at_0=tomorrow.strftime("%d/%m/%Y"), go_live_at_1="08:30:00")
    assert staff_client.post(change_url(disease), data).status_code == 302
    disease.refresh_from_db()
    local = timezone.localtime(disease.go_live_at)
    assert (local.date(), local.hour, local.minute) == (tomorrow, 8, 30)
    assert str(local.tzinfo) == "Europe/Paris"
    assert visitor.get(f"/en/diseases/{disease.slug_en}/").status_code == 404

    listing = staff_client.get(reverse("admin:centre_disease_changelist")).content.decode()
    assert "programmé pour le" in listing and "heure de Paris" in listing


def test_expiry_before_go_live_is_refused(disease, staff_client):
    data = form_of(staff_client, change_url(disease))
    data.update(
        go_live_at_0="10/05/2030",
        go_live_at_1="10:00:00",
        expire_at_0="09/05/2030",
        expire_at_1="10:00:00",
    )
    response = staff_client.post(change_url(disease), data)
    assert response.status_code == 200
    assert "doit venir après" in response.content.decode()


def test_lists_show_the_publishing_state(seeded, staff_client):
    now = timezone.now()
    diseases = list(Disease.objects.order_by("pk")[:4])
    diseases[0].is_published = False
    diseases[1].go_live_at = now + timedelta(days=3)
    diseases[2].expire_at = now - timedelta(hours=1)
    for disease in diseases[:3]:
        disease.save()
    content_type = ContentType.objects.get_for_model(Disease)
    Draft.objects.create(content_type=content_type, object_id=diseases[3].pk, data={})
    listing = staff_client.get(reverse("admin:centre_disease_changelist")).content.decode()
    assert "brouillon" in listing
    assert "programmé pour le" in listing
    assert "expiré le" in listing
    assert "publié · brouillon en attente" in listing
    for model in ("mission", "network", "keyfigure", "specialty", "pageintro"):
        page = staff_client.get(reverse(f"admin:centre_{model}_changelist")).content.decode()
        assert "publié" in page


def test_unpublish_action(disease, visitor, staff_client):
    response = staff_client.post(
        reverse("admin:centre_disease_changelist"),
        {"action": "unpublish_selected", "_selected_action": [disease.pk]},
    )
    assert response.status_code == 302
    assert visitor.get(f"/en/diseases/{disease.slug_en}/").status_code == 404


def test_visitor_cannot_reach_a_preview(disease, visitor, staff_client):
    data = form_of(staff_client, change_url(disease))
    data["_preview"] = "1"
    location = staff_client.post(change_url(disease), data)["Location"]
    assert visitor.get(location).status_code == 404
    assert visitor.get(location.replace("/fr/", "/en/")).status_code == 404
