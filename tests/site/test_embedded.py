"""The layout's one query (Centre.get_profile): the raw SQL of the footer's networks keeps
exactly the networks published() keeps, in every publishing state, on both databases."""

import itertools
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from centre.models import Centre, Network
from centre.models.profile import FOOTER_NETWORK_FIELDS
from mocsite.embedded import embedded_rows_sql, instances
from mocsite.models import ignoring_schedule, published_sql

pytestmark = pytest.mark.django_db


@pytest.fixture
def every_state():
    """A network for each combination of the box, the go-live time and the expiry time."""
    now = timezone.now()
    times = [None, now - timedelta(hours=1), now + timedelta(hours=1)]
    for number, (ticked, go_live, expire) in enumerate(
        itertools.product([True, False], times, times)
    ):
        Network.objects.create(
            name=f"Network {number}",
            ordering=number,
            is_published=ticked,
            go_live_at=go_live,
            expire_at=expire,
            full_name_fr=f"Réseau {number}",
            full_name_en=f"Network {number} in full",
        )


def _raw_networks():
    sql, params = embedded_rows_sql(Network, FOOTER_NETWORK_FIELDS, published_sql)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        (rows,) = cursor.fetchone()
    return instances(Network, FOOTER_NETWORK_FIELDS, rows)


def test_the_raw_condition_keeps_what_published_keeps(every_state):
    expected = list(Network.objects.published().values_list("pk", flat=True))
    # Ticked, live since an hour or always, expiring in an hour or never: 4 of 18.
    assert len(expected) == 4
    assert [network.pk for network in _raw_networks()] == expected


def test_ignoring_the_schedule_keeps_every_ticked_row(every_state):
    with ignoring_schedule():
        expected = list(Network.objects.published().values_list("pk", flat=True))
        found = [network.pk for network in _raw_networks()]
    assert len(expected) == 9
    assert found == expected


def test_the_profile_brings_its_networks_in_one_query(
    every_state, django_assert_num_queries, settings
):
    Centre.objects.create(name="Centre", short_name="MOC")
    with django_assert_num_queries(1):
        centre = Centre.get_profile()
        networks = centre.footer_networks
    assert [n.name for n in networks] == [
        n.name for n in Network.objects.published().order_by("ordering", "pk")
    ]
    # The translated fields fall back as the model's own do.
    assert networks[0].full_name_en.endswith("in full")


def test_no_network_and_no_profile():
    assert _raw_networks() == []
    assert Centre.get_profile() is None
