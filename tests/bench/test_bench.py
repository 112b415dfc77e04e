"""The benchmark's pieces (`make bench`): no timing here, only that they are safe and work."""

import importlib
import io
import os
import subprocess
import time

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import Client, RequestFactory, override_settings
from django.urls import NoReverseMatch, reverse

from centre.models import Disease, Event, Person, Trial
from podcasts.models import Episode, Series
from publications.models import Publication, Talk
from tests.bench import harness as bench
from tests.bench import settings as bench_settings
from tests.bench.bare import BARE_PAGE_SIZE, bare

pytestmark = pytest.mark.django_db

PAGE_CACHE = ["mocsite.cache.UpdateCacheMiddleware", "mocsite.cache.FetchFromCacheMiddleware"]


def test_bare_view_is_not_mounted_by_the_site(client):
    with pytest.raises(NoReverseMatch):
        reverse("bench_bare")
    assert client.get("/bench/bare/", follow=True).status_code == 404


def test_bare_view_returns_a_fixed_uncached_page():
    response = bare(RequestFactory().get("/bench/bare/"))
    assert response.status_code == 200
    assert len(response.content) == BARE_PAGE_SIZE
    assert response.content.startswith(b"<!DOCTYPE html>")
    assert "no-store" in response["Cache-Control"]  # never in the page cache


@override_settings(
    ROOT_URLCONF="tests.bench.urls", MIDDLEWARE=bench_settings.DJANGO_CACHE_MIDDLEWARE
)
def test_the_floor_is_the_bare_page_served_by_djangos_cache_middleware():
    client = Client()
    first = client.get(bench.STORED_PATH, HTTP_HOST="127.0.0.1")
    assert first.status_code == 200 and len(first.content) == BARE_PAGE_SIZE
    assert "Age" not in first  # rendered, and stored on the way out
    again = client.get(bench.STORED_PATH, HTTP_HOST="127.0.0.1")
    assert again.content == first.content
    assert "Age" in again  # from the page cache, without calling the view
    # The baseline's address is never stored, by the same middleware.
    client.get(bench.BARE_PATH, HTTP_HOST="127.0.0.1")
    assert "Age" not in client.get(bench.BARE_PATH, HTTP_HOST="127.0.0.1")


@override_settings(ROOT_URLCONF="tests.bench.urls")
def test_bench_urlconf_puts_the_bare_view_before_the_site():
    assert reverse("bench_bare") == "/bench/bare/"
    assert reverse("centre:home").startswith("/fr/")  # the site's own pages are all there
    # Through the site's whole middleware (the diagnostic)…
    response = Client().get("/bench/bare/", HTTP_HOST="127.0.0.1")
    assert response.status_code == 200 and len(response.content) == BARE_PAGE_SIZE
    assert "Content-Security-Policy" in response and "X-Request-ID" in response
    # …and through none (the baseline).
    with override_settings(MIDDLEWARE=[]):
        response = Client().get("/bench/bare/", HTTP_HOST="127.0.0.1")
    assert response.status_code == 200 and len(response.content) == BARE_PAGE_SIZE
    assert "Content-Security-Policy" not in response and "X-Request-ID" not in response


@pytest.fixture
def reload_bench_settings(monkeypatch):
    def reload(**environ):
        for name in ("BENCH_PAGE_CACHE", "BENCH_MIDDLEWARE"):
            monkeypatch.delenv(name, raising=False)
        for name, value in environ.items():
            monkeypatch.setenv(name, value)
        return importlib.reload(bench_settings)

    yield reload
    monkeypatch.delenv("BENCH_PAGE_CACHE", raising=False)
    monkeypatch.delenv("BENCH_MIDDLEWARE", raising=False)
    importlib.reload(bench_settings)


def test_bench_settings_switch_the_page_cache_and_the_middleware(reload_bench_settings):
    from mocsite import settings as site

    default = reload_bench_settings()
    assert default.ROOT_URLCONF == "tests.bench.urls"
    assert default.MIDDLEWARE == site.MIDDLEWARE  # the page cache on, as in production
    assert default.DATABASES == site.DATABASES

    off = reload_bench_settings(BENCH_PAGE_CACHE="false")
    assert not set(PAGE_CACHE) & set(off.MIDDLEWARE)
    assert off.MIDDLEWARE == [name for name in site.MIDDLEWARE if name not in PAGE_CACHE]
    assert set(PAGE_CACHE) <= set(site.MIDDLEWARE)  # the site's own list is left alone

    assert reload_bench_settings(BENCH_MIDDLEWARE="none").MIDDLEWARE == []
    assert reload_bench_settings(BENCH_MIDDLEWARE="django-cache").MIDDLEWARE == [
        "django.middleware.cache.UpdateCacheMiddleware",
        "django.middleware.cache.FetchFromCacheMiddleware",
    ]


def test_servers_get_the_switches():
    env = {"DJANGO_SETTINGS_MODULE": "tests.bench.settings"}
    assert bench.server_env(env, "full")["BENCH_PAGE_CACHE"] == "false"
    assert bench.server_env(env, "cached")["BENCH_PAGE_CACHE"] == "true"
    assert bench.server_env(env, bare=True)["BENCH_MIDDLEWARE"] == "none"
    assert "BENCH_MIDDLEWARE" not in bench.server_env(env, "cached")
    assert bench.server_env(env, floor=True)["BENCH_MIDDLEWARE"] == "django-cache"


@override_settings(ROOT_URLCONF="tests.bench.urls")
def test_queries_are_counted_rendered_in_full_and_from_the_page_cache(seeded):
    pages = bench.pick_pages()
    assert {"home", "team", "publications", "events", "disease", "episode"} <= set(pages)
    assert "legal notice" in pages
    assert {"search", "search, typo", "search, identifier"} <= set(pages)
    counts = bench.count_queries({**pages, bench.DIAGNOSTIC: bench.BARE_PATH})
    assert all(counts["full"][page] > 0 for page in pages)  # rendered from the database
    stored = {counts["cached"][page] for page in [*pages, bench.DIAGNOSTIC]}
    searches = {counts["cached"][page] for page in pages if bench.is_search(page)}
    assert stored - searches == {0}  # every listed page is stored; a search never is
    assert all(0 < n <= bench.TARGET_SEARCH_QUERIES for n in searches)
    assert counts["full"][bench.DIAGNOSTIC] == 0
    assert set(PAGE_CACHE) <= set(settings.MIDDLEWARE)  # count_queries restored them


def test_the_benchmark_database_must_be_its_own():
    assert bench.check_database_name("mocsite_bench") == "mocsite_bench"
    for name in ("mocsite_ci", "test_mocsite_ci", "mocsite", "postgres", "bench; drop"):
        with pytest.raises(ValueError):
            bench.check_database_name(name)
    with pytest.raises(SystemExit):
        bench.parse_args(["--database", "mocsite_ci"])
    assert (
        bench.database_url("postgres://postgres@127.0.0.1:5432/postgres", "mocsite_bench")
        == "postgres://postgres@127.0.0.1:5432/mocsite_bench"
    )


def test_arguments(tmp_path):
    args = bench.parse_args(["--duration", "5", "--concurrency", "1,16", "--factors", "100,1"])
    assert (args.duration, args.levels, args.factors, args.workers) == (5, [1, 16], [1, 100], 2)
    for bad in (["--duration", "0"], ["--concurrency", "0"], ["--factors", "x"]):
        with pytest.raises(SystemExit):
            bench.parse_args(bad)
    env = bench.bench_env(args, tmp_path)
    assert env["DJANGO_SETTINGS_MODULE"] == "tests.bench.settings"
    assert env["DATABASE_URL"].endswith("/mocsite_bench")
    assert env["STATE_DIR"].startswith(str(tmp_path)) and env["GUNICORN_WORKERS"] == "2"
    assert "REDIS_URL" not in env
    assert (
        bench.bench_env(bench.parse_args(["--threads", "1"]), tmp_path)["GUNICORN_THREADS"] == "1"
    )


def test_gunicorn_configuration_is_reported(monkeypatch):
    monkeypatch.setenv("GUNICORN_WORKERS", "2")
    monkeypatch.setenv("GUNICORN_THREADS", "3")
    assert bench.gunicorn_workers().startswith("2 workers × 3 threads")


def test_wrk_runs_bounded_on_loopback():
    cmd = bench.wrk_command("http://127.0.0.1:1/fr/", 16, 5)
    assert cmd[cmd.index("-c") + 1] == "16" and cmd[cmd.index("-d") + 1] == "5s"
    assert "--latency" in cmd and cmd[cmd.index("--timeout") + 1] == "30s"


def test_cpu_time_is_read_for_a_process_and_its_children():
    proc = bench.spawn(["sh", "-c", "sleep 60 & sleep 60"], stdout=subprocess.DEVNULL)
    try:
        for _ in range(50):  # until sh has started its children
            if len(bench.descendants(proc.pid)) == 3:
                break
            time.sleep(0.05)
        assert len(bench.descendants(proc.pid)) == 3
        assert bench.process_cpu(os.getpid()) > 0
        assert bench.process_cpu(2**22 + 1) == 0.0  # no such process
    finally:
        bench.stop(proc, grace=5)
    assert bench.cpu_used({1: 1.0, 2: 5.0}, {1: 1.5, 2: 4.0, 3: 0.25}) == pytest.approx(0.75)


def test_stop_ends_the_whole_process_group():
    proc = bench.spawn(["sh", "-c", "sleep 60 & sleep 60"], stdout=subprocess.DEVNULL)
    bench.stop(proc, grace=5)
    assert proc.poll() is not None and proc not in bench._children


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


def test_wrk_output_without_errors_or_latency():
    result = bench.parse_wrk("  0 requests in 1.00s, 0.00B read\nRequests/sec:      0.00\n")
    assert result == {"rps": 0.0, "p50": None, "p99": None, "requests": 0, "errors": 0}


def row(page, level, rps, ratio, p99=5.0, errors=0):
    return {
        "page": page,
        "level": level,
        "rps": rps,
        "ratio": ratio,
        "p50": 1.0,
        "p99": p99,
        "errors": errors,
        "requests": 100,
        "bytes": 1000,
    }


def test_verdicts_follow_the_targets():
    results = {
        1: {
            "full": [
                row(bench.BASELINE, 16, 1000, 1.0),
                row("home", 16, 90, 0.09, p99=80),
                row(bench.DIAGNOSTIC, 16, 500, 0.5),
            ],
            "cached": [
                row(bench.BASELINE, 16, 1000, 1.0),
                row("home", 16, 850, 0.85),
                row(bench.DIAGNOSTIC, 16, 500, 0.5),
            ],
        },
        100: {
            "full": [
                row(bench.BASELINE, 16, 1000, 1.0),
                row("home", 16, 70, 0.07, p99=120),
                {**row("search", 1, 60, 0.02), "p50": 15.0},  # not a page: its own targets
                {**row("search, typo", 1, 40, 0.01), "p50": 25.0},
            ],
            "cached": [row(bench.BASELINE, 16, 1000, 1.0), row("home", 16, 810, 0.81)],
        },
    }
    queries = {
        1: {"full": {"home": 6, bench.DIAGNOSTIC: 0}, "cached": {"home": 0}},
        100: {
            "full": {"home": 9, bench.DIAGNOSTIC: 0, "search": 4, "search, typo": 4},
            "cached": {"home": 0, "search": 4, "search, typo": 4},
        },
    }
    met = {
        target.split(" ≥ ")[0].split(" < ")[0].split(" ≤ ")[0]: ok
        for target, ok, _detail in bench.verdicts(results, queries)
    }
    assert met == {
        "page cache": True,  # the diagnostic's 0.5 does not count: it is not a page
        "full render": False,  # 0.07 at 100×
        "full render p99": False,  # 120 ms at 100×
        "queries per page": False,  # 9
        "same queries per page at 1× and 100×": False,
        "search p50": False,  # 25 ms with a typo
        "search queries": True,
        "zero errors": True,
    }
    floor = [
        {**row(bench.BASELINE, 16, 1000, 1.0), "cpu_ratio": 1.0},
        {**row(bench.FLOOR, 16, 700, 0.7), "cpu_ratio": 0.68},
    ]
    with_floor = {target: detail for target, _ok, detail in bench.verdicts(results, queries, floor)}
    assert with_floor["page cache ≥ 0.8 × the bare view without middleware"].endswith(
        "Django's cache middleware alone: from 0.700 to 0.700 × bare "
        "(by CPU time a request, from 0.680 to 0.680)"
    )
    text = bench.report(
        results,
        queries,
        {"home": "/fr/"},
        {"CPU": "test"},
        bench.parse_args(["--concurrency", "16"]),
        60,
        floor,
    )
    assert "**missed**: full render p99" in text and "| home | 100× |" in text
    assert "**Floor of the page cache**" in text
    assert f"| {bench.FLOOR} | 16 | 700 |" in text


def test_noise_reports_the_spread_of_the_baseline_runs():
    quiet = {**row(bench.BASELINE, 16, 1000, 1.0), "spread": [950, 1050]}
    busy = {**row(bench.BASELINE, 16, 1000, 1.0), "spread": [600, 1050]}
    assert bench.noise({1: {"full": [quiet]}}) == ("c=16: 950–1050 req/s (× 1.11)", False)
    assert bench.noise({1: {"full": [quiet], "cached": [busy]}})[1] is True
