"""The talks list is paged, 20 a page, newest first, in one stable order, with one address
a page in both languages."""

import re
from datetime import date

import pytest

from publications.models import Talk
from publications.views import TalkListView
from tests.site.outputs_helpers import url

pytestmark = pytest.mark.django_db

TALK_ITEM = re.compile(r'<li id="talk-(\d+)">')


def talks_of(client, lang="en", **params):
    response = client.get(url("talks:list", lang), params)
    assert response.status_code == 200, params
    html = response.content.decode()
    return html, [int(pk) for pk in TALK_ITEM.findall(html)]


def tied_talks(count):
    """`count` talks of one day and one title: only their pk orders them."""
    return [Talk.objects.create(title="Même titre", date=date(2020, 5, 4)).pk for _ in range(count)]


def test_talks_are_paged_newest_first_in_a_stable_order(db, client):
    size = TalkListView.paginate_by
    assert size == 20
    newest = Talk.objects.create(title="La plus récente", date=date(2024, 1, 9))
    tied = tied_talks(size + 3)
    undated = Talk.objects.create(title="Sans date")  # after every dated one
    Talk.objects.create(title="Brouillon", date=date(2024, 2, 1), is_published=False)
    first, first_ids = talks_of(client)
    second, second_ids = talks_of(client, page=2)
    assert first_ids == [newest.pk, *tied[: size - 1]]
    assert second_ids == [*tied[size - 1 :], undated.pk]
    assert "Brouillon" not in first + second
    assert "Page 1 of 2" in first and 'href="?page=2" rel="next"' in first
    assert 'rel="prev"' not in first and "Older talks" in first
    path = url("talks:list", "en")
    assert "Page 2 of 2" in second and f'href="{path}" rel="prev"' in second  # no ?page=1
    assert "Newer talks" in second and 'rel="next"' not in second
    assert "<title>Talks · page 2 · " in second
    # The year groups go on over the pages: page 2 has 2020's heading again.
    assert '<h2 id="talks-2020">2020</h2>' in first and '<h2 id="talks-2020">2020</h2>' in second
    assert '<h2 id="talks-undated">Date not given</h2>' in second
    assert talks_of(client, page="last") == (second, second_ids)
    for wrong in ("２", "99", "0", "02", "abc"):
        assert client.get(path, {"page": wrong}).status_code == 404, wrong
    french, _ids = talks_of(client, "fr", page=2)
    assert "Page 2 sur 2" in french and "Communications plus récentes" in french


def test_page_two_of_the_talks_is_page_two_in_both_languages(db, client):
    tied_talks(TalkListView.paginate_by + 1)
    for lang in ("fr", "en"):
        html, _ids = talks_of(client, lang, page=2)
        own = f"http://testserver{url('talks:list', lang)}?page=2"
        assert f'<link rel="canonical" href="{own}">' in html
        for code in ("fr", "en"):
            address = f"http://testserver{url('talks:list', code)}?page=2"
            assert f'<link rel="alternate" hreflang="{code}" href="{address}">' in html
        # The last page is named by its number, as page 2 is.
        assert talks_of(client, lang, page="last")[0] == html


def test_a_short_talks_list_has_no_pagination(db, client):
    tied_talks(3)
    html, ids = talks_of(client)
    assert len(ids) == 3 and 'class="pagination"' not in html
    assert "<title>Talks · " in html
    assert client.get(url("talks:list", "en"), {"page": 2}).status_code == 404
