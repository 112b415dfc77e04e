"""Queries per page: bounded, and the same with ten times the content (every list that
grows is paged or capped). Each count is a full render, the page cache middleware off."""

import io

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from centre.models import Disease, Event, Person
from podcasts.models import Episode, Series
from publications.models import Publication
from tests.helpers import write_emergency_sheet_and_questions

pytestmark = pytest.mark.django_db

# The disease page gathers six kinds of content (care protocols, trials, registries,
# events, episodes, publications): one query each, with the disease and the centre (whose
# query brings the footer's networks, mocsite.embedded); the home page shows the next
# event, the latest episodes and publications, the focus diseases, missions, key figures
# and the head of the centre. A page the page cache stores costs one more, not counted
# here: the next go-live or expiry time, which ends its lifetime
# (mocsite.publishing.next_change).
LIMIT = 8
PAGE_CACHE = {"mocsite.cache.UpdateCacheMiddleware", "mocsite.cache.FetchFromCacheMiddleware"}


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
            "centre:referral",
            "centre:transition",
            "centre:glossary",
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
        # The emergency sheet and the questions are written in the test (the seed has none).
        found.append(
            ("centre:disease_emergency", objects["centre:disease_detail"].get_emergency_sheet_url())
        )
        member = reverse("publications:list") + "?member=christian-roux"
        found.append(("publications:list", member))
        # The last page of the lists that grow with the content (the first page with the
        # seed; with ten times the content, the talks and the series have more pages).
        found += [
            ("talks:list", reverse("talks:list") + "?page=last"),
            ("podcasts:list", reverse("podcasts:list") + "?page=last"),
            ("podcasts:series", objects["podcasts:series"].get_absolute_url() + "?page=last"),
        ]
    return found


def count_queries(client, address):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(address)
    assert response.status_code == 200, address
    return len(queries)


def render_queries(client, address):
    """Queries of a full render (the second: sessions and the like are set up)."""
    with override_settings(MIDDLEWARE=[m for m in settings.MIDDLEWARE if m not in PAGE_CACHE]):
        count_queries(client, address)
        return count_queries(client, address)


def test_queries_per_page_are_bounded_and_do_not_grow(seeded, client):
    write_emergency_sheet_and_questions()
    before = {address: render_queries(client, address) for _name, address in pages()}
    over = {address: count for address, count in before.items() if count > LIMIT}
    assert not over
    call_command("generate_content", "--factor", "10", stdout=io.StringIO())
    after = {address: render_queries(client, address) for _name, address in pages()}
    assert after == before
