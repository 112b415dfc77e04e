"""The benchmark behind `make bench`: the site under gunicorn, loaded with wrk.

    python -m mocsite.bench [--duration 3] [--concurrency 1,8,32] [--factors 1,100]

What it does, in one run (docs/benchmarks.md explains the method and keeps the figures):

1. Makes a fresh SQLite database in a temporary directory (or uses DATABASE_URL, which
   must then point at an empty database), migrates it, loads the seed and collects the
   static files there too: the checkout's own database and files are not touched.
2. For each content scale (the seed, then `generate_content --factor 100`): counts the SQL
   queries of each page in this process (Django's test client and
   CaptureQueriesContext, page cache off), then starts gunicorn with the production
   settings (DEBUG off, gunicorn.conf.py; only DJANGO_HTTPS=false, as the test is plain
   http on 127.0.0.1) twice, page cache off then on, each on a free loopback port.
3. Against each server and at each concurrency level, runs wrk for a fixed time on the
   bare view (mocsite/bench_views.py), then a page, then the bare view again, and so on:
   each page's throughput is divided by the mean of the bare runs just before and after it.
4. Prints a table and, unless --no-write, refreshes the figures in docs/benchmarks.md.

Every process it starts (gunicorn, wrk) runs in its own process group and is stopped on
the way out, on error and on Ctrl-C too; every run has a time limit.
"""

import argparse
import json
import os
import platform
import re
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

BASE_DIR = Path(__file__).resolve().parent.parent
DOC = BASE_DIR / "docs" / "benchmarks.md"
START_MARK = "<!-- bench:results:start -->"
END_MARK = "<!-- bench:results:end -->"
BARE = "bare view"
STATIC = "static CSS"
NOT_PAGES = {BARE, STATIC}  # the targets are about pages
TARGET_UNCACHED, TARGET_CACHED = 0.5, 0.9

LOAD_AT_START = "?"
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
    for proc in list(_children):  # noqa: PERF101 (stop() removes from the list)
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


def fetch(url, timeout=10):
    """(status, body) of a plain GET, no compression asked (as wrk does)."""
    request = urllib.request.Request(url, headers={"User-Agent": "mocsite-bench"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


class Server:
    """gunicorn with the production settings, on a free port of 127.0.0.1."""

    def __init__(self, env, log_path, mode):
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        page_cache, fragments = MODES[mode]
        self.env = {
            **env,
            "PAGE_CACHE_ENABLED": "true" if page_cache else "false",
            "FRAGMENT_CACHE_ENABLED": "true" if fragments else "false",
        }
        self.log_path = log_path
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
        self.log = open(self.log_path, "ab")
        self.proc = spawn(
            cmd,
            cwd=BASE_DIR,
            env=self.env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(
                    f"gunicorn exited (code {self.proc.returncode}); see {self.log_path}"
                )
            try:
                if fetch(self.base + "/health/", timeout=2)[0] == 200:
                    return self
            except OSError:
                pass
            time.sleep(0.3)
        raise RuntimeError(f"gunicorn did not answer /health/ within 60 s; see {self.log_path}")

    def __exit__(self, *exc):
        stop(self.proc)
        self.log.close()


# --- wrk -------------------------------------------------------------------------------------

UNITS = {"us": 1e-3, "ms": 1.0, "s": 1000.0, "m": 60000.0}


def _ms(text):
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text).groups()
    return float(number) * UNITS[unit]


def parse_wrk(output):
    result = {"rps": 0.0, "p50": None, "p99": None, "requests": 0, "errors": 0}
    if match := re.search(r"Requests/sec:\s+([\d.]+)", output):
        result["rps"] = float(match.group(1))
    if match := re.search(r"(\d+) requests in", output):
        result["requests"] = int(match.group(1))
    for pct in ("50", "99"):
        if match := re.search(
            rf"^\s+{pct}(?:\.000)?%\s+([\d.]+(?:us|ms|s|m))\s*$", output, re.MULTILINE
        ):
            result[f"p{pct}"] = _ms(match.group(1))
    if match := re.search(r"Non-2xx or 3xx responses: (\d+)", output):
        result["errors"] += int(match.group(1))
    if match := re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), "
        r"timeout (\d+)",
        output,
    ):
        result["errors"] += sum(int(n) for n in match.groups())
    return result


def run_wrk(url, concurrency, duration):
    threads = max(1, min(concurrency, os.cpu_count() or 1))
    # A request slower than gunicorn's worker timeout (30 s) fails anyway: wrk waits as long.
    cmd = [
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
    proc = spawn(
        cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, stdin=subprocess.DEVNULL
    )
    try:
        output, _ = proc.communicate(timeout=duration + 30)
    except subprocess.TimeoutExpired:
        stop(proc)
        raise RuntimeError(f"wrk did not finish: {url}") from None
    finally:
        stop(proc)
    if proc.returncode:
        raise RuntimeError(f"wrk failed on {url}:\n{output}")
    return parse_wrk(output)


WRK = shutil.which("wrk") or "/usr/bin/wrk"

# Each content scale is served three times: (page cache, fragment cache) switched on or off.
# "Uncached" pages, the 50 % target, are those the page cache does not serve: the
# view runs and reuses the cached fragments (mocsite/fragments.py), as for a visitor with
# a cookie or the first visitor after an edit. The run with no cache at all is reported
# for comparison.
MODES = {"none": (False, False), "fragments": (False, True), "page": (True, True)}
MODE_TITLES = {
    "none": "no cache at all (every page rendered in full)",
    "fragments": "page cache off, fragment cache on (uncached pages)",
    "page": "page cache on (cached pages)",
}


# --- Django, in this process -----------------------------------------------------------------


def setup_django(env):
    os.environ.update(env)
    # This process only counts queries: it must see the uncached pages.
    os.environ["PAGE_CACHE_ENABLED"] = "false"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mocsite.settings")
    import django

    django.setup()


def manage(*args):
    from django.core.management import call_command

    call_command(*args, verbosity=0)


def database_is_empty():
    from django.db import connection

    tables = connection.introspection.table_names()
    if "centre_person" not in tables:
        return True
    from centre.models import Person

    return not Person.objects.exists()


def pick_pages():
    """{label: path} of the measured pages, chosen once (on the seed) for both scales."""
    from django.test import Client
    from django.urls import reverse
    from django.utils import translation

    from centre.models import Disease
    from podcasts.models import Episode

    with translation.override("fr"):
        pages = {
            "home": reverse("centre:home"),
            "team": reverse("centre:team"),
            "publications": reverse("publications:list"),
        }
        episode = Episode.objects.published().select_related("series").order_by("pk").first()
        if episode:
            pages["episode"] = episode.get_absolute_url()
        disease = (
            Disease.objects.published().filter(slug_en="hypophosphatasia").first()
            or Disease.objects.published().order_by("pk").first()
        )
        if disease:
            pages["disease hub"] = disease.get_absolute_url()
    html = Client().get(pages["home"], HTTP_HOST="127.0.0.1").content.decode()
    if match := re.search(r'href="([^"]+\.css)"', html):
        pages[STATIC] = match.group(1)
    return pages


def count_queries(pages):
    """{page: "full/fragments"}: SQL queries of one request to each page with the page cache
    off, rendered in full (fragment cache off) and with its fragments cached (the second
    request: nothing left to warm up)."""
    from django.test import override_settings

    with override_settings(FRAGMENT_CACHE_ENABLED=False):
        full = _count_queries(pages)
    with override_settings(FRAGMENT_CACHE_ENABLED=True):
        warm = _count_queries(pages)
    return {label: f"{full[label]}/{warm[label]}" for label in pages}


def _count_queries(pages):
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client, counts = Client(), {}
    for label, path in pages.items():
        client.get(path, HTTP_HOST="127.0.0.1")
        with CaptureQueriesContext(connection) as queries:
            response = client.get(path, HTTP_HOST="127.0.0.1")
        if response.status_code != 200:
            raise RuntimeError(f"{path} answered {response.status_code} in process")
        if hasattr(response, "streaming_content"):
            b"".join(response.streaming_content)
        counts[label] = len(queries)
    return counts


# --- the measurements ------------------------------------------------------------------------


def settle(server, result, limit=60):
    """Waits until the requests still queued after a wrk run are served.

    wrk stops after its time, but gunicorn still answers every request it queued (a slow
    page at c=32 leaves seconds of work): that must not count against the next run. A
    health request joins the back of the queue, so once it comes back fast, the queue is
    empty; the requests still being served take at most about one latency more.
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


def measure_server(server, pages, levels, duration, log):
    """Rows for one server: every page at every level, alternated with the bare view."""
    urls = {
        BARE: server.base + "/bench/bare/",
        **{label: server.base + path for label, path in pages.items()},
    }
    sizes = {}
    for label, url in urls.items():
        status, body = fetch(url)
        if status != 200:
            raise RuntimeError(f"{url} answered {status}")
        sizes[label] = len(body)

    # Warm-up: every worker loads its code and, with the cache on, stores the pages.
    def measured(url, level, seconds):
        result = run_wrk(url, level, seconds)
        settle(server, result)
        return result

    for url in urls.values():
        measured(url, max(levels), 1)
    rows = []
    for level in levels:
        previous = measured(urls[BARE], level, duration)
        bare_runs = [previous]
        for label in pages:
            result = measured(urls[label], level, duration)
            following = measured(urls[BARE], level, duration)
            bare_runs.append(following)
            baseline = (previous["rps"] + following["rps"]) / 2
            result.update(
                page=label,
                level=level,
                bytes=sizes[label],
                ratio=result["rps"] / baseline if baseline else 0.0,
            )
            rows.append(result)
            log(
                f"  c={level:<3} {label:<14} {result['rps']:8.1f} req/s "
                f"(bare {baseline:7.1f})  ratio {result['ratio']:.2f}  "
                f"errors {result['errors']}"
            )
            previous = following
        bare = {
            "page": BARE,
            "level": level,
            "bytes": sizes[BARE],
            "ratio": 1.0,
            "rps": statistics.mean(r["rps"] for r in bare_runs),
            "p50": statistics.median(r["p50"] for r in bare_runs if r["p50"] is not None),
            "p99": max(r["p99"] for r in bare_runs if r["p99"] is not None),
            "errors": sum(r["errors"] for r in bare_runs),
            "requests": sum(r["requests"] for r in bare_runs),
        }
        rows.insert(len(rows) - len(pages), bare)
    return rows


def machine(env):
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

    with connection.cursor():
        pass
    if connection.vendor == "sqlite":
        version = ".".join(str(n) for n in connection.Database.sqlite_version_info)
    else:  # PostgreSQL: server_version_num, e.g. 150004
        version = str(getattr(connection, "pg_version", ""))
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
        "gunicorn": f"{gunicorn.__version__}, "
        f"{env.get('GUNICORN_WORKERS') or cores * 2 + 1} sync workers",
        "Database": f"{connection.vendor} {version}",
        "Cache": "Redis (REDIS_URL)" if env.get("REDIS_URL") else "local memory, per worker",
        "wrk": (wrk_version[0] if wrk_version else "wrk").split(" [")[0],
        # Other programs on the machine slow every figure down: say how busy it was.
        "Load average (1, 5, 15 min)": f"{LOAD_AT_START} at the start, "
        + " ".join(f"{n:.2f}" for n in os.getloadavg())
        + " at the end",
    }


# --- the report ------------------------------------------------------------------------------


def fmt_ms(value):
    return "–" if value is None else (f"{value:.2f}" if value < 10 else f"{value:.0f}")


def table(rows, queries):
    lines = [
        "| page | c | req/s | p50 ms | p99 ms | errors | bytes | queries full/fragments | × bare |",
        "|---|--:|--:|--:|--:|--:|--:|--:|--:|",
    ]
    for row in rows:
        q = "–" if row["page"] == BARE else str(queries.get(row["page"], "–"))
        lines.append(
            f"| {row['page']} | {row['level']} | {row['rps']:.0f} | {fmt_ms(row['p50'])} | "
            f"{fmt_ms(row['p99'])} | {row['errors']} | {row['bytes']:,} | {q} | "
            f"{row['ratio']:.2f} |"
        )
    return "\n".join(lines)


def verdicts(results, queries):
    """[(target, met?, detail)] for the issue's four targets."""
    out = []
    for mode, target in (("fragments", TARGET_UNCACHED), ("page", TARGET_CACHED)):
        worst = []
        for factor, by_mode in results.items():
            for row in by_mode[mode]:
                if row["page"] not in NOT_PAGES and row["ratio"] < target:
                    worst.append(
                        f"{row['page']} at {factor}×, c={row['level']}: {row['ratio']:.2f}"
                    )
        label = "uncached" if mode == "fragments" else "cached"
        ratios = sorted(
            row["ratio"]
            for by_mode in results.values()
            for row in by_mode[mode]
            if row["page"] not in NOT_PAGES
        )
        detail = f"from {ratios[0]:.2f} to {ratios[-1]:.2f} × bare" if ratios else ""
        if worst:
            detail += f"; {len(worst)} of {len(ratios)} measurements below"
            if len(worst) <= 6:
                detail += ": " + "; ".join(worst)
        out.append((f"{label} pages ≥ {target:.0%} of the bare view", not worst, detail))
    factors = list(queries)
    if len(factors) > 1:
        diff = [
            f"{page}: {queries[factors[0]][page]} → {queries[factors[-1]][page]}"
            for page in queries[factors[0]]
            if queries[factors[0]][page] != queries[factors[-1]].get(page)
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
    )
    out.append(("zero errors", errors == 0, f"{errors} errors"))
    return out


def report(results, queries, pages, info, args, elapsed):
    parts = [
        (
            f"Run of {time.strftime('%Y-%m-%d %H:%M %Z')}, {elapsed / 60:.1f} minutes: "
            f"`python -m mocsite.bench --duration {args.duration} --concurrency "
            f"{','.join(map(str, args.levels))} --factors "
            f"{','.join(map(str, args.factors))}`."
        ),
        "",
        "**Machine**",
        "",
    ]
    parts += [f"- {key}: {value}" for key, value in info.items()]
    parts += [
        "",
        "**Pages** (French): " + ", ".join(f"{label} `{path}`" for label, path in pages.items()),
        "",
    ]
    parts += ["**Targets**", ""]
    for target, met, detail in verdicts(results, queries):
        parts.append(f"- {'met' if met else '**missed**'}: {target} ({detail})")
    for factor, by_mode in results.items():
        for mode, rows in by_mode.items():
            parts += [
                "",
                f"**{factor}× content, {MODE_TITLES[mode]}**",
                "",
                table(rows, queries[factor]),
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
        prog="python -m mocsite.bench",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--duration", type=int, default=3, help="whole seconds of each wrk run (default 3)"
    )
    parser.add_argument(
        "--concurrency", default="1,8,32", help="comma-separated connection counts (default 1,8,32)"
    )
    parser.add_argument(
        "--factors", default="1,100", help="content scales, multiples of the seed (default 1,100)"
    )
    parser.add_argument(
        "--workers",
        type=int,
        default=None,
        help="gunicorn workers (default: GUNICORN_WORKERS or 2 × cores + 1)",
    )
    parser.add_argument(
        "--no-write", action="store_true", help="print only; leave docs/benchmarks.md alone"
    )
    parser.add_argument(
        "--keep", action="store_true", help="keep the temporary directory (database, logs)"
    )
    args = parser.parse_args(argv)
    args.levels = [int(n) for n in args.concurrency.split(",") if n.strip()]
    args.factors = sorted({int(n) for n in args.factors.split(",") if n.strip()})
    if not args.levels or min(args.levels) < 1 or not args.factors or args.factors[0] < 1:
        parser.error("concurrency levels and factors must be positive integers")
    if not 1 <= args.duration <= 60:
        parser.error("--duration must be between 0 and 60 seconds")
    return args


def main(argv=None):
    args = parse_args(argv)
    if not os.path.exists(WRK):
        sys.exit("wrk is missing: `apt-get install wrk` (make bench does it).")
    signal.signal(signal.SIGTERM, _on_signal)
    signal.signal(signal.SIGHUP, _on_signal)
    started = time.monotonic()
    tmp = Path(tempfile.mkdtemp(prefix="mocsite-bench-"))
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "mocsite.settings",
        "DJANGO_DEBUG": "false",
        "DJANGO_HTTPS": "false",  # plain http on 127.0.0.1; everything else as in production
        "BENCHMARK_BARE_VIEW": "true",
        "STATIC_ROOT": str(tmp / "static"),
        "MEDIA_ROOT": str(tmp / "media"),
        "DATABASE_URL": os.environ.get("DATABASE_URL") or f"sqlite:///{tmp / 'db.sqlite3'}",
        "LOG_LEVEL": os.environ.get("LOG_LEVEL", "WARNING"),
    }
    env.pop("DJANGO_SERVE_MEDIA", None)
    # What the workers share without Redis (content generation, counters): out of the
    # checkout.
    env["STATE_DIR"] = str(tmp / "state")
    # gunicorn.conf.py recycles a worker after 2,000 requests (a guard against leaks). At
    # a thousand requests a second, all workers would restart together every few seconds
    # and the benchmark would mostly time Django's start-up: off unless asked for.
    env.setdefault("GUNICORN_MAX_REQUESTS", "0")
    if args.workers:
        env["GUNICORN_WORKERS"] = str(args.workers)

    def log(message):
        print(message, flush=True)

    try:
        setup_django(env)
        if not database_is_empty():
            sys.exit(
                "DATABASE_URL points at a database with content: the benchmark needs "
                "an empty one (unset DATABASE_URL to use a temporary SQLite file)."
            )
        global LOAD_AT_START
        LOAD_AT_START = " ".join(f"{n:.2f}" for n in os.getloadavg())
        log(f"Load average: {LOAD_AT_START}")
        log(f"Preparing {env['DATABASE_URL']} (temporary directory {tmp})")
        manage("migrate", "--noinput")
        manage("load_seed")
        manage("collectstatic", "--noinput")
        from mocsite.cache import bump_generation

        bump_generation()  # a shared Redis may hold pages of an earlier run
        pages = pick_pages()
        log("Pages: " + ", ".join(f"{k} {v}" for k, v in pages.items()))
        results, queries, current = {}, {}, 1
        for factor in args.factors:
            if factor > current:
                log(f"Generating {factor}× content")
                manage("generate_content", "--factor", str(factor))
                bump_generation()
                current = factor
            queries[factor] = count_queries(pages)
            log(f"{factor}× content, queries per page: {queries[factor]}")
            results[factor] = {}
            for mode in MODES:
                log(f"{factor}× content, {MODE_TITLES[mode]}:")
                with Server(env, tmp / f"gunicorn-{factor}-{mode}.log", mode) as server:
                    results[factor][mode] = measure_server(
                        server, pages, args.levels, args.duration, log
                    )
        text = report(results, queries, pages, machine(env), args, time.monotonic() - started)
        print("\n" + text)
        (tmp / "results.json").write_text(
            json.dumps({"results": results, "queries": queries, "pages": pages}, indent=1)
        )
        if not args.no_write:
            write_doc(text)
            log(f"Figures written to {DOC.relative_to(BASE_DIR)}")
    except KeyboardInterrupt:
        log("Interrupted: stopping the servers.")
        return 130
    finally:
        stop_all()
        if args.keep:
            log(f"Kept {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
