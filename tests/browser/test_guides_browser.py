"""Issue 18, points 1-6 in the browser: axe-core on the new pages in both languages, the
questions opened with the keyboard, and the emergency sheet printed on one A4 page."""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe

from centre.models import Disease
from tests.browser.test_accessibility import AXE_OPTIONS, describe
from tests.helpers import save_each, write_emergency_sheet_and_questions

PAGES = {
    "fr": [
        "/fr/maladies/hypophosphatasie/",
        "/fr/maladies/hypophosphatasie/fiche-urgence/",
        "/fr/adresser-un-patient/",
        "/fr/la-transition/",
        "/fr/glossaire/",
    ],
    "en": [
        "/en/diseases/hypophosphatasia/",
        "/en/diseases/hypophosphatasia/emergency-sheet/",
        "/en/refer-a-patient/",
        "/en/moving-to-adult-care/",
        "/en/glossary/",
    ],
}

# About what a staff member could write on a sheet: each part a long paragraph.
LONG = (
    "Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor "
    "incididunt ut labore et dolore magna aliqua. Ut enim ad minim veniam, quis nostrud "
    "exercitation ullamco laboris nisi ut aliquip ex ea commodo consequat. "
) * 3


@pytest.fixture
def written(site):
    write_emergency_sheet_and_questions()
    return site


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_new_pages_have_no_axe_violation(written, page, lang):
    axe = Axe()
    failures = []
    for path in PAGES[lang]:
        response = page.goto(written.url + path)
        assert response.status == 200, path
        for summary in page.locator("details summary").all():
            summary.click()  # the answers open too
        violations = axe.run(page, options=AXE_OPTIONS).response["violations"]
        if violations:
            failures.append(f"{path}\n{describe(violations)}")
    assert not failures, "axe violations:\n" + "\n".join(failures)


def test_questions_open_with_the_keyboard(written, page):
    page.goto(written.url + "/fr/maladies/hypophosphatasie/")
    answer = page.locator("details.question").first.locator("p").first
    assert not answer.is_visible()
    page.locator("details.question summary").first.focus()
    page.keyboard.press("Enter")
    assert answer.is_visible()
    assert answer.inner_text() == "Réponse."


@pytest.mark.parametrize("path", PAGES["fr"][1:2] + PAGES["en"][1:2])
def test_emergency_sheet_prints_on_one_a4_page(written, page, path):
    save_each(
        Disease.objects.filter(slug_en="hypophosphatasia"),
        **{
            f"{name}_{code}": LONG
            for name in ("emergency_must_know", "emergency_avoid", "emergency_contacts")
            for code in ("fr", "en")
        },
    )
    page.goto(written.url + path)
    page.emulate_media(media="print")
    assert not page.locator(".site-header").is_visible()
    assert not page.locator(".site-footer").is_visible()
    qr = page.locator(".qr-code svg")
    assert qr.is_visible()
    box = qr.bounding_box()
    assert box["width"] > 80 and abs(box["width"] - box["height"]) < 1  # ~30 mm, square
    pdf = page.pdf(format="A4", print_background=False)
    assert len(re.findall(rb"/Type\s*/Page[^s]", pdf)) == 1
