"""The admin: every model's list, add and change pages open, and translated fields save."""

import io

import pytest
from django.contrib import admin
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from PIL import Image

from centre.models import Centre, Disease, KeyFigure, Mission, Network, Person, Specialty
from tests.helpers import admin_form_data

pytestmark = pytest.mark.django_db

CENTRE_MODELS = [Centre, Disease, KeyFigure, Mission, Network, Person, Specialty]


def admin_url(model, action, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{action}", args=args)


@pytest.mark.parametrize("model", CENTRE_MODELS, ids=lambda m: m.__name__)
def test_list_add_and_change_pages_open(seeded, staff_client, model):
    assert staff_client.get(admin_url(model, "changelist")).status_code == 200
    assert staff_client.get(admin_url(model, "changelist") + "?q=a").status_code == 200
    obj = model.objects.first()
    response = staff_client.get(admin_url(model, "change", obj.pk))
    assert response.status_code == 200
    html = response.content.decode()
    assert "_fr" in html and "_en" in html  # both language columns are editable
    expected_add = 403 if model is Centre else 200  # the profile is a single row
    assert staff_client.get(admin_url(model, "add")).status_code == expected_add


def test_every_registered_model_has_an_admin_page(seeded, staff_client):
    for model in admin.site._registry:
        assert staff_client.get(admin_url(model, "changelist")).status_code == 200


def test_save_translated_mission(seeded, staff_client):
    response = staff_client.post(
        admin_url(Mission, "add"),
        {
            "text_fr": "former les étudiants",
            "text_en": "to train students",
            "ordering": 9,
            "is_published": "on",  # ticked by default in the form
        },
    )
    assert response.status_code == 302
    mission = Mission.objects.get(ordering=9)
    assert (mission.text_fr, mission.text_en) == ("former les étudiants", "to train students")
    html = staff_client.get("/en/centre/").content.decode()
    assert "to train students" in html


def test_save_disease_with_translated_slug(seeded, staff_client):
    response = staff_client.post(
        admin_url(Disease, "add"),
        {
            "name_fr": "Maladie de test",
            "name_en": "Test disease",
            "slug_fr": "maladie-de-test",
            "slug_en": "test-disease",
            "summary_patients_fr": "Résumé.",
            "summary_patients_en": "Summary.",
            "is_published": "on",
            "ordering": 20,
            # The questions and answers inline, empty (as a browser sends it).
            "questions-TOTAL_FORMS": "0",
            "questions-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert staff_client.get("/en/diseases/test-disease/").status_code == 200
    assert "Résumé." in staff_client.get("/fr/maladies/maladie-de-test/").content.decode()


def test_person_photo_must_be_a_real_image(seeded, staff_client):
    person = Person.objects.get(slug="eugenie-koumakis")
    data = {
        "title": "Dr",
        "first_name": "Eugénie",
        "last_name": "Koumakis",
        "slug": "eugenie-koumakis",
        "role_fr": "Rhumatologue",
        "role_en": "Rheumatologist",
        "is_published": "on",
        "ordering": 2,
        "photo_alt_fr": "Portrait",
        "photo_alt_en": "Portrait",
    }
    fake = SimpleUploadedFile("photo.jpg", b"not an image at all", content_type="image/jpeg")
    response = staff_client.post(admin_url(Person, "change", person.pk), {**data, "photo": fake})
    assert response.status_code == 200
    assert "errornote" in response.content.decode()
    buffer = io.BytesIO()
    Image.new("RGB", (40, 40), "blue").save(buffer, "JPEG")
    real = SimpleUploadedFile("photo.jpg", buffer.getvalue(), content_type="image/jpeg")
    response = staff_client.post(admin_url(Person, "change", person.pk), {**data, "photo": real})
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.photo
    html = staff_client.get("/fr/equipe/").content.decode()
    assert f'src="{person.photo.url}" alt="Portrait"' in html


def test_missing_translation_column(seeded, staff_client):
    Mission.objects.create(text_fr="seulement en français", ordering=30)
    html = staff_client.get(admin_url(Mission, "changelist")).content.decode()
    assert "Anglais" in html or "English" in html


def test_admin_requires_login(client):
    response = client.get(admin_url(Mission, "changelist"))
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def form_data(response):
    """What a browser sends back for the change form it was given, unchanged (tests.helpers)."""
    return admin_form_data(response.content.decode())


def test_centre_profile_saved_from_the_admin_keeps_its_paragraphs(seeded, staff_client, client):
    """Browsers send textarea line endings as CRLF: the paragraphs of the profile must
    stay paragraphs on the home and centre pages after an admin save."""
    centre = Centre.get_profile()
    url = admin_url(Centre, "change", centre.pk)
    data = form_data(staff_client.get(url))
    assert "\r\n\r\n" in data["description_en"] and "\r\n\r\n" in data["organisation_fr"]
    response = staff_client.post(url, data)
    assert response.status_code == 302, response.context and response.context["adminform"].errors
    home = client.get("/en/").content.decode()
    assert "<p>Il réunit" not in home
    assert home.count("<p>") >= 2
    first, second = Centre.get_profile().description_paragraphs[:2]
    assert f"<p>{first}</p>" in home and f"<p>{second}</p>" in home
    about = client.get("/fr/centre/").content.decode()
    with translation.override("fr"):
        paragraphs = Centre.get_profile().organisation_paragraphs
    assert len(paragraphs) == 2
    assert all(f"<p>{paragraph}</p>" in about for paragraph in paragraphs)


def test_line_endings_migration_repairs_stored_text(seeded):
    from django.apps import apps

    from mocsite.models import repair_line_endings

    Centre.objects.update(description_fr="Un.\r\n\r\nDeux.")
    repair_line_endings("centre")(apps, None)
    assert Centre.objects.get().description_fr == "Un.\n\nDeux."
