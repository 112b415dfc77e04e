"""The benchmark's pieces (`make bench`): no timing here, only that they are safe and work."""

import io

import pytest
from django.core.management import call_command
from django.test import RequestFactory
from django.urls import NoReverseMatch, reverse

from centre.models import Disease, Event, Person, Trial
from podcasts.models import Episode, Series
from publications.models import Publication, Talk
from tests.bench import harness as bench
from tests.bench.bare import BARE_PAGE_SIZE, bare

pytestmark = pytest.mark.django_db


def test_bare_view_is_not_mounted_by_default(client):
    with pytest.raises(NoReverseMatch):
        reverse("bench_bare")
    assert client.get("/bench/bare/", follow=True).status_code == 404


def test_bare_view_returns_a_fixed_uncached_page():
    response = bare(RequestFactory().get("/bench/bare/"))
    assert response.status_code == 200
    assert len(response.content) == BARE_PAGE_SIZE
    assert response.content.startswith(b"<!DOCTYPE html>")
    assert "no-store" in response["Cache-Control"]  # never in the page cache


def generate(factor):
    out = io.StringIO()
    call_command("generate_content", "--factor", str(factor), stdout=out)
    return out.getvalue()


MULTIPLIED = [Person, Disease, Series, Episode, Publication, Talk, Event, Trial]


def test_generate_content_multiplies_the_seed_in_both_languages(seeded):
    before = {model: model.objects.count() for model in MULTIPLIED}
    authorships = Publication.team_authors.through.objects.count()
    generate(2)
    for model in MULTIPLIED:
        assert model.objects.count() == 2 * before[model], model

    copy = Disease.objects.get(slug_en="hypophosphatasia-2")
    assert copy.name_fr and copy.name_en and copy.slug_fr != copy.slug_en
    assert copy.orpha_code is None and not copy.is_focus
    episode = Episode.objects.order_by("-pk").first()
    assert episode.title_fr and episode.title_en and episode.slug_fr and episode.slug_en
    assert episode.series.disease.slug_en.endswith("-2")
    assert not Person.objects.filter(is_head=True).exclude(slug="christian-roux").exists()
    assert (
        Publication.objects.exclude(pmid="").values("pmid").distinct().count()
        == Publication.objects.exclude(pmid="").count()
    )
    # The copies' links were copied too.
    assert Publication.team_authors.through.objects.count() == 2 * authorships

    assert "nothing to do" in generate(2)  # a second run changes nothing
    assert Publication.objects.count() == 2 * before[Publication]


def test_generated_pages_answer(seeded, client):
    generate(2)
    copy = Disease.objects.get(slug_en="hypophosphatasia-2")
    assert client.get(copy.get_absolute_url()).status_code == 200
    episode = Episode.objects.order_by("-pk").first()
    assert client.get(episode.get_absolute_url()).status_code == 200
    assert client.get(reverse("centre:team")).status_code == 200


def test_wrk_output_is_parsed():
    output = """Running 3s test @ http://127.0.0.1:8000/fr/
  1 threads and 8 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency    10.00ms    2.00ms  40.00ms   90.00%
  Latency Distribution
     50%    9.43ms
     75%   10.00ms
     90%   12.00ms
     99%    1.20s
  300 requests in 3.00s, 2.00MB read
  Socket errors: connect 0, read 1, write 0, timeout 2
  Non-2xx or 3xx responses: 4
Requests/sec:    100.50
Transfer/sec:    683.00KB
"""
    result = bench.parse_wrk(output)
    assert result["rps"] == 100.5
    assert result["p50"] == pytest.approx(9.43)
    assert result["p99"] == pytest.approx(1200)
    assert result["requests"] == 300
    assert result["errors"] == 7
