"""Issue 18: the five journeys, walked in Chromium as a first-time visitor would, by
clicking from the home page (no address typed), each in a few steps.

1. A parent on a phone: is this centre for my adult child, what is hypophosphatasia
   here, how do I get an appointment? Home → Diseases → the disease → "Make an
   appointment" → the contact page, whose phone number can be tapped.
2. A GP: how do I refer a patient, is there a care protocol? Home → Care ▸ Refer a
   patient (who the centre sees, what to send, by phone, never health data through the
   form) → Care ▸ Care protocols.
3. A researcher: which trials, registries and publications? Home → Clinical research ▸
   Clinical trials (NCT numbers linking to ClinicalTrials.gov) → Publications, filtered by
   a disease.
4. A journalist: who runs the centre, how to reach them? Home → The centre ▸ Team (the
   head of the centre first) → Contact (phone and form).
5. Someone searching, with the keyboard only: the search field, a misspelt name, Enter,
   the count announced, Tab to the first result, Enter: the disease page.
"""

import re

import pytest

PHONE = (390, 844)
DESKTOP = (1366, 900)
# Steps a first-time visitor takes; each journey is a handful (well under a minute).
MAX_CLICKS = 5


class Walk:
    """A visitor's walk: clicks counted, every page checked for what a visitor would
    notice at once (an answer, a title, no sideways scrolling)."""

    def __init__(self, browser, base, size, mobile=False):
        width, height = size
        self.context = browser.new_context(
            viewport={"width": width, "height": height},
            is_mobile=mobile,
            has_touch=mobile,
        )
        self.page = self.context.new_page()
        self.base = base
        self.clicks = 0

    def start(self, path):
        response = self.page.goto(self.base + path)
        assert response.status == 200
        self.check()

    def click(self, locator):
        assert locator.is_visible(), locator
        with self.page.expect_navigation():
            locator.click()
        self.clicks += 1
        self.check()

    def open_menu(self, name):
        summary = self.page.locator("nav.main-nav summary", has_text=name)
        summary.click()
        self.clicks += 1
        return summary.locator("xpath=..")

    def check(self):
        page = self.page
        assert page.title()
        assert page.locator("h1").count() == 1
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= page.viewport_size["width"], f"sideways scroll on {page.url}"

    def main_text(self):
        return " ".join(self.page.locator("main").inner_text().split())

    def close(self):
        assert self.clicks <= MAX_CLICKS
        self.context.close()


@pytest.fixture
def walk(browser, site):
    walks = []

    def start(size, mobile=False):
        walks.append(Walk(browser, site.url, size, mobile))
        return walks[-1]

    yield start
    for each in walks:
        each.close()


def test_a_parent_on_a_phone(walk):
    visitor = walk(PHONE, mobile=True)
    visitor.start("/fr/")
    home = visitor.main_text()
    assert "Pour les adultes" in home  # who the centre is for, at first glance
    assert "Necker" in home and "Trousseau" in home  # where children are seen
    visitor.click(visitor.page.locator("nav.main-nav").get_by_role("link", name="Maladies"))
    visitor.click(visitor.page.locator("main").get_by_role("link", name="Hypophosphatasie"))
    disease = visitor.main_text()
    assert "ORPHA:436" in disease and "Strensiq" in disease
    visitor.click(visitor.page.get_by_role("link", name="Prendre rendez-vous"))
    assert visitor.page.url.endswith("/fr/contact/")
    call = visitor.page.locator("main a[href^='tel:']").first
    assert call.is_visible() and call.get_attribute("href") == "tel:+33158412578"
    assert "01 58 41 25 78" in visitor.main_text()
    assert "112" in visitor.main_text()  # what to do in an emergency


def test_a_gp_refers_a_patient_and_finds_the_protocols(walk):
    visitor = walk(DESKTOP)
    visitor.start("/fr/")
    care = visitor.open_menu("Soins")
    visitor.click(care.get_by_role("link", name="Adresser un patient"))
    text = visitor.main_text()
    assert "adultes" in text and "Necker" in text  # who the centre sees
    assert "coordonnées complètes ainsi que le motif de la demande" in text  # what to send
    assert "01 58 41 25 78" in text  # how
    assert "N’envoyez jamais de données de santé" in text
    care = visitor.open_menu("Soins")
    visitor.click(care.get_by_role("link", name="Protocoles de soins (PNDS)"))
    assert "synthèse à destination du médecin traitant" in visitor.main_text()


def test_a_researcher_finds_trials_registries_and_publications(walk):
    visitor = walk(DESKTOP)
    visitor.start("/en/")
    research = visitor.open_menu("Clinical research")
    visitor.click(research.get_by_role("link", name="Clinical trials"))
    text = visitor.main_text()
    for nct in ("NCT03118570", "NCT03188666"):
        assert nct in text
    registries = visitor.page.locator("section", has=visitor.page.locator("#registries"))
    assert "Hypophosphatasia registry" in registries.last.inner_text()
    trial = visitor.page.get_by_role("link", name="NCT03188666")
    assert trial.get_attribute("href").startswith("https://clinicaltrials.gov/")
    research = visitor.open_menu("Clinical research")
    visitor.click(research.get_by_role("link", name="Publications"))
    everything = visitor.page.locator("main .citation-title").count()
    assert everything > 1
    visitor.page.get_by_label("Disease").select_option(label="Hypophosphatasia")
    visitor.click(visitor.page.get_by_role("button", name="Apply the filters"))
    assert "disease=" in visitor.page.url
    filtered = visitor.page.locator("main .citation-title")
    assert 0 < filtered.count() < everything


def test_a_journalist_finds_who_runs_the_centre_and_how_to_reach_them(walk):
    visitor = walk(DESKTOP)
    visitor.start("/en/")
    centre = visitor.open_menu("The centre")
    visitor.click(centre.get_by_role("link", name="Team"))
    first = visitor.page.locator("main li").first.inner_text()
    assert "Prof. Christian Roux" in first and "Head of the reference centre" in first
    visitor.click(visitor.page.locator("nav.main-nav").get_by_role("link", name="Contact"))
    text = visitor.main_text()
    assert "+33 1 58 41 25 78" in text
    assert "27 rue du faubourg Saint-Jacques" in text
    assert visitor.page.get_by_role("textbox", name="Your message").is_visible()
    assert visitor.page.get_by_label("You are").locator("option", has_text="the press").count()


def test_someone_searching_with_the_keyboard_only(walk):
    visitor = walk(DESKTOP)
    visitor.start("/fr/")
    page = visitor.page
    # From the top of the page: the skip link, then the site's name, then the field.
    for _ in range(6):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "site-search-q":
            break
    assert page.evaluate("document.activeElement.id") == "site-search-q"
    page.keyboard.type("osteogenese imparfete")  # no accents, one typo
    with page.expect_navigation():
        page.keyboard.press("Enter")
    visitor.check()
    # The count, set again in its live region once the page is shown: read out.
    status = page.locator("main [role=status]")
    status.filter(
        has_text=re.compile(r"\d+\srésultats\spour\s«\sosteogenese imparfete\s»")
    ).wait_for()
    first = page.locator("main .search-result a").first
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("(link) => document.activeElement === link", first.element_handle()):
            break
    else:
        pytest.fail("the first result is not reachable with Tab")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    visitor.check()
    assert page.locator("h1").inner_text() == "Ostéogenèse imparfaite"
