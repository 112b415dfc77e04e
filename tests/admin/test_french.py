"""French all through the admin, a language of the staff member's own choice, and the
technical menus kept for superusers."""

import pytest
from django.contrib import admin
from django.contrib.auth.models import Group, Permission
from django.test import Client

pytestmark = pytest.mark.django_db

ENGLISH = ["DISPLAY NAME", "Display name", "AXES", "Axes<", "OTP_TOTP", "Otp_Totp"]
ENGLISH += ["TOTP devices", "Guid", "no recipient configured"]


def english_left(html):
    return [word for word in ENGLISH if word in html]


def admin_urls():
    for model in admin.site._registry:
        opts = model._meta
        base = f"/admin/{opts.app_label}/{opts.model_name}/"
        yield model, base
        yield model, base + "add/"


@pytest.fixture
def english_browser_staff(staff_client, django_user_model):
    """A staff member who chose French, on a browser that asks for English."""
    from mocsite.models import AdminPreference

    user = django_user_model.objects.get(username="staff")
    AdminPreference.objects.create(user=user, language="fr")
    staff_client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en-GB,en;q=0.9"
    return staff_client


def test_index_and_every_form_in_french_for_a_superuser(seeded, english_browser_staff):
    from io import StringIO

    from django.core.management import call_command
    from django.utils import timezone

    from centre.models import ContactRequest

    client = english_browser_staff
    # A request that could not be notified (no recipient): its error is shown on its page.
    ContactRequest.objects.create(
        name="Jeanne",
        email="j@example.org",
        sender_type="patient",
        subject="Rendez-vous",
        message="Bonjour",
        consent_at=timezone.now(),
        submission_id="s1",
    )
    call_command("send_pending_notifications", stdout=StringIO(), stderr=StringIO())
    assert "aucun destinataire" in ContactRequest.objects.get().last_error
    html = client.get("/admin/").content.decode()
    assert "Sécurité des connexions" in html and "Second facteur" in html
    assert not english_left(html)
    for model, url in admin_urls():
        response = client.get(url)
        if response.status_code == 403:  # e.g. the single centre profile
            continue
        assert response.status_code == 200, url
        assert not english_left(response.content.decode()), (
            url,
            english_left(response.content.decode()),
        )
        obj = model._default_manager.first()
        if obj is not None:
            change = client.get(f"{url.removesuffix('add/')}{obj.pk}/change/")
            assert change.status_code == 200
            assert not english_left(change.content.decode()), (url, obj.pk)


def test_help_texts_on_order_published_and_episode_date(seeded, staff_client):
    from podcasts.models import Episode

    episode = Episode.objects.first()
    html = staff_client.get(f"/admin/podcasts/episode/{episode.pk}/change/").content.decode()
    assert "les plus petits numéros viennent en premier" in html  # ordering
    assert "n’apparaît sur aucune page publique" in html  # is_published
    assert "paraît sur le site et dans les flux à partir de ce jour" in html  # published_on
    assert "Identifiant dans les flux (GUID)" in html


def test_technical_menus_hidden_from_staff_without_the_superuser_flag(
    seeded, client, django_user_model
):
    user = django_user_model.objects.create_user(
        "editor", password="a-long-test-password", is_staff=True
    )
    group = Group.objects.create(name="Tout voir")
    group.permissions.set(Permission.objects.all())
    user.groups.add(group)
    client.force_login(user)
    html = client.get("/admin/").content.decode()
    assert "/admin/centre/person/" in html
    for hidden in ("/admin/axes/", "/admin/otp_totp/", "Sécurité des connexions"):
        assert hidden not in html
    # The same in the side menu of every page.
    assert "/admin/axes/" not in client.get("/admin/centre/person/").content.decode()
    # Technical fields too: an episode's identifier in the feeds.
    from podcasts.models import Episode

    episode = Episode.objects.first()
    form = client.get(f"/admin/podcasts/episode/{episode.pk}/change/").content.decode()
    assert "field-audio_file" in form and "field-guid" not in form


def test_each_staff_member_chooses_the_admin_language(seeded, staff_client, django_user_model):
    staff_client.defaults["HTTP_ACCEPT_LANGUAGE"] = "fr"
    assert "Langue de l’administration" in staff_client.get("/admin/").content.decode()
    response = staff_client.post("/admin/language/", {"language": "en"}, follow=True)
    assert response.status_code == 200
    html = response.content.decode()
    assert "The administration is now shown in this language." in html
    assert "To do" in html and "Site content and contact requests" in html
    assert response["Content-Language"] == "en"
    # Someone else, without a choice, has the language of their browser (French here);
    # the public site keeps its own languages.
    other = Client(HTTP_ACCEPT_LANGUAGE="fr")
    other.force_login(django_user_model.objects.create_superuser("other", "o@example.org", "x"))
    assert "À faire" in other.get("/admin/").content.decode()
    assert 'lang="fr"' in staff_client.get("/fr/").content.decode()
    assert staff_client.post("/admin/language/", {"language": "de"}).status_code == 400
    staff_client.post("/admin/language/", {"language": "fr"})
    assert "À faire" in staff_client.get("/admin/").content.decode()
