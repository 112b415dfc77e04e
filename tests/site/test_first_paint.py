"""What a page's first paint waits for (Lighthouse mobile, docs/lighthouse.md): one
stylesheet, the same on every page (one request, cached once for the whole site; its print
rules included), no script, and images whose box is known before they load."""

import html5lib
import pytest
from django.conf import settings

from tests.helpers import write_emergency_sheet_and_questions

from .test_html import site_paths

pytestmark = pytest.mark.django_db


def head_and_images(html):
    document = html5lib.parse(html, namespaceHTMLElements=False)
    return document.find("head"), document.iter("img")


def test_every_page_waits_for_one_stylesheet_and_no_script(seeded, client):
    write_emergency_sheet_and_questions()  # the emergency sheet is a page too
    paths = site_paths(client) + ["/fr/rechercher/?q=os", "/en/search/?q=bone"]
    problems = []
    for path in paths:
        head, images = head_and_images(client.get(path).content.decode())
        stylesheets = [
            link.get("href") for link in head.iter("link") if link.get("rel") == "stylesheet"
        ]
        if stylesheets != ["/static/css/site.css"]:
            problems.append(f"{path}: stylesheets {stylesheets}")
        for script in head.iter("script"):
            if script.get("src") and script.get("defer") is None:
                problems.append(f"{path}: {script.get('src')} without defer")
            if not script.get("src") and script.get("type") != "application/ld+json":
                problems.append(f"{path}: an inline script in <head>")
        for image in images:
            if not (image.get("width") and image.get("height")):
                problems.append(f"{path}: <img src={image.get('src')}> without width/height")
    assert not problems, "\n".join(problems)


def test_the_site_stylesheet_has_the_rules_every_page_type_uses():
    """The app styles that used to come in a stylesheet of their own per page type live in
    site.css, so a page showing another app's section is styled too (the disease page's
    episodes, the research page's screen-reader text, the team's pagination)."""
    css = (settings.BASE_DIR / "static" / "css" / "site.css").read_text()
    for rule in (
        ".brand img { flex: none; }",  # the logo's box before it loads
        ".visually-hidden {",
        ".podcast-episodes {",
        ".pagination ul {",
        ".research-list {",
        ".disease-routes {",
        ".search-result {",
        "@page { size: A4;",  # the emergency sheet prints on one A4 page
        "/* Print: content only, black on white, links written out. */\n@media print {",
    ):
        assert rule in css, rule
