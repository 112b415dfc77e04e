"""The admin never loses work, in a real browser: a chosen photo survives an error on
another field, and leaving a changed form asks first (but saving does not)."""

import io

import pytest
from django.contrib.auth import get_user_model
from PIL import Image

from centre.models import Mission, Person


@pytest.fixture
def admin_page(site, page):
    get_user_model().objects.create_superuser("boss", "boss@example.org", "a-long-test-password")
    page.set_extra_http_headers({"Accept-Language": "en"})
    page.goto(site.url + "/admin/login/")
    page.fill("#id_username", "boss")
    page.fill("#id_password", "a-long-test-password")
    page.click("input[type=submit]")
    page.wait_for_url("**/admin/")
    return page


def test_photo_chosen_before_an_error_is_saved_without_choosing_it_again(
    site, admin_page, tmp_path
):
    photo = tmp_path / "portrait.jpg"
    buffer = io.BytesIO()
    Image.new("RGB", (60, 80), "teal").save(buffer, "JPEG")
    photo.write_bytes(buffer.getvalue())
    page = admin_page
    page.goto(f"{site.url}/admin/centre/person/add/")
    page.fill("#id_first_name", "Anne")  # the last name is forgotten
    page.set_input_files("#id_photo", str(photo))
    page.click("input[name=_save]")
    page.wait_for_selector(".errornote")
    assert (
        page.locator(".kept-upload")
        .inner_text()
        .startswith("The file “portrait.jpg” you chose is kept")
    )
    # The form sent back holds unsaved work: leaving it asks first.
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.type), dialog.dismiss()))
    page.click("#site-name a")
    page.wait_for_timeout(500)
    assert dialogs == ["beforeunload"] and page.url.endswith("/admin/centre/person/add/")
    page.fill("#id_last_name", "Martin")
    page.click("input[name=_save]")
    page.wait_for_url("**/admin/centre/person/")
    person = Person.objects.get(first_name="Anne", last_name="Martin")
    assert person.photo and (person.photo_width, person.photo_height) == (60, 80)


def test_leaving_a_changed_form_asks_first_but_saving_does_not(site, admin_page):
    page = admin_page
    mission = Mission.objects.order_by("pk").first()
    url = f"{site.url}/admin/centre/mission/{mission.pk}/change/"
    dialogs = []

    def answer(dialog):
        dialogs.append(dialog.type)
        dialog.dismiss()  # "stay on the page"

    page.on("dialog", answer)
    page.goto(url)
    # Unchanged: leaving does not ask.
    page.click("#site-name a")
    page.wait_for_url(f"{site.url}/admin/")
    assert dialogs == []
    page.goto(url)
    page.get_by_role("tab", name="en").first.click()
    page.locator("#id_text_en").click()
    page.keyboard.type(" (edited)")
    page.click("#site-name a")
    page.wait_for_timeout(500)
    assert dialogs == ["beforeunload"]
    assert page.url == url  # stayed, the text still there
    assert page.locator("#id_text_en").input_value().endswith(" (edited)")
    # Saving the changed form leaves without asking.
    page.click("input[name=_save]")
    page.wait_for_url("**/admin/centre/mission/")
    assert dialogs == ["beforeunload"]
    mission.refresh_from_db()
    assert mission.text_en.endswith(" (edited)")
