"""The podcast pages are paged: the series list (24 a page) and each series' episodes (20 a
page, its JSON-LD listing the page's only), with one address a page in both languages."""

import json
import re

import pytest

from centre.models import Disease
from podcasts.models import Episode, Series
from podcasts.views import EPISODES_PAGE_SIZE, SeriesListView
from tests.helpers import more_diseases
from tests.site.outputs_helpers import obj_url, url
from tests.site.test_queries import render_queries

pytestmark = pytest.mark.django_db

NOT_A_PAGE = ["２", "99", "0", "02", "abc"]


def html_of(client, path, **params):
    response = client.get(path, params)
    assert response.status_code == 200, (path, params)
    return response.content.decode()


def alternates(html):
    """{language: address} of the page's hreflang alternates (x-default left out)."""
    found = re.findall(r'<link rel="alternate" hreflang="(fr|en)" href="([^"]+)">', html)
    return dict(found)


def canonical(html):
    return re.search(r'<link rel="canonical" href="([^"]+)">', html).group(1)


# --- the series list ----------------------------------------------------------------------


def more_series(count):
    """`count` series of `count` new diseases, all at one place in the order: only their
    pk sorts them."""
    more_diseases(count)
    diseases = Disease.objects.filter(slug_en__startswith="disease-").order_by("slug_en")
    Series.objects.bulk_create(
        Series(
            disease=disease,
            title_fr=f"Série {i:03d}",
            title_en=f"Series {i:03d}",
            slug=f"serie-{i:03d}",
            slug_fr=f"serie-{i:03d}",
            slug_en=f"series-{i:03d}",
            ordering=5,
        )
        for i, disease in enumerate(diseases)
    )


SERIES_LINK = re.compile(r'<li class="card podcast-series-card">\s*<h2><a href="([^"]+)">')


def test_the_series_list_is_paged_in_its_order(series, client):
    size = SeriesListView.paginate_by
    assert size == 24
    more_series(size + 4)  # with the fixture's series (ordering 0, first): 29, 24 and 5
    listed = [obj_url(s, "en") for s in Series.objects.for_listing()]
    assert listed[0] == obj_url(series, "en")
    path = url("podcasts:list", "en")
    first, second = html_of(client, path), html_of(client, path, page=2)
    assert SERIES_LINK.findall(first) == listed[:size]
    assert SERIES_LINK.findall(second) == listed[size:]
    assert "Page 1 of 2" in first and 'href="?page=2" rel="next"' in first
    assert "Page 2 of 2" in second and f'href="{path}" rel="prev"' in second  # no ?page=1
    assert "<title>Podcasts · page 2 · " in second
    # The RSS alternates are the page's series only.
    assert second.count('type="application/rss+xml"') == len(listed) - size
    assert html_of(client, path, page="last") == second
    for wrong in NOT_A_PAGE:
        assert client.get(path, {"page": wrong}).status_code == 404, wrong


def test_page_two_of_the_series_list_is_page_two_in_both_languages(series, client):
    more_series(SeriesListView.paginate_by)
    for lang, other in (("fr", "en"), ("en", "fr")):
        html = html_of(client, url("podcasts:list", lang), page=2)
        assert canonical(html) == f"http://testserver{url('podcasts:list', lang)}?page=2"
        assert alternates(html) == {
            code: f"http://testserver{url('podcasts:list', code)}?page=2" for code in (lang, other)
        }


def test_a_short_series_list_has_no_pagination(series, client):
    html = html_of(client, url("podcasts:list", "fr"))
    assert len(SERIES_LINK.findall(html)) == 1
    assert 'class="pagination"' not in html
    assert client.get(url("podcasts:list", "fr"), {"page": 2}).status_code == 404


# --- a series' episodes -------------------------------------------------------------------


def more_episodes(series, count, start=0):
    """`count` published episodes of `series`, in pairs at one place in the order (the pk
    decides within a pair), and an unpublished one, which no page lists."""
    Episode.objects.bulk_create(
        Episode(
            series=series,
            title_fr=f"Épisode {n}",
            title_en=f"Episode {n}",
            slug=f"e-{n}",
            slug_fr=f"e-{n}",
            slug_en=f"e-{n}",
            speaker_name_fr="Dr Y",
            speaker_name_en="Dr Y",
            ordering=n // 2,
        )
        for n in range(start, start + count)
    )
    Episode.objects.create(
        series=series,
        title="Brouillon",
        slug=f"brouillon-{start}",
        speaker_name="Dr Z",
        ordering=start // 2,
        is_published=False,
    )


EPISODE_LINK = re.compile(r'<h3 class="podcast-episode-title"><a href="([^"]+)">')


def listed_episodes(series, lang):
    with_order = Episode.objects.published().filter(series=series).order_by("ordering", "pk")
    return [obj_url(episode, lang) for episode in with_order]


def test_a_series_lists_its_episodes_a_page_at_a_time(series, client):
    size = EPISODES_PAGE_SIZE
    assert size == 20
    more_episodes(series, size + 7)
    listed = listed_episodes(series, "en")
    assert len(listed) == size + 7 and listed[0].endswith("/e-0/")
    path = obj_url(series, "en")
    first, second = html_of(client, path), html_of(client, path, page=2)
    assert EPISODE_LINK.findall(first) == listed[:size]
    assert EPISODE_LINK.findall(second) == listed[size:]
    assert "Brouillon" not in first + second
    assert '<ol class="podcast-episodes">' in first  # numbered on from page 1's
    assert f'<ol class="podcast-episodes" start="{size + 1}">' in second
    assert "Page 1 of 2" in first and 'href="?page=2" rel="next"' in first
    assert f'href="{path}" rel="prev"' in second and "Previous episodes" in second
    assert "<title>Focus on hypophosphatasia · page 2 — Podcasts" in second
    assert html_of(client, path, page="last") == second
    for wrong in NOT_A_PAGE:
        assert client.get(path, {"page": wrong}).status_code == 404, wrong
    french = html_of(client, obj_url(series, "fr"), page=2)
    assert "Page 2 sur 2" in french and "Épisodes précédents" in french


def series_json_ld(html):
    blocks = re.findall(r'<script type="application/ld\+json"[^>]*>(.*?)</script>', html, re.S)
    (data,) = [b for b in map(json.loads, blocks) if b.get("@type") == "PodcastSeries"]
    return data


def test_the_series_json_ld_lists_the_page_s_episodes(series, client):
    more_episodes(series, EPISODES_PAGE_SIZE + 3)
    listed = listed_episodes(series, "en")
    path = obj_url(series, "en")
    for page, episodes in ((1, listed[:EPISODES_PAGE_SIZE]), (2, listed[EPISODES_PAGE_SIZE:])):
        data = series_json_ld(html_of(client, path, page=page))
        assert [part["url"] for part in data["hasPart"]] == [
            f"http://testserver{address}" for address in episodes
        ]
        assert data["url"] == f"http://testserver{path}"  # the series, on every page


def test_page_two_of_a_series_is_page_two_in_both_languages(series, client):
    """The language links of an object's page (mocsite.links.language_links with the
    series) keep its page number, as the canonical address does."""
    more_episodes(series, EPISODES_PAGE_SIZE + 1)
    for lang in ("fr", "en"):
        html = html_of(client, obj_url(series, lang), page=2)
        assert canonical(html) == f"http://testserver{obj_url(series, lang)}?page=2"
        assert alternates(html) == {
            code: f"http://testserver{obj_url(series, code)}?page=2" for code in ("fr", "en")
        }
        other = "en" if lang == "fr" else "fr"
        switch = f'<a href="{obj_url(series, other)}?page=2" hreflang="{other}"'
        assert switch in html
    # The other language's slug leads to this language's address, on the same page.
    french_slug = obj_url(series, "en").replace("hypophosphatasia", "hypophosphatasie")
    response = client.get(french_slug, {"page": 2})
    assert response.status_code == 301
    assert response["Location"] == obj_url(series, "en") + "?page=2"


def test_a_short_series_has_no_pagination(series, client):
    more_episodes(series, 3)
    html = html_of(client, obj_url(series, "en"))
    assert len(EPISODE_LINK.findall(html)) == 3
    assert 'class="pagination"' not in html
    assert client.get(obj_url(series, "en"), {"page": 2}).status_code == 404
    other = Disease.objects.create(
        name_fr="Autre", name_en="Other", slug="autre", slug_fr="autre", slug_en="other"
    )
    empty = Series.objects.create(
        disease=other, title_fr="Vide", title_en="Empty", slug_fr="vide", slug_en="empty"
    )
    html = html_of(client, obj_url(empty, "en"))
    assert "No episode has been published yet." in html and 'class="pagination"' not in html


def test_a_series_page_costs_the_same_with_ten_times_the_episodes(series, client):
    more_episodes(series, EPISODES_PAGE_SIZE + 5)
    path = obj_url(series, "fr")
    before = [render_queries(client, f"{path}?page={page}") for page in ("1", "2", "last")]
    more_episodes(series, 10 * EPISODES_PAGE_SIZE, start=1000)
    after = [render_queries(client, f"{path}?page={page}") for page in ("1", "2", "last")]
    assert after == before and max(before) <= 8
