"""Every paged list reads `?page=` by one rule (mocsite/paging.py): a plain number of a
page there is, or "last"; any other spelling, full-width or superscript digits included,
is a 404 and not the page under a second address."""

from datetime import date

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import translation
from django.views.generic import ListView

from centre.models import Disease, Event, Person
from mocsite.paging import PlainPageNumbers
from podcasts.models import Episode, Series
from podcasts.views import EPISODES_PAGE_SIZE
from publications.models import Publication, Talk
from tests.helpers import more_diseases

pytestmark = pytest.mark.django_db


def more_people(count):
    Person.objects.bulk_create(
        Person(first_name=f"Prénom{i:03d}", last_name=f"Nom{i:03d}", slug=f"membre-{i:03d}")
        for i in range(count)
    )


def more_events(count):
    for i in range(count):  # save() fills the last day the list sorts by
        Event.objects.create(
            slug=f"ancien-{i:03d}",
            title_fr=f"Ancien {i}",
            title_en=f"Past {i}",
            start_date=date(2000, 1, 1 + i % 28),
        )


def more_publications(count):
    for i in range(count):
        Publication.objects.create(title=f"Extra {i}", journal="Bone", date=date(2001, 1, 1))


def more_talks(count):
    Talk.objects.bulk_create(Talk(title=f"Extra {i}", date=date(2001, 1, 1)) for i in range(count))


def more_series(count):
    more_diseases(count)
    Series.objects.bulk_create(
        Series(disease=disease, title=disease.name, slug=disease.slug, slug_en=disease.slug_en)
        for disease in Disease.objects.filter(ordering__gte=1000)
    )


def first_series():
    return Series.objects.published().order_by("ordering", "pk").first()


def more_episodes(count):
    Episode.objects.bulk_create(
        Episode(series=first_series(), title=f"Extra {i}", slug=f"extra-{i}", speaker_name="Y")
        for i in range(count)
    )


# Each list, with what gives it a second page whatever the seed holds.
LISTS = {
    "centre:team": more_people,
    "centre:event_list": more_events,
    "centre:disease_list": more_diseases,
    "publications:list": more_publications,
    "talks:list": more_talks,
    "podcasts:list": more_series,
    "podcasts:series": more_episodes,  # a series' episodes (a function view)
}


def list_url(name):
    with translation.override("en"):
        if name == "podcasts:series":
            return first_series().get_absolute_url()
        return reverse(name)


def with_two_pages(name):
    """Fills the list `name` up to two pages (one page's worth more than the seed)."""
    path = list_url(name)
    with translation.override("en"):
        view = getattr(get_resolver().resolve(path).func, "view_class", None)
    LISTS[name](view.paginate_by if view else EPISODES_PAGE_SIZE)
    return path


@pytest.mark.parametrize("name", LISTS)
def test_page_two_and_the_last_page_are_served(seeded, client, name):
    path = with_two_pages(name)
    second = client.get(path, {"page": "2"})
    assert second.status_code == 200
    html = second.content.decode()
    assert "Page 2 of 2" in html and 'rel="prev"' in html
    last = client.get(path, {"page": "last"})
    assert last.status_code == 200 and "Page 2 of 2" in last.content.decode()
    assert client.get(path, {"page": ""}).status_code == 200  # the first page


@pytest.mark.parametrize("name", LISTS)
def test_the_last_page_is_named_by_its_number(seeded, client, name):
    """`?page=last` is page 2 under another address: its canonical address and language
    links name page 2, and page 2 links back to page 1 at the list's own address."""
    path = with_two_pages(name)
    last = client.get(path, {"page": "last"}).content.decode()
    assert f'<link rel="canonical" href="http://testserver{path}?page=2">' in last
    assert f'hreflang="en" href="http://testserver{path}?page=2"' in last
    assert "page=last" not in last and "page=1" not in last
    assert f'href="{path}" rel="prev"' in last


# Full-width, superscript and Arabic-Indic digits, which int() or isdigit() take, and
# what int() reads around a number.
NOT_PLAIN = ["２", "²", "٢", "1e3", " 2", "2 ", "+2", "2.0", "-1", "0x2", "02", "0"]


@pytest.mark.parametrize("name", LISTS)
def test_a_page_number_not_written_plainly_is_a_404(seeded, client, name):
    path = with_two_pages(name)
    statuses = {page: client.get(path, {"page": page}).status_code for page in NOT_PLAIN}
    assert statuses == dict.fromkeys(NOT_PLAIN, 404)


def paged_list_views(patterns=None):
    """The ListViews of the URLconf that cut their list into pages."""
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            yield from paged_list_views(pattern.url_patterns)
        elif isinstance(pattern, URLPattern):
            view = getattr(pattern.callback, "view_class", None)
            if view and issubclass(view, ListView) and view.paginate_by:
                yield view


def test_every_paged_list_reads_its_page_by_the_one_rule():
    views = set(paged_list_views())
    # team, events, diseases, publications, talks, podcast series
    assert {view.__name__ for view in views} >= {
        "TeamView",
        "EventListView",
        "DiseaseListView",
        "PublicationListView",
        "TalkListView",
        "SeriesListView",
    }
    assert [view.__name__ for view in views if not issubclass(view, PlainPageNumbers)] == []
