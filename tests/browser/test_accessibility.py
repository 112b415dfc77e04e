"""axe-core (WCAG 2.1 A/AA) on every public page in both languages, and keyboard use."""

import xml.etree.ElementTree as ET
from urllib.parse import urlparse
from urllib.request import urlopen

import pytest
from axe_playwright_python.sync_playwright import Axe

AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
    "resultTypes": ["violations"],
}
SITEMAP_NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def sitemap_paths(base_url, lang):
    with urlopen(f"{base_url}/sitemap.xml") as response:
        root = ET.fromstring(response.read())
    paths = [urlparse(loc.text).path for loc in root.findall("s:url/s:loc", SITEMAP_NS)]
    return sorted({p for p in paths if p.startswith(f"/{lang}/")})


def describe(violations):
    lines = []
    for violation in violations:
        targets = [", ".join(node["target"]) for node in violation["nodes"][:3]]
        lines.append(
            f"  {violation['id']} ({violation['impact']}): {violation['help']} at {targets}"
        )
    return "\n".join(lines)


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_every_page_has_no_axe_violation(site, page, lang):
    paths = sitemap_paths(site.url, lang)
    paths.append(f"/{lang}/page-that-does-not-exist/")  # the 404 page
    assert len(paths) >= 10
    axe = Axe()
    failures = []
    for path in paths:
        response = page.goto(site.url + path)
        expected = 404 if "does-not-exist" in path else 200
        assert response.status == expected, path
        assert page.evaluate("document.documentElement.lang") == lang
        results = axe.run(page, options=AXE_OPTIONS)
        violations = results.response["violations"]
        if violations:
            failures.append(f"{path}\n{describe(violations)}")
    assert not failures, "axe violations:\n" + "\n".join(failures)


@pytest.mark.parametrize("path", ["/fr/", "/en/contact/"])
def test_first_tab_reaches_visible_skip_link(site, page, path):
    page.goto(site.url + path)
    page.keyboard.press("Tab")
    focused = page.evaluate("""() => {
        const el = document.activeElement;
        const box = el.getBoundingClientRect();
        return {cls: el.className, href: el.getAttribute('href'),
                visible: box.width > 0 && box.height > 0 && box.top >= 0
                         && box.bottom <= window.innerHeight};
    }""")
    assert focused == {"cls": "skip-link", "href": "#main", "visible": True}
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


FOCUS_STYLE = """() => {
    const el = document.activeElement;
    if (!el || el === document.body) return null;
    const style = getComputedStyle(el);
    const outline = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2;
    const shadow = style.boxShadow && style.boxShadow !== 'none';
    return {tag: el.tagName, text: (el.textContent || '').trim().slice(0, 40),
            visible: outline || shadow};
}"""


@pytest.mark.parametrize("path", ["/fr/", "/en/diseases/hypophosphatasia/", "/fr/contact/"])
def test_focus_is_always_visible(site, page, path):
    page.goto(site.url + path)
    seen = 0
    invisible = []
    for _ in range(60):
        page.keyboard.press("Tab")
        state = page.evaluate(FOCUS_STYLE)
        if state is None:
            break
        seen += 1
        if not state["visible"]:
            invisible.append(state)
    assert seen >= 5
    assert not invisible, f"focus not visible on: {invisible}"


@pytest.mark.parametrize("path", ["/fr/", "/en/team/", "/fr/maladies/hypophosphatasie/"])
def test_no_horizontal_scroll_at_320px(site, browser, path):
    context = browser.new_context(viewport={"width": 320, "height": 640})
    page = context.new_page()
    page.goto(site.url + path)
    width = page.evaluate("document.documentElement.scrollWidth")
    context.close()
    assert width <= 320


def test_language_switch_in_browser(site, page):
    page.goto(site.url + "/fr/maladies/osteogenese-imparfaite/")
    page.get_by_role("link", name="English").click()
    assert page.url.endswith("/en/diseases/osteogenesis-imperfecta/")
    assert page.locator("h1").inner_text() == "Osteogenesis imperfecta"
