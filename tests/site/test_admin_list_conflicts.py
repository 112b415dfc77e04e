"""Two people editing the same admin list (editable columns, `list_editable`): saving the list
never silently writes back a row someone else changed since it was opened
(mocsite.admin_editing). Through the change list, as browsers post it."""

import json

import pytest
from django.contrib.admin.models import LogEntry

from centre.models import KeyFigure, Mission
from tests.helpers import admin_form_data, save_each
from tests.helpers import staff_member as person

pytestmark = pytest.mark.django_db

MISSIONS = "/admin/centre/mission/"
KEY_FIGURES = "/admin/centre/keyfigure/"


def opened_list(client, url=MISSIONS):
    """What the browser posts when its user clicks « Enregistrer » under the list."""
    data = admin_form_data(client.get(url).content.decode(), form_id="changelist-form")
    data["_save"] = "Enregistrer"  # the button, which Django's change list looks for
    return data


def row(data, obj):
    """The posted row of `obj`: its form prefix."""
    return next(
        key.removesuffix("-id")
        for key, value in data.items()
        if key.endswith("-id") and value == str(obj.pk)
    )


@pytest.fixture
def missions(seeded):
    first, second, third = Mission.objects.order_by("ordering", "pk")[:3]
    return first, second, third


def orderings(*objects):
    return [type(obj).objects.get(pk=obj.pk).ordering for obj in objects]


def test_each_row_carries_what_it_was_opened_with(missions, django_user_model):
    alice = person(django_user_model, "alice")
    data = opened_list(alice)
    rows = int(data["form-TOTAL_FORMS"])
    assert rows == Mission.objects.count()
    assert all(data[f"form-{index}-_opened_state"] for index in range(rows))


def test_a_row_only_the_other_person_changed_keeps_their_value(missions, django_user_model):
    first, second, _third = missions
    alice = person(django_user_model, "alice", "fr")
    alices_list = opened_list(alice)
    save_each(Mission.objects.filter(pk=first.pk), ordering=90)  # Bob, meanwhile

    alices_list[f"{row(alices_list, second)}-ordering"] = "91"
    response = alice.post(MISSIONS, alices_list, follow=True)
    assert response.redirect_chain  # saved
    assert orderings(first, second) == [90, 91]  # Bob's change was not written back
    html = response.content.decode()
    assert "1 objet mission a été modifié avec succès." in html
    assert "Quelqu’un d’autre a modifié 1 ligne pendant que vous travailliez" in html
    # Alice saved one row, not the one Bob changed.
    assert list(LogEntry.objects.filter(user__username="alice").values_list("object_id")) == [
        (str(second.pk),)
    ]


def test_a_row_both_changed_is_not_saved_and_shows_both_versions(missions, django_user_model):
    first, second, third = missions
    opened_ordering = first.ordering
    alice = person(django_user_model, "alice", "fr")
    bob = person(django_user_model, "bob", "fr")
    alices_list = opened_list(alice)
    bobs_list = opened_list(bob)
    bobs_list[f"{row(bobs_list, first)}-ordering"] = "80"
    assert bob.post(MISSIONS, bobs_list).status_code == 302

    save_each(Mission.objects.filter(pk=third.pk), ordering=85)  # a row Alice leaves alone

    alices_list[f"{row(alices_list, first)}-ordering"] = "70"
    alices_list[f"{row(alices_list, second)}-ordering"] = "71"
    response = alice.post(MISSIONS, alices_list)
    assert response.status_code == 200  # the list comes back
    assert orderings(first, second, third) == [80, 71, 85]
    html = response.content.decode()
    # At the top.
    assert "Quelqu’un d’autre a enregistré 1 ligne après que vous avez ouvert cette liste" in html
    assert "1 objet mission a été modifié avec succès." in html
    # On the row: who, what it read, what Bob saved, what Alice entered.
    assert "bob a enregistré cette ligne après que vous avez ouvert la liste" in html
    nbsp = "\u00a0"  # French typography, as the catalogue writes it
    assert f"«{nbsp}Ordre{nbsp}» valait «{nbsp}{opened_ordering}{nbsp}» quand vous avez" in html
    assert f"vaut maintenant «{nbsp}80{nbsp}»{nbsp}; vous avez saisi «{nbsp}70{nbsp}»" in html
    # The rows come back in the order Alice saw them, each with its own form.
    again = admin_form_data(html, form_id="changelist-form")
    assert [again[f"form-{i}-id"] for i in range(3)] == [str(m.pk) for m in missions]
    assert again[f"{row(again, first)}-ordering"] == "70"  # Alice's value, to save knowingly
    assert again[f"{row(again, second)}-ordering"] == "71"  # as saved
    assert again[f"{row(again, third)}-ordering"] == "85"  # as stored, not as Alice opened it

    again["_save"] = "Enregistrer"
    assert alice.post(MISSIONS, again).status_code == 302
    assert orderings(first, second, third) == [70, 71, 85]


def test_a_row_only_this_person_changed_is_saved(missions, django_user_model):
    first, second, _third = missions
    alice = person(django_user_model, "alice")
    alices_list = opened_list(alice)
    save_each(Mission.objects.filter(pk=second.pk), text_en="Bob's text")  # not a column
    alices_list[f"{row(alices_list, first)}-ordering"] = "60"
    alices_list[f"{row(alices_list, second)}-ordering"] = "61"
    response = alice.post(MISSIONS, alices_list, follow=True)
    assert response.redirect_chain
    assert orderings(first, second) == [60, 61]
    assert Mission.objects.get(pk=second.pk).text_en == "Bob's text"
    assert "their change was kept" not in response.content.decode()


def test_columns_of_one_row_changed_by_each_are_both_kept(seeded, django_user_model):
    figure = KeyFigure.objects.order_by("ordering", "pk").first()
    alice = person(django_user_model, "alice")
    alices_list = opened_list(alice, KEY_FIGURES)
    save_each(KeyFigure.objects.filter(pk=figure.pk), year=2024)  # Bob, meanwhile

    alices_list[f"{row(alices_list, figure)}-value"] = "1 234"
    assert alice.post(KEY_FIGURES, alices_list).status_code == 302
    figure.refresh_from_db()
    assert (figure.value, figure.year) == ("1 234", 2024)


def test_a_row_deleted_meanwhile_is_skipped_and_said(missions, django_user_model):
    first, second, _third = missions
    alice = person(django_user_model, "alice")
    alices_list = opened_list(alice)
    Mission.objects.filter(pk=first.pk).delete()  # Bob, meanwhile

    alices_list[f"{row(alices_list, first)}-ordering"] = "50"
    alices_list[f"{row(alices_list, second)}-ordering"] = "51"
    response = alice.post(MISSIONS, alices_list, follow=True)
    assert response.redirect_chain
    assert orderings(second) == [51]
    assert not Mission.objects.filter(pk=first.pk).exists()  # not made again
    assert "Someone else deleted 1 row of this list after you opened it" in (
        response.content.decode()
    )


def test_a_deleted_row_and_a_conflict_come_back_without_the_deleted_row(
    missions, django_user_model
):
    first, second, third = missions
    alice = person(django_user_model, "alice")
    alices_list = opened_list(alice)
    Mission.objects.filter(pk=first.pk).delete()
    save_each(Mission.objects.filter(pk=second.pk), ordering=40)

    alices_list[f"{row(alices_list, second)}-ordering"] = "41"
    response = alice.post(MISSIONS, alices_list)
    assert response.status_code == 200
    again = admin_form_data(response.content.decode(), form_id="changelist-form")
    shown = [v for k, v in again.items() if k.endswith("-id")]
    assert str(first.pk) not in shown and str(second.pk) in shown
    again["_save"] = "Save"
    assert alice.post(MISSIONS, again).status_code == 302
    assert orderings(second, third) == [41, third.ordering]


def test_a_list_posted_without_the_opened_values_is_saved_as_before(missions, django_user_model):
    """A script or a page opened before this change: Django's own behaviour, which writes
    back every posted value that differs from the stored one."""
    first, second, _third = missions
    stale = first.ordering
    alice = person(django_user_model, "alice")
    alices_list = {
        key: value for key, value in opened_list(alice).items() if not key.endswith("_opened_state")
    }
    save_each(Mission.objects.filter(pk=first.pk), ordering=90)

    alices_list[f"{row(alices_list, second)}-ordering"] = "91"
    assert alice.post(MISSIONS, alices_list).status_code == 302
    assert orderings(first, second) == [stale, 91]


def drag(client, data, url, order):
    """What admin_ordering.js posts after a drag and drop: the new order of the shown rows
    and their opened values; the rows' new opened values go back into the page."""
    prefixes = {obj.pk: row(data, obj) for obj in order}
    response = client.post(
        url + "reorder/",
        json.dumps(
            {
                "order": [obj.pk for obj in order],
                "opened": {pk: data[f"{prefix}-_opened_state"] for pk, prefix in prefixes.items()},
            }
        ),
        content_type="application/json",
    )
    assert response.status_code == 200
    answer = response.json()
    for pk, prefix in prefixes.items():
        data[f"{prefix}-ordering"] = str(answer["ordering"][str(pk)])
        data[f"{prefix}-_opened_state"] = answer["opened"][str(pk)]


def test_typing_an_order_after_ones_own_drag_is_no_conflict(missions, django_user_model):
    first, second, third = missions
    alice = person(django_user_model, "alice", "fr")
    alices_list = opened_list(alice)
    drag(alice, alices_list, MISSIONS, [third, first, second])
    alices_list[f"{row(alices_list, third)}-ordering"] = "70"
    response = alice.post(MISSIONS, alices_list, follow=True)
    assert response.redirect_chain  # saved, no conflict
    assert orderings(third) == [70]
    assert "pas été enregistrée" not in response.content.decode()


def test_a_drag_does_not_hide_someone_elses_change_to_the_row(seeded, django_user_model):
    figure, other = KeyFigure.objects.order_by("ordering", "pk")[:2]
    alice = person(django_user_model, "alice", "fr")
    alices_list = opened_list(alice, KEY_FIGURES)
    save_each(KeyFigure.objects.filter(pk=figure.pk), value="1234")  # Bob, meanwhile
    drag(alice, alices_list, KEY_FIGURES, [other, figure])
    alices_list[f"{row(alices_list, figure)}-value"] = "99"
    response = alice.post(KEY_FIGURES, alices_list)
    assert response.status_code == 200  # the list comes back: Bob's value is not lost
    assert KeyFigure.objects.get(pk=figure.pk).value == "1234"
    assert "1234" in response.content.decode()


def test_a_reorder_with_a_forged_opened_value_gives_none_back(missions, django_user_model):
    first, second, _third = missions
    alice = person(django_user_model, "alice", "fr")
    response = alice.post(
        MISSIONS + "reorder/",
        json.dumps({"order": [second.pk, first.pk], "opened": {first.pk: "forged"}}),
        content_type="application/json",
    )
    assert response.status_code == 200
    assert response.json()["opened"] == {}
    response = alice.post(
        MISSIONS + "reorder/",
        json.dumps({"order": [second.pk, first.pk], "opened": ["not", "a", "mapping"]}),
        content_type="application/json",
    )
    assert response.status_code == 400
