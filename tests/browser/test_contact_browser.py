"""The contact form in a real browser: sent with the keyboard only; errors pass axe."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core.cache import cache

from centre.models import ContactRequest

from .test_accessibility import AXE_OPTIONS, describe


@pytest.fixture(autouse=True)
def _contact_settings(settings):
    settings.CONTACT_MIN_FILL_SECONDS = 0
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    cache.clear()


def tab_to(page, element_id, limit=80):
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == element_id:
            return
    raise AssertionError(f"Tab never reached #{element_id}")


def test_form_sent_with_keyboard_only(site, page):
    page.goto(site.url + "/en/contact/")
    tab_to(page, "id_name")
    page.keyboard.type("Jeanne Dupont")
    page.keyboard.press("Tab")
    page.keyboard.type("jeanne@example.org")
    page.keyboard.press("Tab")
    page.keyboard.type("+33 6 12 34 56 78")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "id_sender_type"
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Tab")
    page.keyboard.type("Appointment")
    page.keyboard.press("Tab")
    page.keyboard.type("I would like an appointment — merci beaucoup ! 😀")
    page.keyboard.press("Tab")
    # The honeypot is skipped (tabindex -1): next stop is the consent box.
    assert page.evaluate("document.activeElement.id") == "id_consent"
    page.keyboard.press("Space")
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")  # past the privacy-policy link, onto the button
    assert page.evaluate("document.activeElement.tagName") == "BUTTON"
    page.keyboard.press("Enter")
    page.wait_for_url("**/en/contact/thank-you/")
    assert page.locator("h1").inner_text() == "Thank you, your message has been sent"
    saved = ContactRequest.objects.get()
    assert saved.name == "Jeanne Dupont"
    assert saved.message.endswith("😀")
    assert saved.sender_type == "patient"


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_form_with_errors_passes_axe_and_focuses_summary(site, page, lang):
    page.goto(site.url + f"/{lang}/contact/")
    page.fill("#id_email", "not-an-address")
    page.click("main form button[type=submit]")
    page.wait_for_selector("#error-summary")
    assert page.evaluate("document.activeElement.id") == "error-summary"
    assert page.get_attribute("#id_email", "aria-invalid") == "true"
    assert "email-error" in page.get_attribute("#id_email", "aria-describedby")
    assert page.input_value("#id_email") == "not-an-address"
    violations = Axe().run(page, options=AXE_OPTIONS).response["violations"]
    assert not violations, describe(violations)
    assert ContactRequest.objects.count() == 0
