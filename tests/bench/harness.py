"""The benchmark behind `make bench`: the site under gunicorn on PostgreSQL, loaded with wrk.

    python -m tests.bench.harness [--duration 3] [--concurrency 1,4,16] [--factors 1,100]

What it does, in one run (docs/benchmarks.md explains the method and keeps the figures):

1. Makes a PostgreSQL database of its own (`mocsite_bench` on 127.0.0.1:5432 by default:
   dropped if a previous run left it, created afresh, dropped at the end), migrates it,
   loads the seed and collects the static files into a temporary directory, which also
   holds STATE_DIR (the page cache's files): the checkout's database, files and var/ are
   not touched.
2. Starts the baseline: gunicorn serving the bare view (tests/bench/bare.py) with no
   middleware at all (BENCH_MIDDLEWARE=none, tests/bench/settings.py), for the whole run.
   Measures the floor of the page cache against it: the same page stored and served by
   Django's own cache middleware alone (BENCH_MIDDLEWARE=django-cache).
3. For each content scale (the seed, then `generate_content --factor 100`): counts the
   SQL queries of each page in this process (Django's test client and
   CaptureQueriesContext), rendered in full and served by the page cache; then starts
   gunicorn with the site's settings (DEBUG off, gunicorn.conf.py, 2 workers; only
   DJANGO_HTTPS=false, as the test is plain http on 127.0.0.1) twice: every cache off
   (BENCH_PAGE_CACHE=false: the page cache's middlewares removed, a full render on every
   request), then the page cache on, as in production.
4. Against each server and at each concurrency level, runs wrk for a fixed time on the
   baseline, a page, the baseline, the next page, and so on: each page's throughput is
   divided by the mean of the baseline runs just before and after it. The bare view
   through the site's full middleware stack is measured the same way, as a diagnostic.
5. Prints the tables and the verdicts and, unless --no-write, puts them in
   docs/benchmarks.md.

Every process it starts (gunicorn, wrk) runs in its own process group and is stopped on
the way out, on error and on Ctrl-C or SIGTERM too; every wait has a time limit.
"""

import argparse
import json
import os
import platform
import re
import runpy
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

BASE_DIR = Path(__file__).resolve().parents[2]
DOC = BASE_DIR / "docs" / "benchmarks.md"
START_MARK = "<!-- bench:results:start -->"
END_MARK = "<!-- bench:results:end -->"
BASELINE = "bare view, no middleware"
DIAGNOSTIC = "bare view, full middleware"
# The floor of the page cache: the bare page stored and served by Django's own cache
# middleware, with no other middleware (tests/bench/bare.py).
FLOOR = "bare view, Django's page cache only"
BARE_PATH = "/bench/bare/"
STORED_PATH = "/bench/stored/"
NOT_PAGES = {BASELINE, DIAGNOSTIC, FLOOR}  # the targets are about pages

# The targets (docs/benchmarks.md).
TARGET_CACHED = 0.8  # page cache, × the bare view without middleware
TARGET_FULL = 0.08  # full render, × the bare view without middleware
TARGET_P99_MS, TARGET_P99_LEVEL = 100, 16  # full render, p99 at 16 connections
TARGET_QUERIES = 8  # per page, the same at every content scale
# The search's own targets (issue 17): one request (c=1) at the largest content scale,
# and its queries. Search pages are never stored, so they are not among the pages above.
TARGET_SEARCH_P50_MS, TARGET_SEARCH_QUERIES = 20, 5


def is_search(label):
    return label.startswith("search")


# The two servers of each content scale: the environment that tells tests/bench/settings.py
# which middleware to keep.
MODES = {
    "full": {"BENCH_PAGE_CACHE": "false"},
    "cached": {"BENCH_PAGE_CACHE": "true"},
}
MODE_TITLES = {
    "full": "full render, every cache off",
    "cached": "served by the page cache",
}

DEFAULT_POSTGRES = "postgres://postgres@127.0.0.1:5432/postgres"
DEFAULT_DATABASE = "mocsite_bench"
WRK = shutil.which("wrk") or "/usr/bin/wrk"

_children = []  # Popen objects still running, stopped by stop_all()


# --- processes -----------------------------------------------------------------------------


def stop(proc, grace=10):
    """Stops a child started with start_new_session=True, and everything it started."""
    if proc.poll() is None:
        try:
            os.killpg(proc.pid, signal.SIGTERM)
        except ProcessLookupError:
            pass
        try:
            proc.wait(grace)
        except subprocess.TimeoutExpired:
            try:
                os.killpg(proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            proc.wait(5)
    if proc in _children:
        _children.remove(proc)


def stop_all():
    for proc in list(_children):  # stop() removes it from the list
        stop(proc)


def spawn(cmd, **kwargs):
    proc = subprocess.Popen(cmd, start_new_session=True, **kwargs)
    _children.append(proc)
    return proc


def _on_signal(signum, frame):
    raise KeyboardInterrupt(f"signal {signum}")


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None  # the redirect itself is the answer, as wrk sees it


_opener = urllib.request.build_opener(_NoRedirect)


def fetch(url, timeout=10):
    """(status, body) of a plain GET, no compression asked and no redirect followed (as
    wrk does: the bytes of "search, identifier" are those of its redirect)."""
    request = urllib.request.Request(url, headers={"User-Agent": "mocsite-bench"})
    try:
        with _opener.open(request, timeout=timeout) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def server_env(env, mode=None, bare=False, floor=False):
    """The environment of one gunicorn server: `mode` ("full" or "cached") chooses
    whether the page cache's middlewares stay; `bare` removes every middleware; `floor`
    keeps only Django's own cache middleware."""
    if bare:
        extra = {"BENCH_MIDDLEWARE": "none"}
    elif floor:
        extra = {"BENCH_MIDDLEWARE": "django-cache"}
    else:
        extra = MODES[mode]
    return {**env, **extra}


class Server:
    """gunicorn (gunicorn.conf.py) on a free port of 127.0.0.1, stopped on the way out."""

    def __init__(self, env, log_path, name):
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.env = env
        self.log_path = log_path
        self.name = name
        self.proc = None

    def __enter__(self):
        cmd = [
            sys.executable,
            "-m",
            "gunicorn",
            "mocsite.wsgi",
            "--config",
            str(BASE_DIR / "gunicorn.conf.py"),
            "--bind",
            f"127.0.0.1:{self.port}",
        ]
        self.log = open(self.log_path, "ab")  # closed in __exit__
        self.proc = spawn(
            cmd,
            cwd=BASE_DIR,
            env=self.env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
        )
        try:
            self._wait_until_ready()
        except BaseException:
            self.__exit__()
            raise
        return self

    def _wait_until_ready(self, limit=60):
        deadline = time.monotonic() + limit
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(
                    f"gunicorn ({self.name}) exited with code {self.proc.returncode}; "
                    f"see {self.log_path}"
                )
            try:
                if fetch(self.base + "/health/", timeout=2)[0] == 200:
                    return
            except OSError:
                pass
            time.sleep(0.3)
        raise RuntimeError(f"gunicorn ({self.name}) did not answer within {limit} s")

    def __exit__(self, *exc):
        stop(self.proc)
        self.log.close()


# --- wrk -------------------------------------------------------------------------------------

UNITS = {"us": 1e-3, "ms": 1.0, "s": 1000.0, "m": 60000.0}


def _ms(text):
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text).groups()
    return float(number) * UNITS[unit]


def parse_wrk(output):
    """req/s, p50 and p99 (ms), requests and errors (non-2xx/3xx and socket errors)."""
    result = {"rps": 0.0, "p50": None, "p99": None, "requests": 0, "errors": 0}
    if match := re.search(r"Requests/sec:\s+([\d.]+)", output):
        result["rps"] = float(match.group(1))
    if match := re.search(r"(\d+) requests in", output):
        result["requests"] = int(match.group(1))
    for pct in ("50", "99"):
        if match := re.search(
            rf"^\s+{pct}(?:\.0+)?%\s+([\d.]+(?:us|ms|s|m))\s*$", output, re.MULTILINE
        ):
            result[f"p{pct}"] = _ms(match.group(1))
    if match := re.search(r"Non-2xx or 3xx responses: (\d+)", output):
        result["errors"] += int(match.group(1))
    if match := re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    ):
        result["errors"] += sum(int(n) for n in match.groups())
    return result


def wrk_command(url, concurrency, duration):
    threads = max(1, min(concurrency, os.cpu_count() or 1))
    # A request slower than gunicorn's worker timeout (30 s) fails anyway: wrk waits as long.
    return [
        WRK,
        "-t",
        str(threads),
        "-c",
        str(concurrency),
        "-d",
        f"{duration}s",
        "--latency",
        "--timeout",
        "30s",
        url,
    ]


def run_wrk(url, concurrency, duration):
    proc = spawn(
        wrk_command(url, concurrency, duration),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        stdin=subprocess.DEVNULL,
    )
    try:
        output, _ = proc.communicate(timeout=duration + 30)
    except subprocess.TimeoutExpired:
        raise RuntimeError(f"wrk did not finish: {url}") from None
    finally:
        stop(proc)
    if proc.returncode:
        raise RuntimeError(f"wrk failed on {url}:\n{output}")
    return parse_wrk(output)


def settle(server, result, limit=60):
    """Waits until the requests still queued after a wrk run are served.

    wrk stops after its time, but gunicorn still answers every request it queued (a slow
    page at 16 connections leaves a second of work): that must not count against the
    next run. A health request joins the back of the queue, so once it comes back fast,
    the queue is empty; the requests still being served take about one latency more.
    """
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        began = time.monotonic()
        try:
            fetch(server.base + "/health/", timeout=limit)
        except OSError:
            pass
        if time.monotonic() - began < 0.05:
            break
    time.sleep(min(2.0, (result.get("p50") or 0) / 1000))


# --- CPU time --------------------------------------------------------------------------------
#
# Requests per second depend on what else the machine runs; the CPU time a server spends
# per request much less so. It is read from /proc: the gunicorn master and its workers,
# plus the PostgreSQL backends connected to the benchmark's database (the queries).

CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def process_cpu(pid):
    """Seconds of CPU (user and system) process `pid` has used, 0 if it is gone."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return 0.0
    fields = stat.rsplit(")", 1)[1].split()  # fields from the 3rd on: utime is the 14th
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS


def descendants(pid):
    """`pid` and every process below it."""
    pids, todo = [], [pid]
    while todo:
        current = todo.pop()
        pids.append(current)
        try:
            for task in Path(f"/proc/{current}/task").iterdir():
                todo += [int(child) for child in (task / "children").read_text().split()]
        except OSError:
            pass
    return pids


def database_backends():
    """The PostgreSQL backends serving the benchmark's database, but this process's."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pid FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
        return [pid for (pid,) in cursor.fetchall()]


def cpu_snapshot(server):
    """{pid: CPU seconds} of the server's processes and of the database's backends."""
    pids = descendants(server.proc.pid) + database_backends()
    return {pid: process_cpu(pid) for pid in pids}


def cpu_used(before, after):
    """CPU seconds used between two snapshots (a process started in between counts from 0)."""
    return sum(max(0.0, seconds - before.get(pid, 0.0)) for pid, seconds in after.items())


# --- PostgreSQL ------------------------------------------------------------------------------


def database_url(server_url, name):
    """The address of database `name` on the server of `server_url`."""
    return urlunsplit(urlsplit(server_url)._replace(path=f"/{name}"))


def check_database_name(name):
    """The harness drops and recreates its database: only a name of its own will do."""
    if not re.fullmatch(r"[a-z0-9_]*bench[a-z0-9_]*", name):
        raise ValueError(
            f"{name!r}: the benchmark's database is dropped and made afresh, so its "
            "name must contain 'bench' (lower-case letters, digits, underscores)"
        )
    return name


def recreate_database(server_url, name, drop_only=False):
    import psycopg
    from psycopg import sql

    check_database_name(name)
    with psycopg.connect(server_url, autocommit=True, connect_timeout=10) as conn:
        identifier = sql.Identifier(name)
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(identifier))
        if not drop_only:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(identifier))


# --- Django, in this process -----------------------------------------------------------------


def setup_django(env):
    os.environ.update(env)
    import django

    django.setup()


def manage(*args):
    from django.core.management import call_command

    call_command(*args, verbosity=0)


def clear_page_cache():
    from mocsite.cache import clear_page_cache as clear

    clear()


def pick_pages():
    """{label: path} of the measured pages, chosen once (on the seed) for both scales."""
    from django.urls import reverse
    from django.utils import translation

    from centre.models import Disease
    from podcasts.models import Episode

    with translation.override("fr"):
        pages = {
            "home": reverse("centre:home"),
            "team": reverse("centre:team"),
            "publications": reverse("publications:list"),
            "events": reverse("centre:event_list"),
            # The least a page of the site does: the layout, a few paragraphs, one query.
            "legal notice": reverse("centre:legal_notice"),
        }
        disease = (
            Disease.objects.published().filter(slug_en="hypophosphatasia").first()
            or Disease.objects.published().order_by("pk").first()
        )
        if disease:
            pages["disease"] = disease.get_absolute_url()
        episode = Episode.objects.published().select_related("series").order_by("pk").first()
        if episode:
            pages["episode"] = episode.get_absolute_url()
        # The search (never stored by the page cache: each request searches), a typical
        # query, one with a typo, and an identifier (which opens its page: a redirect).
        search = reverse("search")
        pages["search"] = f"{search}?q=ost%C3%A9ogen%C3%A8se"
        pages["search, typo"] = f"{search}?q=koumakiss"
    with translation.override("en"):
        pages["search, identifier"] = f"{reverse('search')}?q=NCT+03188666"
    return pages


def _count_queries(paths):
    """{label: SQL queries of the second request to the path} (the first warms up)."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client, counts = Client(), {}
    for label, path in paths.items():
        client.get(path, HTTP_HOST="127.0.0.1")
        with CaptureQueriesContext(connection) as queries:
            response = client.get(path, HTTP_HOST="127.0.0.1")
            if hasattr(response, "streaming_content"):
                b"".join(response.streaming_content)
        if response.status_code not in (200, 302):
            raise RuntimeError(f"{path} answered {response.status_code} in process")
        counts[label] = len(queries)
    return counts


def count_queries(paths):
    """{"full": {label: n}, "cached": {label: n}}: the queries of one request to each
    path, rendered in full (the page cache's middlewares removed) and with the page cache
    on (the first request stores the page, so 0 unless the page is not stored)."""
    from django.conf import settings
    from django.test import override_settings

    from tests.bench.settings import without_page_cache

    with override_settings(MIDDLEWARE=without_page_cache(settings.MIDDLEWARE)):
        full = _count_queries(paths)
    clear_page_cache()
    cached = _count_queries(paths)
    clear_page_cache()
    return {"full": full, "cached": cached}


# --- the measurements ------------------------------------------------------------------------


def measure_server(server, baseline, items, levels, duration, log):
    """Rows for one server: every item at every level, alternated with the baseline."""
    urls = {label: server.base + path for label, path in items.items()}
    sizes = {BASELINE: len(fetch(baseline.base + BARE_PATH)[1])}
    for label, url in urls.items():
        status, body = fetch(url)
        if status not in (200, 302):
            raise RuntimeError(f"{url} answered {status}")
        sizes[label] = len(body)

    def measured(target, url, level, seconds):
        before = cpu_snapshot(target)
        result = run_wrk(url, level, seconds)
        settle(target, result)
        # The requests wrk left unanswered (one a connection at most) were served while
        # settling: they count too.
        served = result["requests"] + level
        result["cpu_ms"] = cpu_used(before, cpu_snapshot(target)) * 1000 / served
        return result

    # Warm-up: every worker loads its code and, with the page cache on, stores the pages.
    measured(baseline, baseline.base + BARE_PATH, max(levels), 1)
    for url in urls.values():
        measured(server, url, max(levels), 1)

    rows = []
    for level in levels:
        previous = measured(baseline, baseline.base + BARE_PATH, level, duration)
        baseline_runs, level_rows = [previous], []
        for label, url in urls.items():
            result = measured(server, url, level, duration)
            following = measured(baseline, baseline.base + BARE_PATH, level, duration)
            baseline_runs.append(following)
            reference = (previous["rps"] + following["rps"]) / 2
            reference_cpu = (previous["cpu_ms"] + following["cpu_ms"]) / 2
            result.update(
                page=label,
                level=level,
                bytes=sizes[label],
                ratio=result["rps"] / reference if reference else 0.0,
                cpu_ratio=reference_cpu / result["cpu_ms"] if result["cpu_ms"] else 0.0,
            )
            level_rows.append(result)
            log(
                f"  c={level:<3} {label:<27} {result['rps']:8.1f} req/s "
                f"(bare {reference:7.1f})  × {result['ratio']:.3f}  "
                f"p99 {fmt_ms(result['p99'])} ms  CPU {result['cpu_ms']:.2f} ms "
                f"(× {result['cpu_ratio']:.3f})  errors {result['errors']}"
            )
            previous = following
        rows.append(
            {
                "page": BASELINE,
                "level": level,
                "bytes": sizes[BASELINE],
                "ratio": 1.0,
                "cpu_ratio": 1.0,
                "cpu_ms": statistics.mean(r["cpu_ms"] for r in baseline_runs),
                "rps": statistics.mean(r["rps"] for r in baseline_runs),
                "spread": [
                    min(r["rps"] for r in baseline_runs),
                    max(r["rps"] for r in baseline_runs),
                ],
                "p50": statistics.median(r["p50"] for r in baseline_runs if r["p50"] is not None),
                "p99": max(r["p99"] for r in baseline_runs if r["p99"] is not None),
                "errors": sum(r["errors"] for r in baseline_runs),
                "requests": sum(r["requests"] for r in baseline_runs),
            }
        )
        rows += level_rows
    return rows


def stored_pages(state_dir):
    """How many pages the file-based page cache holds."""
    return len(list((Path(state_dir) / "pages").glob("*.djcache")))


def gunicorn_workers():
    """What gunicorn.conf.py makes of this environment, e.g. "2 workers × 4 threads"."""
    conf = runpy.run_path(str(BASE_DIR / "gunicorn.conf.py"))
    worker_class = conf.get("worker_class", "sync")
    kind = worker_class if isinstance(worker_class, str) else worker_class.__name__
    return f"{conf['workers']} workers × {conf.get('threads', 1)} threads ({kind})"


def machine(env, load_at_start):
    from django.db import connection

    def cpuinfo(key):
        try:
            for line in Path("/proc/cpuinfo").read_text().splitlines():
                if line.startswith(key):
                    return line.split(":", 1)[1].strip()
        except OSError:
            pass
        return "unknown"

    try:
        mem_kb = int(re.search(r"MemTotal:\s+(\d+)", Path("/proc/meminfo").read_text()).group(1))
        memory = f"{mem_kb / 1024 / 1024:.1f} GiB"
    except (OSError, AttributeError):
        memory = "unknown"
    import django
    import gunicorn

    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        version = cursor.fetchone()[0]
    wrk_version = subprocess.run(
        [WRK, "-v"], capture_output=True, text=True, timeout=10, check=False
    ).stdout.splitlines()
    cores = os.cpu_count()
    return {
        "CPU": f"{cpuinfo('model name')}, {cores} cores (nproc {len(os.sched_getaffinity(0))})",
        "Memory": memory,
        "System": f"{platform.system()} {platform.release()}",
        "Python": platform.python_version(),
        "Django": django.get_version(),
        "gunicorn": f"{gunicorn.__version__}, {gunicorn_workers()} per server (gunicorn.conf.py)",
        "Database": f"PostgreSQL {version}, on the same machine",
        "Page cache": "FileBasedCache under STATE_DIR, shared by the workers (no Redis)",
        "wrk": (wrk_version[0] if wrk_version else "wrk").split(" [")[0]
        + f", on the same machine, min(connections, {cores}) threads",
        # Other programs on the machine slow every figure down: say how busy it was.
        "Load average (1, 5, 15 min)": f"{load_at_start} at the start, "
        + " ".join(f"{n:.2f}" for n in os.getloadavg())
        + " at the end",
    }


# --- the report ------------------------------------------------------------------------------


def fmt_ms(value):
    return "–" if value is None else (f"{value:.2f}" if value < 10 else f"{value:.0f}")


def fmt_cpu(row):
    return f"{row['cpu_ms']:.2f}" if row.get("cpu_ms") else "–"


def fmt_cpu_ratio(row):
    return f"{row['cpu_ratio']:.3f}" if row.get("cpu_ratio") else "–"


def table(rows, queries):
    lines = [
        "| page | c | req/s | p50 ms | p99 ms | errors | queries | bytes | × bare "
        "| CPU ms/req | × bare (CPU) |",
        "|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|",
    ]
    for row in rows:
        q = queries.get(row["page"], "–")
        lines.append(
            f"| {row['page']} | {row['level']} | {row['rps']:.0f} | {fmt_ms(row['p50'])} | "
            f"{fmt_ms(row['p99'])} | {row['errors']} | {q} | {row['bytes']:,} | "
            f"{row['ratio']:.3f} | {fmt_cpu(row)} | {fmt_cpu_ratio(row)} |"
        )
    return "\n".join(lines)


def summary(results, queries, level):
    """One line per page and content scale, at one concurrency level."""
    lines = [
        "| page | content | bytes | queries | full render req/s | p99 ms | × bare "
        "| CPU ms/req | × bare (CPU) | page cache req/s | p99 ms | × bare "
        "| CPU ms/req | × bare (CPU) |",
        "|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|",
    ]
    for factor, by_mode in results.items():
        rows = {
            mode: {row["page"]: row for row in mode_rows if row["level"] == level}
            for mode, mode_rows in by_mode.items()
        }
        for page, full in rows["full"].items():
            cached = rows["cached"].get(page)
            if not cached:
                continue
            q = queries[factor]["full"].get(page, "–")
            lines.append(
                f"| {page} | {factor}× | {full['bytes']:,} | {q} | {full['rps']:.0f} | "
                f"{fmt_ms(full['p99'])} | {full['ratio']:.3f} | {fmt_cpu(full)} | "
                f"{fmt_cpu_ratio(full)} | {cached['rps']:.0f} | {fmt_ms(cached['p99'])} | "
                f"{cached['ratio']:.3f} | {fmt_cpu(cached)} | {fmt_cpu_ratio(cached)} |"
            )
    return "\n".join(lines)


def _page_rows(results, mode):
    for factor, by_mode in results.items():
        for row in by_mode[mode]:
            if row["page"] not in NOT_PAGES and not is_search(row["page"]):
                yield factor, row


def _search_verdicts(results, queries):
    if not results:
        return []
    factor = list(results)[-1]
    rows = [row for row in results[factor]["full"] if is_search(row["page"]) and row["level"] == 1]
    slow = [
        f"{row['page']}: {fmt_ms(row['p50'])} ms"
        for row in rows
        if row["p50"] is None or row["p50"] >= TARGET_SEARCH_P50_MS
    ]
    counts = {page: n for q in queries.values() for page, n in q["full"].items() if is_search(page)}
    many = [f"{page} {n}" for page, n in counts.items() if n > TARGET_SEARCH_QUERIES]
    return [
        (
            f"search p50 < {TARGET_SEARCH_P50_MS} ms for one request at {factor}×",
            bool(rows) and not slow,
            "; ".join(f"{row['page']}: {fmt_ms(row['p50'])} ms" for row in rows)
            or "not measured: 1 is not among --concurrency",
        ),
        (
            f"search queries ≤ {TARGET_SEARCH_QUERIES} a request",
            bool(counts) and not many,
            f"at most {max(counts.values(), default=0)}"
            + (f"; over: {', '.join(many)}" if many else ""),
        ),
    ]


def floor_detail(floor):
    """The floor's ratios, e.g. "from 0.61 to 0.72 × bare (by CPU time …)"."""
    rows = [row for row in floor if row["page"] == FLOOR]
    if not rows:
        return ""
    ratios = sorted(row["ratio"] for row in rows)
    text = f"from {ratios[0]:.3f} to {ratios[-1]:.3f} × bare"
    by_cpu = sorted(row["cpu_ratio"] for row in rows if row.get("cpu_ratio"))
    if by_cpu:
        text += f" (by CPU time a request, from {by_cpu[0]:.3f} to {by_cpu[-1]:.3f})"
    return text


def _ratio_verdict(results, mode, target, label):
    rows = list(_page_rows(results, mode))
    below = [
        f"{row['page']} at {factor}×, c={row['level']}: {row['ratio']:.3f}"
        for factor, row in rows
        if row["ratio"] < target
    ]
    ratios = sorted(row["ratio"] for _, row in rows)
    detail = f"from {ratios[0]:.3f} to {ratios[-1]:.3f} × bare" if ratios else "not measured"
    if below:
        detail += f"; {len(below)} of {len(rows)} measurements below"
        if len(below) <= 6:
            detail += ": " + "; ".join(below)
    by_cpu = sorted(row["cpu_ratio"] for _, row in rows if row.get("cpu_ratio"))
    if by_cpu:
        detail += f"; by CPU time a request, from {by_cpu[0]:.3f} to {by_cpu[-1]:.3f} × bare"
    return (
        f"{label} ≥ {target} × the bare view without middleware",
        bool(rows) and not below,
        detail,
    )


def verdicts(results, queries, floor=()):
    """[(target, met?, detail)] for the issue's targets, and zero errors."""
    cached = _ratio_verdict(results, "cached", TARGET_CACHED, "page cache")
    if floor_detail(floor):
        cached = (
            *cached[:2],
            f"{cached[2]}; Django's cache middleware alone: {floor_detail(floor)}",
        )
    out = [cached, _ratio_verdict(results, "full", TARGET_FULL, "full render")]
    at_level = [
        (f, row) for f, row in _page_rows(results, "full") if row["level"] == TARGET_P99_LEVEL
    ]
    slow = [
        f"{row['page']} at {factor}×: {fmt_ms(row['p99'])} ms"
        for factor, row in at_level
        if row["p99"] is None or row["p99"] >= TARGET_P99_MS
    ]
    if at_level:
        worst = max(row["p99"] or 0 for _, row in at_level)
        detail = f"worst {fmt_ms(worst)} ms"
        if slow:
            detail += f"; {len(slow)} of {len(at_level)} pages over: " + "; ".join(slow)
    else:
        detail = f"not measured: {TARGET_P99_LEVEL} is not among --concurrency"
    out.append(
        (
            f"full render p99 < {TARGET_P99_MS} ms at {TARGET_P99_LEVEL} connections",
            bool(at_level) and not slow,
            detail,
        )
    )
    full = {
        factor: {p: n for p, n in q["full"].items() if p not in NOT_PAGES and not is_search(p)}
        for factor, q in queries.items()
    }
    over = sorted(
        {
            f"{page} {n}"
            for counts in full.values()
            for page, n in counts.items()
            if n > TARGET_QUERIES
        }
    )
    most = max((n for counts in full.values() for n in counts.values()), default=0)
    out.append(
        (
            f"queries per page ≤ {TARGET_QUERIES} (full render)",
            not over,
            f"at most {most}" + (f"; over: {', '.join(over)}" if over else ""),
        )
    )
    factors = list(full)
    if len(factors) > 1:
        first, last = full[factors[0]], full[factors[-1]]
        diff = [
            f"{page}: {first[page]} → {last.get(page)}"
            for page in first
            if first[page] != last.get(page)
        ]
        out.append(
            (
                f"same queries per page at {factors[0]}× and {factors[-1]}×",
                not diff,
                "identical" if not diff else "; ".join(diff),
            )
        )
    errors = sum(
        row["errors"] for by_mode in results.values() for rows in by_mode.values() for row in rows
    ) + sum(row["errors"] for row in floor)
    out.extend(_search_verdicts(results, queries))
    out.append(("zero errors", errors == 0, f"{errors} errors"))
    return out


def diagnostics(results):
    """What the site's middleware alone costs: the bare view through it, × the baseline."""
    lines = []
    for factor, by_mode in results.items():
        for mode, rows in by_mode.items():
            ratios = [f"c={r['level']} {r['ratio']:.2f}" for r in rows if r["page"] == DIAGNOSTIC]
            if ratios:
                lines.append(f"- {factor}×, {MODE_TITLES[mode]}: " + ", ".join(ratios))
    return lines


NOISY = 1.3  # baseline runs further apart than this: other programs took CPU time


def noise(results):
    """The spread of the baseline's runs at each level: the same view, so any spread is
    the machine's (other programs, frequency changes), and the ratios carry it too."""
    spreads = {}
    for by_mode in results.values():
        for rows in by_mode.values():
            for row in rows:
                if row["page"] == BASELINE and row.get("spread"):
                    low, high = spreads.get(row["level"], (float("inf"), 0.0))
                    spreads[row["level"]] = (
                        min(low, row["spread"][0]),
                        max(high, row["spread"][1]),
                    )
    parts = [
        f"c={level}: {low:.0f}–{high:.0f} req/s (× {high / low:.2f})"
        for level, (low, high) in sorted(spreads.items())
        if low
    ]
    noisy = any(low and high / low > NOISY for low, high in spreads.values())
    return "; ".join(parts), noisy


def report(results, queries, pages, info, args, elapsed, floor=()):
    level = TARGET_P99_LEVEL if TARGET_P99_LEVEL in args.levels else max(args.levels)
    parts = [
        (
            f"Run of {time.strftime('%Y-%m-%d %H:%M %Z')}, {elapsed / 60:.1f} minutes: "
            f"`python -m tests.bench.harness --duration {args.duration} --concurrency "
            f"{','.join(map(str, args.levels))} --factors "
            f"{','.join(map(str, args.factors))}`."
        ),
        "",
        "**Machine**",
        "",
        *(f"- {key}: {value}" for key, value in info.items()),
        "",
        "**Noise**: the bare view's runs (no middleware) ranged over "
        + (noise(results)[0] or "–")
        + (
            ". Above × 1.3, other programs were taking CPU time during the run: the figures, "
            "ratios included, are noisy."
            if noise(results)[1]
            else "."
        ),
        "",
        "**Pages** (French): " + ", ".join(f"{label} `{path}`" for label, path in pages.items()),
        "",
        "**Targets**",
        "",
    ]
    for target, met, detail in verdicts(results, queries, floor):
        parts.append(f"- {'met' if met else '**missed**'}: {target} ({detail})")
    parts += [
        "",
        f"**Summary at {level} connections** (× bare: the bare view without middleware)",
        "",
        summary(results, queries, level),
        "",
        "**Diagnostic: the bare view through the site's full middleware, × the bare view "
        "without middleware**",
        "",
        *diagnostics(results),
    ]
    if floor:
        parts += [
            "",
            "**Floor of the page cache**: the bare page stored and served by Django's own "
            "cache middleware (`django.middleware.cache`, no other middleware, the same "
            f"FileBasedCache): {floor_detail(floor)}. No page served by Django's cache "
            "middleware can do better on this machine.",
            "",
            table(floor, {FLOOR: 0}),
        ]
    for factor, by_mode in results.items():
        for mode, rows in by_mode.items():
            parts += [
                "",
                f"**{factor}× content, {MODE_TITLES[mode]}**",
                "",
                table(rows, queries[factor][mode]),
            ]
    return "\n".join(parts) + "\n"


def write_doc(text):
    block = f"{START_MARK}\n{text}{END_MARK}"
    if DOC.exists():
        current = DOC.read_text()
        if START_MARK in current and END_MARK in current:
            before, rest = current.split(START_MARK, 1)
            after = rest.split(END_MARK, 1)[1]
            DOC.write_text(before + block + after)
            return
        DOC.write_text(current.rstrip() + "\n\n## Latest figures\n\n" + block + "\n")
    else:
        DOC.parent.mkdir(parents=True, exist_ok=True)
        DOC.write_text("# Benchmarks\n\n## Latest figures\n\n" + block + "\n")


# --- main ------------------------------------------------------------------------------------


def parse_args(argv=None):
    parser = argparse.ArgumentParser(
        prog="python -m tests.bench.harness",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--duration", type=int, default=3, help="whole seconds of each wrk run (default 3)"
    )
    parser.add_argument(
        "--concurrency",
        default="1,4,16",
        help="comma-separated connection counts (default 1,4,16; 16 is the p99 target's)",
    )
    parser.add_argument(
        "--factors", default="1,100", help="content scales, multiples of the seed (default 1,100)"
    )
    parser.add_argument(
        "--workers", type=int, default=2, help="gunicorn workers per server (default 2)"
    )
    parser.add_argument(
        "--threads",
        type=int,
        default=None,
        help="threads per gunicorn worker (default: GUNICORN_THREADS or gunicorn.conf.py's)",
    )
    parser.add_argument(
        "--postgres",
        default=os.environ.get("BENCH_POSTGRES_URL", DEFAULT_POSTGRES),
        help="a PostgreSQL database to connect to to create the benchmark's own "
        f"(default BENCH_POSTGRES_URL or {DEFAULT_POSTGRES})",
    )
    parser.add_argument(
        "--database",
        default=DEFAULT_DATABASE,
        help=f"the benchmark's database, dropped and made afresh (default {DEFAULT_DATABASE})",
    )
    parser.add_argument(
        "--no-write", action="store_true", help="print only; leave docs/benchmarks.md alone"
    )
    parser.add_argument(
        "--keep",
        action="store_true",
        help="keep the database and the temporary directory (logs, results.json)",
    )
    args = parser.parse_args(argv)
    try:
        args.levels = [int(n) for n in args.concurrency.split(",") if n.strip()]
        args.factors = sorted({int(n) for n in args.factors.split(",") if n.strip()})
    except ValueError:
        parser.error("concurrency levels and factors must be integers")
    if not args.levels or min(args.levels) < 1 or not args.factors or args.factors[0] < 1:
        parser.error("concurrency levels and factors must be positive integers")
    if not 1 <= args.duration <= 60:
        parser.error("--duration must be between 1 and 60 seconds")
    if args.workers < 1 or (args.threads is not None and args.threads < 1):
        parser.error("--workers and --threads must be at least 1")
    try:
        check_database_name(args.database)
    except ValueError as error:
        parser.error(str(error))
    return args


def bench_env(args, tmp):
    """The environment of this process and of every server it starts."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.bench.settings",
        "DJANGO_DEBUG": "false",
        "DJANGO_HTTPS": "false",  # plain http on 127.0.0.1; everything else as in production
        "DATABASE_URL": database_url(args.postgres, args.database),
        "STATIC_ROOT": str(tmp / "static"),
        "MEDIA_ROOT": str(tmp / "media"),
        # What the workers share without Redis (the page cache's files, the counters).
        "STATE_DIR": str(tmp / "state"),
        "LOG_LEVEL": os.environ.get("LOG_LEVEL", "WARNING"),
        "GUNICORN_WORKERS": str(args.workers),
        # gunicorn.conf.py recycles a worker after 2,000 requests (a guard against leaks);
        # at a thousand requests a second the benchmark would time Django's start-up.
        "GUNICORN_MAX_REQUESTS": os.environ.get("GUNICORN_MAX_REQUESTS", "0"),
    }
    if args.threads:
        env["GUNICORN_THREADS"] = str(args.threads)
    # The page cache measured is the single machine's (files under STATE_DIR): a Redis of
    # the environment is left alone (the harness empties the page cache many times).
    for name in ("REDIS_URL", "DJANGO_SERVE_MEDIA", "BENCH_PAGE_CACHE", "BENCH_MIDDLEWARE"):
        env.pop(name, None)
    return env


def estimate_minutes(args, pages):
    items = len(pages) + 1  # and the diagnostic bare view
    runs = len(args.levels) * (2 * items + 1) * args.duration + (items + 1)
    floor = len(args.levels) * 3 * args.duration + 2  # measured once
    return (len(args.factors) * len(MODES) * runs + floor) / 60


def main(argv=None):
    args = parse_args(argv)
    if not os.path.exists(WRK):
        sys.exit("wrk is missing: `apt-get install wrk` (make bench does it).")
    signal.signal(signal.SIGTERM, _on_signal)
    signal.signal(signal.SIGHUP, _on_signal)
    started = time.monotonic()
    tmp = Path(tempfile.mkdtemp(prefix="mocsite-bench-"))
    env = bench_env(args, tmp)
    load_at_start = " ".join(f"{n:.2f}" for n in os.getloadavg())
    database_made = False

    def log(message):
        print(message, flush=True)

    try:
        log(f"Load average: {load_at_start}")
        log(f"Making database {args.database} (temporary directory {tmp})")
        try:
            recreate_database(args.postgres, args.database)
        except Exception as error:  # psycopg.OperationalError: no server, no rights
            raise SystemExit(f"Cannot make the database {args.database}: {error}") from None
        database_made = True
        setup_django(env)
        manage("migrate", "--noinput")
        manage("load_seed")
        manage("collectstatic", "--noinput")
        clear_page_cache()
        pages = pick_pages()
        items = {**pages, DIAGNOSTIC: BARE_PATH}
        log("Pages: " + ", ".join(f"{k} {v}" for k, v in pages.items()))
        log(f"About {estimate_minutes(args, pages):.0f} minutes of load to come.")
        results, queries, current = {}, {}, 1
        with Server(server_env(env, bare=True), tmp / "gunicorn-bare.log", "bare") as baseline:
            log("Floor of the page cache (Django's cache middleware alone):")
            clear_page_cache()
            with Server(server_env(env, floor=True), tmp / "gunicorn-floor.log", "floor") as server:
                floor = measure_server(
                    server, baseline, {FLOOR: STORED_PATH}, args.levels, args.duration, log
                )
            for factor in args.factors:
                if factor > current:
                    log(f"Generating {factor}× content")
                    manage("generate_content", "--factor", str(factor))
                    current = factor
                clear_page_cache()  # bulk_create sends no signal
                queries[factor] = count_queries(items)
                log(f"{factor}× content, queries per page: {queries[factor]}")
                results[factor] = {}
                for mode in MODES:
                    log(f"{factor}× content, {MODE_TITLES[mode]}:")
                    clear_page_cache()
                    log_path = tmp / f"gunicorn-{factor}-{mode}.log"
                    with Server(server_env(env, mode), log_path, mode) as server:
                        results[factor][mode] = measure_server(
                            server, baseline, items, args.levels, args.duration, log
                        )
                    if mode == "cached":
                        log(f"  pages in the page cache: {stored_pages(env['STATE_DIR'])}")
        text = report(
            results,
            queries,
            pages,
            machine(env, load_at_start),
            args,
            time.monotonic() - started,
            floor,
        )
        print("\n" + text)
        (tmp / "results.json").write_text(
            json.dumps(
                {"results": results, "floor": floor, "queries": queries, "pages": pages},
                indent=1,
            )
        )
        if not args.no_write:
            write_doc(text)
            log(f"Figures written to {DOC.relative_to(BASE_DIR)}")
    except KeyboardInterrupt:
        log("Interrupted: stopping the servers.")
        return 130
    finally:
        stop_all()
        if database_made and not args.keep:
            try:
                from django.db import connections

                connections.close_all()
            except Exception:  # Django was not set up
                pass
            try:
                recreate_database(args.postgres, args.database, drop_only=True)
            except Exception as error:
                log(f"Could not drop the database {args.database}: {error}")
        if args.keep:
            log(f"Kept {tmp} and the database {args.database}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
