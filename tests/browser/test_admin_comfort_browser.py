"""The admin's « À faire » list, the « Aperçu » of long texts and drag-and-drop ordering,
in a real browser, under the site's CSP."""

import pytest
from django.contrib.auth import get_user_model

from centre.models import KeyFigure, Mission, Person


@pytest.fixture
def admin_page(site, page):
    from mocsite.models import AdminPreference

    boss = get_user_model().objects.create_superuser(
        "boss", "boss@example.org", "a-long-test-password"
    )
    AdminPreference.objects.create(user=boss, language="fr")  # the browser asks for English
    messages = []
    page.on("console", lambda message: messages.append(message.text))
    page.goto(site.url + "/admin/login/")
    page.fill("#id_username", "boss")
    page.fill("#id_password", "a-long-test-password")
    page.click("input[type=submit]")
    page.wait_for_url("**/admin/")
    page.messages = messages
    return page


def no_csp_violation(page):
    return not [m for m in page.messages if "Content Security Policy" in m]


def test_todo_list_leads_to_the_filtered_list(site, admin_page):
    todo = admin_page.locator("#todo")
    assert todo.get_by_role("heading", name="À faire").is_visible()
    assert todo.get_by_text("Aucun destinataire n’est configuré").is_visible()
    line = todo.get_by_role("link", name="chiffres clés sans valeur")
    count = int(line.locator("strong").inner_text())
    assert count == KeyFigure.objects.filter(value="").count() > 0
    line.click()
    admin_page.wait_for_url("**/admin/centre/keyfigure/?todo=yes")
    assert admin_page.locator("#result_list tbody tr").count() == count
    assert no_csp_violation(admin_page)


def test_preview_shows_the_formatted_text(site, admin_page):
    person = Person.objects.first()
    admin_page.goto(f"{site.url}/admin/centre/person/{person.pk}/change/")
    area = admin_page.locator("#id_bio_fr")
    area.fill("Un **mot** important\n\n- premier\n- second\n\n<script>alert(1)</script>")
    toggle = admin_page.locator("#id_bio_fr ~ .rich-text-tools button.rich-text-preview-toggle")
    assert toggle.inner_text() == "Aperçu"
    toggle.click()
    preview = admin_page.locator("#id_bio_fr-preview")
    preview.locator("strong").wait_for()
    assert preview.locator("strong").inner_text() == "mot"
    assert preview.locator("li").all_inner_texts() == ["premier", "second"]
    assert "<script>alert(1)</script>" in preview.inner_text()  # shown as text
    assert toggle.get_attribute("aria-expanded") == "true"
    area.fill("Maintenant *italique*")
    preview.locator("em").wait_for()
    toggle.click()
    assert preview.is_hidden()
    assert no_csp_violation(admin_page)


def test_drag_and_drop_puts_rows_in_order(site, admin_page):
    missions = list(Mission.objects.order_by("ordering", "pk"))
    admin_page.goto(f"{site.url}/admin/centre/mission/")
    handles = admin_page.locator("#result_list .drag-handle")
    assert handles.count() == len(missions) >= 3
    handles.last.drag_to(
        admin_page.locator("#result_list tbody tr").first, target_position={"x": 5, "y": 2}
    )
    admin_page.get_by_role("status").get_by_text("Nouvel ordre enregistré.").wait_for()
    saved = list(Mission.objects.order_by("ordering", "pk").values_list("pk", flat=True))
    assert saved[0] == missions[-1].pk
    assert saved[1:] == [m.pk for m in missions[:-1]]
    # The inputs show the saved values, and the rows' opened values know them: typing an
    # order in a dragged row, then saving the list, is no conflict with one's own drag.
    moved = admin_page.locator("#result_list tbody tr").first.locator("td.field-ordering input")
    moved.fill("500")
    admin_page.click("input[name=_save]")
    admin_page.wait_for_url("**/admin/centre/mission/")
    assert admin_page.locator(".errornote, .errorlist").count() == 0
    assert Mission.objects.get(pk=missions[-1].pk).ordering == 500
    final = list(Mission.objects.order_by("ordering", "pk").values_list("pk", flat=True))
    assert final == saved[1:] + [missions[-1].pk]
    assert no_csp_violation(admin_page)


def test_team_portraits_keep_their_proportions(site, page):
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (400, 700), (120, 80, 60)).save(buffer, "JPEG")
    person = Person.objects.filter(is_published=True).first()
    person.photo.save("portrait.jpg", SimpleUploadedFile("portrait.jpg", buffer.getvalue()))
    page.goto(f"{site.url}/fr/equipe/")
    photo = page.locator(f"#{person.slug} img.person-photo")
    photo.wait_for()
    style = photo.evaluate(
        "img => { const s = getComputedStyle(img);"
        " return [s.objectFit, s.objectPosition, img.clientWidth, img.clientHeight]; }"
    )
    assert style == ["cover", "50% 25%", 96, 96]  # a square crop, not a squashed portrait
