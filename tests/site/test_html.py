"""Every public page parses as HTML without a single parse error, with unique ids."""

import re
import xml.etree.ElementTree as ET
from collections import Counter
from urllib.parse import urlparse

import html5lib
import pytest

from tests.helpers import write_emergency_sheet_and_questions

pytestmark = pytest.mark.django_db

SITEMAP_NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def site_paths(client):
    root = ET.fromstring(client.get("/sitemap.xml").content)
    paths = sorted({urlparse(loc.text).path for loc in root.findall("s:url/s:loc", SITEMAP_NS)})
    return paths + ["/fr/contact/", "/en/page-that-does-not-exist/"]


def test_every_page_is_well_formed_html(seeded, client):
    write_emergency_sheet_and_questions()  # then in the sitemap, and questions on a page
    problems = []
    paths = site_paths(client)
    assert len(paths) > 40
    for path in paths:
        html = client.get(path).content.decode()
        parser = html5lib.HTMLParser(strict=True, namespaceHTMLElements=False)
        try:
            parser.parse(html)
        except html5lib.html5parser.ParseError as error:
            problems.append(f"{path}: {error}")
            continue
        assert html.startswith("<!DOCTYPE html>"), path
        ids = Counter(re.findall(r'\sid="([^"]+)"', html))
        duplicated = [name for name, count in ids.items() if count > 1]
        if duplicated:
            problems.append(f"{path}: duplicate ids {duplicated}")
        if html.count("<h1") != 1:
            problems.append(f"{path}: {html.count('<h1')} <h1>")
    assert not problems, "\n".join(problems)
