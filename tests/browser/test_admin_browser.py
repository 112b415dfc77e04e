"""The admin in a real browser: language tabs work under the CSP, nothing loads from afar."""

import pytest
from django.contrib.auth import get_user_model

from centre.models import Disease


@pytest.fixture
def admin_page(site, page):
    get_user_model().objects.create_superuser("boss", "boss@example.org", "a-long-test-password")
    messages = []
    page.on("console", lambda message: messages.append(message.text))
    requests = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(site.url + "/admin/login/")
    page.fill("#id_username", "boss")
    page.fill("#id_password", "a-long-test-password")
    page.click("input[type=submit]")
    page.wait_for_url("**/admin/")
    page.messages, page.requests = messages, requests
    return page


def test_translation_tabs_work_without_csp_violations(site, admin_page):
    disease = Disease.objects.get(slug_en="hypophosphatasia")
    admin_page.goto(f"{site.url}/admin/centre/disease/{disease.pk}/change/")
    tabs = admin_page.locator(".ui-tabs-nav a")
    assert tabs.count() >= 2
    admin_page.get_by_role("tab", name="en").first.click()
    assert admin_page.locator("#id_name_en").is_visible()
    assert not [m for m in admin_page.messages if "Content Security Policy" in m]
    assert all(
        url.startswith(site.url) or url.startswith("data:") for url in admin_page.requests
    ), admin_page.requests
