"""The publishing workflow in a real browser: a staff member drafts a change to a disease
page, previews it in French and in English, then publishes it; a visitor (a browser
context of its own, never signed in) sees the live page at each step."""

import pytest
from django.contrib.auth import get_user_model

from centre.models import Disease

PASSWORD = "a-long-test-password"


@pytest.fixture
def staff(site, browser):
    get_user_model().objects.create_superuser("editor", "editor@example.org", PASSWORD)
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="fr-FR")
    page = context.new_page()
    page.goto(site.url + "/admin/login/")
    page.fill("#id_username", "editor")
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url("**/admin/")
    yield page
    context.close()


@pytest.fixture
def visitor(browser):
    context = browser.new_context()
    page = context.new_page()
    yield page
    context.close()


def visible_text(page, address):
    response = page.goto(address)
    return response.status, page.locator("main").inner_text()


def test_draft_preview_in_both_languages_then_publish(site, staff, visitor):
    disease = Disease.objects.get(slug_en="hypophosphatasia")
    french_page = f"{site.url}/fr/maladies/{disease.slug_fr}/"
    english_page = f"{site.url}/en/diseases/{disease.slug_en}/"
    live_fr = disease.name_fr

    # The staff member drafts a change in both languages.
    staff.goto(f"{site.url}/admin/centre/disease/{disease.pk}/change/")
    # Each translated field has a tab per language.
    staff.click('a[href="#tab_id_summary_patients_fr"]')
    staff.fill("#id_summary_patients_fr", "Résumé en brouillon pour les patients.")
    staff.click('a[href="#tab_id_summary_patients_en"]')
    staff.fill("#id_summary_patients_en", "Draft summary for patients.")
    staff.click("input[name=_save_draft]")
    staff.wait_for_load_state()
    assert "brouillon" in staff.locator(".messagelist").inner_text()
    assert "Ce formulaire montre un brouillon" in staff.content()
    assert staff.input_value("#id_summary_patients_fr") == "Résumé en brouillon pour les patients."

    status, text = visible_text(visitor, french_page)
    assert status == 200 and "Résumé en brouillon" not in text
    assert live_fr in text
    status, text = visible_text(visitor, english_page)
    assert "Draft summary" not in text

    # Preview: French first, then English from the banner.
    staff.click("input[name=_preview]")
    staff.wait_for_url("**/preview/**/fr/")
    assert "Résumé en brouillon pour les patients." in staff.locator("main").inner_text()
    assert staff.locator(".publishing-banner").is_visible()
    assert staff.locator('meta[name="robots"]').get_attribute("content").startswith("noindex")
    preview_address = staff.url
    staff.locator(".publishing-banner a[lang=en]").click()
    staff.wait_for_url("**/preview/**/en/")
    assert "Draft summary for patients." in staff.locator("main").inner_text()
    assert visitor.goto(preview_address).status == 404
    status, text = visible_text(visitor, english_page)
    assert "Draft summary" not in text

    # Back to the form (which still shows the draft), then publish.
    staff.locator('.publishing-banner a[href$="/change/"]').click()
    staff.wait_for_url("**/change/")
    staff.click("input[name=_publish]")
    staff.wait_for_url("**/admin/centre/disease/")
    status, text = visible_text(visitor, french_page)
    assert status == 200 and "Résumé en brouillon pour les patients." in text
    status, text = visible_text(visitor, english_page)
    assert "Draft summary for patients." in text
