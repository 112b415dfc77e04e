"""Links that clients follow, read from the pages with html5lib: a filtered publication
list's canonical, hreflang and x-default agree with each other, with the other
language's page and with the sitemap; each language links Orphanet in that language."""

import xml.etree.ElementTree as ET

import pytest
from django.core.cache import caches

from centre.models import Disease
from publications.views import PublicationListView
from tests.site.outputs_helpers import (
    LANGUAGES,
    SITEMAP_NS,
    json_ld_blocks,
    obj_url,
    parse_html,
    url,
)

pytestmark = pytest.mark.django_db

OTHER = {"fr": "en", "en": "fr"}


def head(client, path):
    response = client.get(path)
    assert response.status_code == 200, path
    tree = parse_html(response.content.decode())
    links = list(tree.iter("link"))
    (canonical,) = [link.get("href") for link in links if link.get("rel") == "canonical"]
    alternates = {
        link.get("hreflang"): link.get("href")
        for link in links
        if link.get("rel") == "alternate" and link.get("hreflang")
    }
    return canonical, alternates


def hpp():
    return Disease.objects.get(slug_en="hypophosphatasia")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_filtered_lists_have_one_address_everywhere(seeded, client, monkeypatch, lang):
    monkeypatch.setattr(PublicationListView, "paginate_by", 2)
    disease = hpp()
    base = url("publications:list", lang)
    queries = [
        f"disease={getattr(disease, f'slug_{lang}')}",
        "member=christian-roux",
        "year=2020",
        "year=2020&page=2",
        f"year=2020&disease={getattr(disease, f'slug_{lang}')}",
    ]
    for query in queries:
        canonical, alternates = head(client, f"{base}?{query}")
        assert set(alternates) == {"fr", "en", "x-default"}
        assert canonical == alternates[lang] == f"http://testserver{base}?{query}"
        assert alternates["x-default"] == alternates["fr"]
        # The other language's page says the same of itself and of this one.
        other_path = alternates[OTHER[lang]].removeprefix("http://testserver")
        other_canonical, other_alternates = head(client, other_path)
        assert other_canonical == alternates[OTHER[lang]]
        assert other_alternates == alternates


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_wrong_filter_points_at_the_list_without_it(seeded, client, lang):
    base = url("publications:list", lang)
    canonical, alternates = head(client, f"{base}?year=2020&member=nope")
    assert canonical == alternates[lang] == f"http://testserver{base}?year=2020"
    # The other language's slug of a disease: the address in this language's slug.
    disease = hpp()
    canonical, alternates = head(
        client, f"{base}?disease={getattr(disease, f'slug_{OTHER[lang]}')}"
    )
    assert canonical == f"http://testserver{base}?disease={getattr(disease, f'slug_{lang}')}"


def test_the_plain_list_says_what_the_sitemap_says(seeded, client):
    root = ET.fromstring(client.get("/sitemap.xml").content)
    in_sitemap = {
        url_.findtext("s:loc", namespaces=SITEMAP_NS): {
            link.get("hreflang"): link.get("href") for link in url_.findall("x:link", SITEMAP_NS)
        }
        for url_ in root.findall("s:url", SITEMAP_NS)
    }
    for lang in LANGUAGES:
        caches["pages"].clear()
        canonical, alternates = head(client, url("publications:list", lang))
        assert in_sitemap[canonical] == alternates


@pytest.mark.parametrize("lang", LANGUAGES)
def test_orphanet_is_linked_in_the_language_of_the_page(seeded, client, lang):
    oi = Disease.objects.get(slug_en="osteogenesis-imperfecta")
    html = client.get(obj_url(oi, lang)).content.decode()
    expected = f"https://www.orpha.net/{lang}/disease/detail/666"
    links = [a for a in parse_html(html).iter("a") if "orpha.net" in (a.get("href") or "")]
    assert [a.get("href") for a in links] == [expected]
    assert links[0].get("hreflang") == lang
    (condition,) = [b for b in json_ld_blocks(html) if b["@type"] == "MedicalCondition"]
    assert condition["sameAs"] == expected
