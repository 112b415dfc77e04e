"""A file chosen in an admin form survives an error on another field (mocsite.admin_uploads),
through the admin form as a browser sends it (multipart)."""

import io
import re

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from centre.models import CareProtocol, Person
from mocsite import admin_uploads

pytestmark = pytest.mark.django_db

ADD_PERSON = "/admin/centre/person/add/"
PERSON = {
    "title": "Dr",
    "first_name": "Anne",
    "last_name": "Martin",
    "slug": "anne-martin",
    "role_fr": "Rhumatologue",
    "role_en": "Rheumatologist",
    "is_published": "on",
    "ordering": 40,
    "photo_alt_fr": "Portrait d'Anne Martin",
    "photo_alt_en": "Portrait of Anne Martin",
}


def jpeg(name="portrait.jpg"):
    buffer = io.BytesIO()
    Image.new("RGB", (60, 80), "teal").save(buffer, "JPEG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


def kept_token(html, name):
    match = re.search(rf'name="{name}__kept" value="([^"]+)"', html)
    return match and match.group(1)


def kept_files():
    try:
        days, _files = default_storage.listdir(admin_uploads.DIRECTORY)
    except FileNotFoundError:
        return []
    return [f for day in days for f in default_storage.listdir(f"admin-uploads/{day}")[1]]


@pytest.fixture
def staff_client(staff_client):
    staff_client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return staff_client


def test_photo_is_kept_across_an_error_and_saved_with_the_item(seeded, staff_client):
    response = staff_client.post(ADD_PERSON, {**PERSON, "last_name": "", "photo": jpeg()})
    assert response.status_code == 200  # the missing last name
    html = response.content.decode()
    assert "errornote" in html
    assert "The file “portrait.jpg” you chose is kept: it will be saved with the form." in html
    token = kept_token(html, "photo")
    assert token and len(kept_files()) == 1
    # A second error: still kept.
    response = staff_client.post(ADD_PERSON, {**PERSON, "slug": "", "photo__kept": token})
    assert response.status_code == 200
    assert kept_token(response.content.decode(), "photo") == token
    # Corrected and saved without choosing the file again.
    response = staff_client.post(ADD_PERSON, {**PERSON, "photo__kept": token})
    assert response.status_code == 302
    person = Person.objects.get(slug="anne-martin")
    assert person.photo and (person.photo_width, person.photo_height) == (60, 80)
    assert person.photo.name.startswith("team/") and "portrait" not in person.photo.name
    assert kept_files() == []  # the temporary copy is gone


def test_pdf_is_kept_on_a_change_form(seeded, staff_client):
    protocol = CareProtocol.objects.create(title_fr="PNDS", title_en="PNDS")
    url = f"/admin/centre/careprotocol/{protocol.pk}/change/"
    pdf = SimpleUploadedFile("pnds.pdf", b"%PDF-1.4\n%%EOF\n", content_type="application/pdf")
    data = {"title_fr": "PNDS", "title_en": "PNDS", "ordering": 1, "is_published": "on"}
    response = staff_client.post(url, {**data, "year": "not a year", "document": pdf})
    assert response.status_code == 200
    token = kept_token(response.content.decode(), "document")
    assert token
    response = staff_client.post(url, {**data, "year": "2021", "document__kept": token})
    assert response.status_code == 302, response.context["adminform"].errors
    protocol.refresh_from_db()
    assert protocol.document.name.endswith(".pdf")
    assert protocol.document.read().startswith(b"%PDF")


def test_a_file_refused_by_its_own_field_is_not_kept(seeded, staff_client):
    fake = SimpleUploadedFile("photo.jpg", b"not an image", content_type="image/jpeg")
    response = staff_client.post(ADD_PERSON, {**PERSON, "last_name": "", "photo": fake})
    assert kept_token(response.content.decode(), "photo") is None
    assert kept_files() == []


def test_an_altered_token_brings_nothing_back(seeded, staff_client):
    response = staff_client.post(ADD_PERSON, {**PERSON, "photo__kept": "forged:token"})
    assert response.status_code == 302
    assert not Person.objects.get(slug="anne-martin").photo


def test_copies_older_than_a_day_are_removed(seeded, staff_client):
    stale = default_storage.save("admin-uploads/20200101/abandoned", ContentFile(b"old"))
    staff_client.post(ADD_PERSON, {**PERSON, "last_name": "", "photo": jpeg()})
    assert not default_storage.exists(stale)
    assert "20200101" not in default_storage.listdir("admin-uploads")[0]
    assert len(kept_files()) == 1


def test_audio_is_kept_and_its_length_read_on_save(seeded, staff_client):
    from podcasts.models import Episode, Series
    from tests.podcasts.audio import mp3_bytes

    series = Series.objects.first()  # from the seed
    data = {
        "series": series.pk,
        "title_fr": "Épisode",
        "title_en": "Episode",
        "slug_fr": "episode-fr",
        "slug_en": "episode-en",
        "questions_fr": "Quoi\u00a0?",
        "questions_en": "What?",
        "speaker_name_fr": "Dr X",
        "speaker_name_en": "Dr X",
        "ordering": 1,
        "is_published": "on",
    }
    audio = SimpleUploadedFile("talk.mp3", mp3_bytes(5), "audio/mpeg")
    url = "/admin/podcasts/episode/add/"
    response = staff_client.post(url, {**data, "title_fr": "", "audio_file": audio})
    assert response.status_code == 200
    token = kept_token(response.content.decode(), "audio_file")
    assert token
    response = staff_client.post(url, {**data, "audio_file__kept": token})
    assert response.status_code == 302
    episode = Episode.objects.get(slug_en="episode-en")
    assert (episode.duration, episode.file_size) == (5, len(mp3_bytes(5)))
    assert episode.audio_file.name.endswith(".mp3")
