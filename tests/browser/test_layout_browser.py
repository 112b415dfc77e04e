"""Layout in Chromium: the main menu on one line and its disclosure menus, no layout shift on
phones, and a screenshot of every page type at 390 and 1,366 px in both languages with no
horizontal scroll, no empty box and no screen-reader text showing.

Screenshots go to test-artifacts/screenshots/ (git-ignored), or to $SCREENSHOT_DIR.
"""

import os
import re
import time
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import urlparse
from urllib.request import urlopen

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.conf import settings
from django.urls import resolve
from django.utils import translation
from playwright.sync_api import expect

from .test_accessibility import AXE_OPTIONS, describe

SITEMAP_NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
SCREENSHOT_DIR = Path(
    os.environ.get("SCREENSHOT_DIR", settings.BASE_DIR / "test-artifacts" / "screenshots")
)
PHONE = {"width": 390, "height": 844}

# Every top-level item of the main menu, and where each one sits.
MENU_TOPS = "Array.from(document.querySelectorAll('.main-menu > li'), li => li.offsetTop)"
# Boxes (cards, sections, list items, notices…) that show neither text nor an image.
EMPTY_BOXES = """() => Array.from(document.querySelectorAll(
        'main section, main article, main .card, main li, main .notice, main dd, main p'))
    .filter(box => !box.closest('[role=status], [aria-live]'))  // live regions wait empty
    .filter(box => !box.innerText.trim() && !box.querySelector('img, svg, audio, video, iframe'))
    .map(box => box.outerHTML.slice(0, 120))"""
# Text for screen readers that shows (a page without the rule that hides it).
SHOWN_HIDDEN_TEXT = """() => Array.from(document.querySelectorAll('.visually-hidden'))
    .filter(text => text.getBoundingClientRect().width > 1)
    .map(text => text.outerHTML.slice(0, 120))"""
# Cumulative layout shift as Lighthouse counts it (shifts without recent input), from the
# first paint on.
CLS_OBSERVER = """
window.__cls = 0;
new PerformanceObserver(list => {
  for (const entry of list.getEntries()) {
    if (!entry.hadRecentInput) { window.__cls += entry.value; }
  }
}).observe({type: "layout-shift", buffered: true});
"""


def slow_script(route):
    time.sleep(0.8)
    route.continue_()


# Images, scripts: what a page may paint before it has.
LATE_RESOURCES = re.compile(r"\.(js|svg|png|jpe?g|webp|avif|gif)(\?.*)?$")


def view_name(path):
    with translation.override(path.split("/")[1]):
        return resolve(path).view_name


def page_types(base_url, lang):
    """One address of each kind of page (the first of each URL name in the sitemap), the
    search results and the 404 page."""
    with urlopen(f"{base_url}/sitemap.xml") as response:
        root = ET.fromstring(response.read())
    paths = sorted({urlparse(loc.text).path for loc in root.findall("s:url/s:loc", SITEMAP_NS)})
    kinds = {}
    for path in paths:
        if path.startswith(f"/{lang}/"):
            kinds.setdefault(view_name(path), path)
    search = "/fr/rechercher/?q=os" if lang == "fr" else "/en/search/?q=bone"
    return [*kinds.values(), search, f"/{lang}/page-that-does-not-exist/"]


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_screenshots_of_every_page_type_and_their_layout(site, browser, lang):
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    paths = page_types(site.url, lang)
    assert len(paths) >= 15
    problems = []
    for width in (390, 1024, 1366):
        context = browser.new_context(viewport={"width": width, "height": 900})
        page = context.new_page()
        for path in paths:
            page.goto(site.url + path)
            tops = page.evaluate(MENU_TOPS)
            assert len(tops) <= 7, path
            if width >= 1024 and len(set(tops)) != 1:
                problems.append(f"{width}px {path}: the menu wraps {tops}")
            scroll, client = page.evaluate(
                "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
            )
            if scroll > client:
                problems.append(f"{width}px {path}: scrolls sideways ({scroll} > {client})")
            if empty := page.evaluate(EMPTY_BOXES):
                problems.append(f"{width}px {path}: empty boxes {empty}")
            if shown := page.evaluate(SHOWN_HIDDEN_TEXT):
                problems.append(f"{width}px {path}: screen-reader text shows {shown}")
            if width != 1024:
                name = path.strip("/").replace("/", "_").replace("?", "_").replace("=", "-")
                shot = SCREENSHOT_DIR / f"{name}-{width}.png"
                page.screenshot(path=shot, full_page=True)
                assert shot.stat().st_size > 0
        context.close()
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_no_layout_shift_on_a_phone(site, browser, lang):
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    context.add_init_script(CLS_OBSERVER)
    page = context.new_page()
    # Scripts and images arrive late, as on a phone's network: the page paints before they
    # run or load, so a layout that waits for a script shifts (the old menu folding measured
    # 0.145 here), and so does an image that takes its size only once loaded (the header's
    # logo, shrunk by its flex row until then: 0.002, Lighthouse's only shift).
    page.route(LATE_RESOURCES, slow_script)
    with urlopen(f"{site.url}/sitemap.xml") as response:
        root = ET.fromstring(response.read())
    paths = [urlparse(loc.text).path for loc in root.findall("s:url/s:loc", SITEMAP_NS)]

    def first(name):
        return next(
            p for p in sorted(paths) if p.startswith(f"/{lang}/") and (view_name(p) == name)
        )

    pages = [
        f"/{lang}/",
        first("centre:disease_detail"),
        first("publications:list"),
        first("podcasts:episode"),
    ]
    shifts = {}
    for path in pages:
        page.goto(site.url + path, wait_until="load")
        page.wait_for_timeout(700)  # late shifts (a script, a font) would come now
        shifts[path] = page.evaluate("window.__cls")
    context.close()
    assert all(value == 0 for value in shifts.values()), shifts


def test_menu_is_one_line_from_1024_px_in_both_languages(site, browser):
    for width in (1024, 1280, 1920):
        context = browser.new_context(viewport={"width": width, "height": 800})
        page = context.new_page()
        for path in ("/fr/", "/en/", "/fr/contact/"):
            page.goto(site.url + path)
            tops = page.evaluate(MENU_TOPS)
            assert len(tops) == 7
            assert len(set(tops)) == 1, (width, path, tops)
            assert page.get_by_role("link", name="Contact", exact=True).first.is_visible()
        context.close()


def test_disclosure_menus_work_with_the_keyboard(site, browser):
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    page.goto(site.url + "/en/")
    research = page.locator(".main-menu summary", has_text="Clinical research")
    publications = page.get_by_role("link", name="Publications", exact=True)
    assert not publications.first.is_visible()
    research.focus()
    page.keyboard.press("Enter")
    assert publications.first.is_visible()
    violations = Axe().run(page, options=AXE_OPTIONS).response["violations"]
    assert not violations, describe(violations)
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.closest('details') !== null")
    page.keyboard.press("Escape")
    assert not publications.first.is_visible()
    assert page.evaluate("document.activeElement.tagName") == "SUMMARY"
    # Opening another menu closes the first.
    page.locator(".main-menu summary", has_text="The centre").click()
    page.locator(".main-menu summary").filter(has_text=re.compile("^Care$")).click()
    # The toggle event comes a moment after the click: wait for it.
    expect(page.locator(".main-menu details[open]")).to_have_count(1)
    expect(page.locator(".main-menu details[open] summary")).to_have_text("Care")
    context.close()


def test_disclosure_menus_work_without_javascript(site, browser):
    context = browser.new_context(
        viewport={"width": 1024, "height": 800}, java_script_enabled=False
    )
    page = context.new_page()
    page.goto(site.url + "/fr/")
    page.locator(".main-menu summary", has_text="Soins").click()
    link = page.get_by_role("link", name="Protocoles de soins (PNDS)")
    assert link.is_visible()
    link.click()
    assert page.locator("h1").inner_text()
    assert page.locator(".main-menu > li.is-current summary").inner_text() == "Soins"
    context.close()


def test_disease_links_are_tall_enough_to_tap_on_a_phone(site, browser):
    context = browser.new_context(viewport=PHONE, is_mobile=True)
    page = context.new_page()
    page.goto(site.url + "/fr/maladies/")
    heights = page.evaluate(
        "Array.from(document.querySelectorAll('.disease-list a'), a => a.getBoundingClientRect().height)"
    )
    context.close()
    assert heights and min(heights) >= 24, heights


def test_prose_lines_stay_short(site, browser):
    context = browser.new_context(viewport={"width": 1920, "height": 900})
    page = context.new_page()
    page.goto(site.url + "/fr/centre/")
    # The widest paragraph, in characters of its own font ("0" is 1ch wide).
    widest = page.evaluate("""() => Math.max(...Array.from(document.querySelectorAll('main p'), p => {
        const probe = document.createElement('span');
        probe.textContent = '0'.repeat(10);
        p.appendChild(probe);
        const ch = probe.getBoundingClientRect().width / 10;
        probe.remove();
        return p.getBoundingClientRect().width / ch;
    }))""")
    context.close()
    assert widest <= 80, widest
