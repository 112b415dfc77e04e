"""Two people editing the same item in the admin: the second save never silently erases the
first (mocsite.admin_conflicts). Through the change form, as browsers send it."""

import pytest

from centre.models import Mission
from tests.helpers import admin_form_data
from tests.helpers import staff_member as person

pytestmark = pytest.mark.django_db


def form_data(response):
    """What a browser sends back for the change form it was shown (tests.helpers)."""
    return admin_form_data(response.content.decode())


@pytest.fixture
def mission(seeded):
    return Mission.objects.order_by("pk").first()


def url(mission):
    return f"/admin/centre/mission/{mission.pk}/change/"


def test_the_form_carries_what_it_was_opened_with(mission, django_user_model):
    alice = person(django_user_model, "alice")
    html = alice.get(url(mission)).content.decode()
    assert 'type="hidden" name="_opened_state"' in html


def test_second_save_of_the_same_fields_is_stopped_and_shows_the_other_change(
    mission, django_user_model
):
    alice, bob = person(django_user_model, "alice"), person(django_user_model, "bob")
    before_fr, before_en = mission.text_fr, mission.text_en
    alices_form = form_data(alice.get(url(mission)))
    bobs_form = form_data(bob.get(url(mission)))

    bobs_form.update(text_fr="Texte de Bob", text_en="Bob's text")
    assert bob.post(url(mission), bobs_form).status_code == 302

    alices_form.update(text_fr="Texte d'Alice", text_en="Alice's text")
    response = alice.post(url(mission), alices_form)
    assert response.status_code == 200  # not saved
    html = response.content.decode()
    assert "bob saved this item after you opened it" in html
    # Field by field, both languages: what it read, what Bob saved, what Alice entered.
    for opened, bobs, alices in (
        (before_fr, "Texte de Bob", "Texte d&#x27;Alice"),
        (before_en, "Bob&#x27;s text", "Alice&#x27;s text"),
    ):
        assert f"read “{opened.replace(chr(39), '&#x27;')[:50]}" in html
        assert f"now reads “{bobs}”; you entered “{alices}”" in html
    assert "[fr]" in html and "[en]" in html
    mission.refresh_from_db()
    assert (mission.text_fr, mission.text_en) == ("Texte de Bob", "Bob's text")
    # Alice's values are still in the form; saving it again applies them knowingly.
    again = form_data(response)
    assert again["text_en"] == "Alice's text"
    assert alice.post(url(mission), again).status_code == 302
    mission.refresh_from_db()
    assert (mission.text_fr, mission.text_en) == ("Texte d'Alice", "Alice's text")


def test_changes_to_different_fields_are_both_kept(mission, django_user_model):
    alice, bob = person(django_user_model, "alice"), person(django_user_model, "bob")
    alices_form = form_data(alice.get(url(mission)))
    bobs_form = form_data(bob.get(url(mission)))
    bobs_form.update(text_en="Bob's English text", ordering=77)
    assert bob.post(url(mission), bobs_form).status_code == 302

    alices_form.update(text_fr="Le texte français d'Alice")
    response = alice.post(url(mission), alices_form, follow=True)
    assert response.redirect_chain  # saved
    mission.refresh_from_db()
    assert mission.text_fr == "Le texte français d'Alice"
    assert (mission.text_en, mission.ordering) == ("Bob's English text", 77)  # not erased
    html = response.content.decode()
    assert "Someone else changed" in html and "their change was kept" in html


def test_a_save_after_a_save_by_the_same_form_needs_no_confirmation(mission, django_user_model):
    alice = person(django_user_model, "alice")
    response = alice.get(url(mission))
    data = form_data(response)
    data["text_en"] = "First"
    assert alice.post(url(mission), {**data, "_continue": "1"}).status_code == 302
    data = form_data(alice.get(url(mission)))  # the page reloaded after "save and continue"
    data["text_en"] = "Second"
    assert alice.post(url(mission), data).status_code == 302
    mission.refresh_from_db()
    assert mission.text_en == "Second"


def test_the_history_names_only_what_was_changed(mission, django_user_model):
    from django.contrib.admin.models import LogEntry

    alice = person(django_user_model, "alice")
    data = form_data(alice.get(url(mission)))
    data["text_en"] = "Changed"
    assert alice.post(url(mission), data).status_code == 302
    assert LogEntry.objects.latest("pk").get_change_message() == "Changed Text [en]."


def test_the_conflict_reads_in_french(mission, django_user_model):
    alice, bob = person(django_user_model, "alice", "fr"), person(django_user_model, "bob", "fr")
    alices_form = form_data(alice.get(url(mission)))
    bobs_form = form_data(bob.get(url(mission)))
    bobs_form["text_fr"] = "Texte de Bob"
    bob.post(url(mission), bobs_form)
    alices_form["text_fr"] = "Texte d'Alice"
    html = alice.post(url(mission), alices_form).content.decode()
    assert "bob a enregistré cet élément après que vous l’avez ouvert" in html
    assert "enregistrez de nouveau pour garder votre version" in html


def test_every_content_admin_guards_edits():
    """The site's own admins (not Django's users and groups, django-axes or django-otp)."""
    from django.contrib import admin

    from mocsite.admin_editing import SafeEditingMixin

    unguarded = [
        model._meta.label
        for model, model_admin in admin.site._registry.items()
        if model._meta.app_label in ("centre", "publications", "podcasts")
        and not isinstance(model_admin, SafeEditingMixin)
    ]
    assert unguarded == []
