"""History in a real browser: a staff member changes a disease page, compares the two
versions and restores the previous one; a visitor's view of the page is checked at each
step (through the page cache, in a browser context of its own)."""

import pytest
from django.contrib.auth import get_user_model

from centre.models import Disease

NEW_FR = "Une nouvelle enzymothérapie est à l’étude."


@pytest.fixture
def staff_page(site, browser):
    """A staff member whose browser asks for French (the admin follows Accept-Language)."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="fr-FR")
    page = context.new_page()
    get_user_model().objects.create_superuser("boss", "boss@example.org", "a-long-test-password")
    messages = []
    page.on("console", lambda message: messages.append(message.text))
    page.goto(site.url + "/admin/login/")
    page.fill("#id_username", "boss")
    page.fill("#id_password", "a-long-test-password")
    page.click("input[type=submit]")
    page.wait_for_url("**/admin/")
    page.messages = messages
    yield page
    context.close()


@pytest.fixture
def visitor(browser):
    context = browser.new_context()
    yield context.new_page()
    context.close()


def visible_text(visitor, url):
    response = visitor.goto(url)
    assert response.status == 200
    return visitor.locator("main").inner_text()


def test_staff_change_compare_and_restore_a_version(site, staff_page, visitor):
    disease = Disease.objects.get(slug_en="hypophosphatasia")
    original = disease.treatments_fr
    public = f"{site.url}/fr/maladies/{disease.slug_fr}/"
    assert original in visible_text(visitor, public)  # and now in the page cache

    # The change, saved from the French tab of the change form.
    staff_page.goto(f"{site.url}/admin/centre/disease/{disease.pk}/change/")
    staff_page.fill("#id_treatments_fr", NEW_FR)
    staff_page.click("input[name=_save]")
    staff_page.wait_for_url("**/admin/centre/disease/")
    text = visible_text(visitor, public)
    assert NEW_FR in text and original not in text

    # History: two versions, compared.
    staff_page.goto(f"{site.url}/admin/centre/disease/{disease.pk}/change/")
    staff_page.get_by_role("link", name="Historique").click()
    staff_page.wait_for_url("**/history/")
    rows = staff_page.locator("#change-history tbody tr")
    assert rows.count() == 2
    staff_page.get_by_role("button", name="Comparer les deux versions").click()
    staff_page.wait_for_url("**/history/compare/**")
    diff = staff_page.locator("#content-main")
    assert diff.get_by_role("heading", name="traitements [fr]").is_visible()
    assert "enzymothérapie" in diff.locator("ins").all_inner_texts()[0] + diff.inner_text()
    assert diff.get_by_role("heading", name="traitements [en]").count() == 0  # unchanged

    # Restore the previous version: its form, prefilled, then saved.
    staff_page.get_by_role("link", name="Restaurer cette version").first.click()
    staff_page.wait_for_url("**/history/*/")
    assert staff_page.locator("#id_treatments_fr").input_value() == original
    assert NEW_FR in visible_text(visitor, public)  # seeing a version changes nothing yet
    staff_page.click("input[name=_save]")
    staff_page.wait_for_url("**/admin/centre/disease/**")
    text = visible_text(visitor, public)
    assert original in text and NEW_FR not in text
    disease.refresh_from_db()
    assert disease.treatments_fr == original

    # The restore is a version of its own, with who did it.
    staff_page.goto(f"{site.url}/admin/centre/disease/{disease.pk}/history/")
    assert staff_page.locator("#change-history tbody tr").count() == 3
    assert "boss" in staff_page.locator("#change-history").inner_text()
    assert not [m for m in staff_page.messages if "Content Security Policy" in m]
