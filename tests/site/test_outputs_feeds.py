"""Atom feeds of new publications (all, and per disease), read by feedparser, linked from
the pages that list them; in both languages."""

import pytest
from django.test import Client

from publications.models import Publication
from tests.site.outputs_helpers import LANGUAGES, head_links, obj_url, parse_html, rich_content, url

pytestmark = pytest.mark.django_db

ATOM = "application/atom+xml"


def read(client, path, **headers):
    import feedparser

    response = client.get(path, headers=headers)
    assert response.status_code == 200, path
    assert response["Content-Type"].startswith(ATOM)
    parsed = feedparser.parse(response.content)
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.version == "atom10"
    return parsed


@pytest.fixture
def content(seeded):
    return rich_content()


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_feed_of_new_publications(client, content, lang):
    parsed = read(client, url("publications:feed", lang))
    assert parsed.feed.language == lang
    assert parsed.feed.title.endswith({"fr": "Publications", "en": "Publications"}[lang])
    assert parsed.feed.author  # Atom wants one: the centre
    assert parsed.feed.link == "http://testserver" + url("publications:list", lang)
    self_link = next(link.href for link in parsed.feed.links if link.rel == "self")
    assert self_link == "http://testserver" + url("publications:feed", lang)
    published = Publication.objects.published()
    assert len(parsed.entries) == published.count()
    newest = parsed.entries[0]  # the last one added to the site comes first
    article = content["article"]
    assert newest.title == article.title
    assert newest.link == "http://testserver" + obj_url(article, lang)
    assert newest.id.startswith("urn:uuid:")
    assert "J Bone Miner Res" in newest.summary and "https://doi.org/" in newest.summary
    assert [tag.term for tag in newest.tags] == [
        content["disease"].name_fr if lang == "fr" else content["disease"].name_en
    ]
    assert newest.published_parsed and newest.updated_parsed


def test_entry_ids_do_not_depend_on_the_host(client, content, settings):
    settings.ALLOWED_HOSTS = ["testserver", "moc.example.org"]
    first = {e.id for e in read(client, url("publications:feed", "en")).entries}
    other = {
        e.id for e in read(Client(), url("publications:feed", "en"), host="moc.example.org").entries
    }
    assert first == other
    feed_ids = {read(client, url("publications:feed", lang)).feed.id for lang in LANGUAGES}
    assert len(feed_ids) == 2  # a feed of its own in each language


@pytest.mark.parametrize("lang", LANGUAGES)
def test_each_disease_has_its_feed_linked_from_its_pages(client, content, lang):
    disease = content["disease"]
    slug = getattr(disease, f"slug_{lang}")
    path = url("publications:disease_feed", lang, disease=slug)
    parsed = read(client, path)
    expected = {p.title for p in Publication.objects.published().filter(diseases=disease)}
    assert {entry.title for entry in parsed.entries} == expected
    assert disease.name_fr in parsed.feed.title or disease.name_en in parsed.feed.title
    assert parsed.feed.link == f"http://testserver{url('publications:list', lang)}?disease={slug}"
    assert client.get(url("publications:disease_feed", lang, disease="nope")).status_code == 404
    for page in (obj_url(disease, lang), f"{url('publications:list', lang)}?disease={slug}"):
        html = client.get(page).content.decode()
        feeds = [link["href"] for link in head_links(html, "alternate") if link.get("type") == ATOM]
        assert path in feeds, page
        visible = [a.get("href") for a in parse_html(html).find(".//main").iter("a")]
        assert path in visible, page
    html = client.get(url("publications:list", lang)).content.decode()
    assert [link["href"] for link in head_links(html, "alternate") if link.get("type") == ATOM] == [
        url("publications:feed", lang)
    ]
