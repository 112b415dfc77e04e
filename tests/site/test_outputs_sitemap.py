"""The sitemap, validated against the sitemaps.org protocol's XML Schema (lxml): x-default
is the French address the pages name, addresses are on SITE_URL when it is set, lastmod
where the content records it, and an index of sitemap files once the site is large."""

from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.core.cache import caches
from django.utils import timezone
from lxml import etree

from centre.models import Event
from mocsite import sitemaps as site_sitemaps
from publications.models import Publication
from tests.site.outputs_helpers import SITEMAP_NS, head_links, obj_url

pytestmark = pytest.mark.django_db

SCHEMAS = Path(__file__).parent / "schemas"


def schema(name):
    return etree.XMLSchema(etree.parse(str(SCHEMAS / name)))


def valid(content, name):
    document = etree.fromstring(content)
    validator = schema(name)
    assert validator.validate(document), validator.error_log
    return document


def path_of(address):
    parts = urlsplit(address)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def entries(document):
    """{loc: {hreflang: href}} of a urlset."""
    return {
        url.findtext("s:loc", namespaces=SITEMAP_NS): {
            link.get("hreflang"): link.get("href") for link in url.findall("x:link", SITEMAP_NS)
        }
        for url in document.findall("s:url", SITEMAP_NS)
    }


def test_the_sitemap_is_valid_and_x_default_is_the_french_page(seeded, client):
    response = client.get("/sitemap.xml")
    assert response["Content-Type"].startswith("application/xml")
    found = entries(valid(response.content, "sitemap.xsd"))
    assert len(found) > 60
    for loc, alternates in found.items():
        assert set(alternates) == {"fr", "en", "x-default"}, loc
        assert alternates["x-default"] == alternates["fr"]
        assert loc in (alternates["fr"], alternates["en"])
        assert urlsplit(alternates["fr"]).path.startswith("/fr/")
        assert urlsplit(alternates["en"]).path.startswith("/en/")
    # What the pages say of themselves, the sitemap says of them; the x-default page is
    # served as it is to a browser that prefers English (no redirect, no 404).
    for loc, alternates in found.items():
        page = client.get(path_of(loc), headers={"accept-language": "en"})
        assert page.status_code == 200, loc
        declared = {
            link["hreflang"]: link["href"]
            for link in head_links(page.content.decode(), "alternate")
            if "hreflang" in link
        }
        assert declared == alternates, loc
    for default in {alternates["x-default"] for alternates in found.values()}:
        assert client.get(path_of(default), headers={"accept-language": "en"}).status_code == 200


def test_addresses_are_on_site_url(seeded, client, settings):
    settings.SITE_URL = "https://moc.example.org"
    found = entries(valid(client.get("/sitemap.xml").content, "sitemap.xsd"))
    addresses = [*found, *(href for alternates in found.values() for href in alternates.values())]
    assert all(address.startswith("https://moc.example.org/") for address in addresses)
    assert (
        "Sitemap: https://moc.example.org/sitemap.xml" in client.get("/robots.txt").content.decode()
    )


def test_lastmod_is_when_the_content_last_changed(seeded, client):
    document = valid(client.get("/sitemap.xml").content, "sitemap.xsd")
    lastmods = {
        urlsplit(url.findtext("s:loc", namespaces=SITEMAP_NS)).path: url.findtext(
            "s:lastmod", namespaces=SITEMAP_NS
        )
        for url in document.findall("s:url", SITEMAP_NS)
    }
    rows = [*Event.objects.published(), *Publication.objects.published()]
    for row in rows:
        for lang in ("fr", "en"):
            assert lastmods[obj_url(row, lang)] == f"{timezone.localtime(row.updated_at).date()}"
    assert lastmods["/fr/"] is None  # a fixed page has no date of its own: none is made up


def test_a_large_site_gets_a_sitemap_index(seeded, client, monkeypatch):
    single = set(entries(valid(client.get("/sitemap.xml").content, "sitemap.xsd")))
    monkeypatch.setattr(site_sitemaps, "MAX_URLS", 20)
    monkeypatch.setattr(site_sitemaps.I18nSitemap, "limit", 20)
    caches["pages"].clear()  # the page cache has the small site's sitemap
    index = valid(client.get("/sitemap.xml").content, "siteindex.xsd")
    files = [loc.text for loc in index.findall("s:sitemap/s:loc", SITEMAP_NS)]
    assert any("?p=2" in address for address in files)
    assert all(address.startswith("http://testserver/sitemap-") for address in files)
    paged = set()
    for address in files:
        response = client.get(path_of(address))
        assert response.status_code == 200, address
        part = entries(valid(response.content, "sitemap.xsd"))
        assert 0 < len(part) <= 20
        paged |= set(part)
    assert paged == single
    assert client.get("/sitemap-nope.xml").status_code == 404
    assert client.get("/sitemap-pages.xml?p=99").status_code == 404
