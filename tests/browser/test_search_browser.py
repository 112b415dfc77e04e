"""The site search in Chromium: axe-core on the results page (with results, without, empty,
filtered) in both languages, and a search done with the keyboard alone."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from tests.browser.test_accessibility import AXE_OPTIONS, describe

PAGES = [
    "/fr/rechercher/?q=hypophosphatasie",
    "/fr/rechercher/?q=koumakiss",
    "/fr/rechercher/?q=xyzzy",
    "/fr/rechercher/?q=hypofosphatasie",
    "/fr/rechercher/",
    "/fr/rechercher/?q=hypophosphatasie&type=episode",
    "/en/search/?q=brittle+bone+disease",
    "/en/search/?q=PNDS+osteogenesis",
    "/en/search/?q=quantum+chromodynamics",
    "/en/search/",
]


def announced(page):
    """The count is set again in its live region once the page is shown (search.js)."""
    status = page.locator("[data-search-status]")
    if status.count():
        expect(status).not_to_be_empty()


def test_results_pages_have_no_axe_violation(site, page):
    axe = Axe()
    failures = []
    for path in PAGES:
        response = page.goto(site.url + path)
        assert response.status == 200, path
        announced(page)
        violations = axe.run(page, options=AXE_OPTIONS).response["violations"]
        if violations:
            failures.append(f"{path}\n{describe(violations)}")
    assert not failures, "axe violations:\n" + "\n".join(failures)


@pytest.mark.parametrize(
    ("start", "typed", "results_path", "first"),
    [
        ("/fr/", "os de verre", "/fr/rechercher/", "/fr/maladies/osteogenese-imparfaite/"),
        ("/en/team/", "hypophosphatasia", "/en/search/", "/en/diseases/hypophosphatasia/"),
    ],
)
def test_search_with_the_keyboard_alone(site, page, start, typed, results_path, first):
    page.goto(site.url + start)
    for _ in range(20):  # skip link, brand, then the search field
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "site-search-q":
            break
    assert page.evaluate("document.activeElement.id") == "site-search-q"
    page.keyboard.type(typed)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.split("?")[0] == site.url + results_path
    announced(page)
    assert page.get_by_role("status").inner_text()[:1] in "123456789"  # "3 résultats…"
    # The field keeps what was typed; the results are the next stops after the filters.
    assert page.locator("#site-search-q").input_value() == typed
    for _ in range(60):
        page.keyboard.press("Tab")
        in_result = page.evaluate("document.activeElement.closest('.search-result') !== null")
        if in_result:
            break
    assert page.evaluate("document.activeElement.getAttribute('href')") == first
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url == site.url + first


def test_the_search_field_fits_a_narrow_screen(site, browser):
    context = browser.new_context(viewport={"width": 320, "height": 640})
    page = context.new_page()
    page.goto(site.url + "/fr/rechercher/?q=fibrodysplasie+ossifiante+progressive")
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    assert page.locator("#site-search-q").is_visible()
    context.close()
