"""Editing comfort in the admin: the rich-text preview, thumbnails, the episode player,
new items last, drag-and-drop ordering's endpoint."""

import io
import json

import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from PIL import Image

from centre.models import Disease, Mission, Person
from podcasts.models import Episode
from tests.podcasts.audio import mp3_bytes

pytestmark = pytest.mark.django_db


def jpeg(width=400, height=600):
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), (180, 90, 40)).save(buffer, "JPEG")
    return buffer.getvalue()


def test_preview_renders_as_the_site_and_strips_html(staff_client):
    response = staff_client.post(
        "/admin/rich-text-preview/",
        {"text": "**gras**\r\nligne\r\n\r\n<script>alert(1)</script>", "mode": "br"},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert html.startswith("<p><strong>gras</strong><br>")
    assert "<script>" not in html and "&lt;script&gt;" in html


def test_preview_needs_a_staff_session_and_a_post(staff_client):
    assert Client().post("/admin/rich-text-preview/", {"text": "x"}).status_code == 302
    assert staff_client.get("/admin/rich-text-preview/").status_code == 405


def test_long_texts_have_a_preview_toggle_and_others_do_not(seeded, staff_client):
    person = Person.objects.first()
    html = staff_client.get(f"/admin/centre/person/{person.pk}/change/").content.decode()
    assert 'name="bio_fr"' in html and 'data-rich-text="br"' in html
    assert 'data-preview-label="Aperçu"' in html
    assert "js/admin_rich_text.js" in html
    disease_html = staff_client.get("/admin/centre/disease/add/").content.decode()
    # The summaries and treatments, the emergency sheet's 3 parts, and the answer of the
    # questions' inline (its blank form), x 2 languages; no aliases.
    assert disease_html.count("data-rich-text=") == 14
    assert 'name="questions-__prefix__-answer_fr"' in disease_html


def test_the_answers_of_a_disease_questions_have_the_preview_too(seeded, staff_client):
    disease = Disease.objects.get(slug_en="hypophosphatasia")
    question = disease.questions.create(question_fr="Q ?", answer_fr="R", is_published=True)
    html = staff_client.get(f"/admin/centre/disease/{disease.pk}/change/").content.decode()
    for language in ("fr", "en"):
        field = html.index(f'name="questions-0-answer_{language}"')
        textarea = html[html.rindex("<textarea", 0, field) : html.index(">", field)]
        assert "data-rich-text" in textarea, textarea
    assert question.answer_fr in html


def test_thumbnails_in_the_team_list_and_form(seeded, staff_client):
    person = Person.objects.first()
    person.photo.save("portrait.jpg", SimpleUploadedFile("portrait.jpg", jpeg()))
    listing = staff_client.get("/admin/centre/person/").content.decode()
    assert 'class="admin-thumbnail"' in listing
    assert listing.count('class="admin-thumbnail"') == 1  # the others say "—"
    form = staff_client.get(f"/admin/centre/person/{person.pk}/change/").content.decode()
    assert 'class="admin-thumbnail-large"' in form


def test_episode_form_plays_its_recording(seeded, staff_client):
    episode = Episode.objects.first()
    episode.audio_file.save("a.mp3", SimpleUploadedFile("a.mp3", mp3_bytes()))
    html = staff_client.get(f"/admin/podcasts/episode/{episode.pk}/change/").content.decode()
    assert f'<audio controls preload="metadata" src="{episode.audio_file.url}"' in html


def test_new_items_are_placed_last(seeded, staff_client):
    top = max(Mission.objects.values_list("ordering", flat=True))
    response = staff_client.get("/admin/centre/mission/add/")
    assert response.context["adminform"].form.initial["ordering"] == top + 1


def reorder(client, model, order):
    return client.post(
        f"/admin/centre/{model}/reorder/",
        json.dumps({"order": order}),
        content_type="application/json",
    )


def test_reorder_saves_the_dragged_order(seeded, staff_client):
    client = Client()
    missions = list(Mission.objects.order_by("ordering", "pk"))
    assert len(missions) >= 3
    wanted = [missions[-1].pk, *[m.pk for m in missions[:-1]]]
    response = reorder(staff_client, "mission", wanted)
    assert response.status_code == 200
    assert list(Mission.objects.order_by("ordering", "pk").values_list("pk", flat=True)) == wanted
    assert set(response.json()["ordering"]) == {str(pk) for pk in wanted}
    # The public page shows the new order (the page cache was emptied by the saves).
    html = client.get("/en/centre/").content.decode()
    texts = [m.text_en for m in Mission.objects.order_by("ordering", "pk")]
    positions = [html.find(text) for text in texts]
    assert -1 not in positions and positions == sorted(positions)


def test_reorder_needs_the_change_permission(seeded, client, django_user_model):
    user = django_user_model.objects.create_user(
        "viewer", password="a-long-test-password", is_staff=True
    )
    user.user_permissions.add(Permission.objects.get(codename="view_mission"))
    client.force_login(user)
    before = list(Mission.objects.values_list("pk", "ordering"))
    pks = [pk for pk, _o in before][::-1]
    assert reorder(client, "mission", pks).status_code == 403
    assert list(Mission.objects.values_list("pk", "ordering")) == before


def test_reorder_refuses_bad_input(seeded, staff_client):
    assert reorder(staff_client, "mission", ["x"]).status_code == 400
    assert reorder(staff_client, "mission", [999999]).status_code == 400
    assert staff_client.get("/admin/centre/mission/reorder/").status_code == 405
