"""Queries per page: bounded, and the same with ten times the content (every list that
grows is paged or capped). Each count is a full render: the page cache is emptied first."""

import io

import pytest
from django.core.cache import caches
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from centre.models import Disease, Event, Person
from podcasts.models import Episode, Series
from publications.models import Publication

pytestmark = pytest.mark.django_db

# The disease page gathers six kinds of content (care protocols, trials, registries,
# events, episodes, publications with their team authors): one query each.
# The home page shows what is alive besides the centre: the next event, the latest episodes
# and the latest publications, one query each.
LIMITS = {"centre:disease_detail": 10, "centre:home": 9}
DEFAULT_LIMIT = 8


def pages():
    """(name, address) of one page of each kind, in French."""
    with translation.override("fr"):
        named = [
            "centre:home",
            "centre:about",
            "centre:team",
            "centre:disease_list",
            "centre:care_protocols",
            "centre:research",
            "centre:event_list",
            "centre:contact",
            "centre:legal_notice",
            "podcasts:list",
            "publications:list",
            "talks:list",
        ]
        found = [(name, reverse(name)) for name in named]
        objects = {
            "centre:person": Person.objects.get(slug="christian-roux"),
            "centre:disease_detail": Disease.objects.get(slug_en="hypophosphatasia"),
            "centre:event_detail": Event.objects.published().order_by("pk").first(),
            "podcasts:series": Series.objects.published().first(),
            "podcasts:episode": Episode.objects.published().first(),
            "publications:detail": Publication.objects.published().order_by("pk").first(),
        }
        found += [(name, obj.get_absolute_url()) for name, obj in objects.items()]
        member = reverse("publications:list") + "?member=christian-roux"
        found.append(("publications:list", member))
    return found


def render_queries(client, address):
    caches["pages"].clear()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(address)
    assert response.status_code == 200, address
    return len(queries)


def test_queries_per_page_are_bounded_and_do_not_grow(seeded, client):
    before = {address: render_queries(client, address) for _name, address in pages()}
    for name, address in pages():
        assert before[address] <= LIMITS.get(name, DEFAULT_LIMIT), (address, before[address])
    call_command("generate_content", "--factor", "10", stdout=io.StringIO())
    after = {address: render_queries(client, address) for _name, address in pages()}
    assert after == before
