"""`make lighthouse`: Lighthouse mobile on the home, disease, publication list and episode
pages, in French and English (docs/lighthouse.md).

    python -m tests.lighthouse.run [--threshold 100] [--runs 3] [--pages home,episode]
                                   [--output DIR]

What it does:

1. Installs the Lighthouse npm package (LIGHTHOUSE_VERSION) with npm into a cache directory
   outside the checkout (~/.cache/mocsite-lighthouse, or $LIGHTHOUSE_DIR) when it is not
   there yet; no browser is downloaded: Lighthouse drives Debian's Chromium
   ($CHROME_PATH, /usr/bin/chromium).
2. Serves the site as `make run` does (gunicorn with gunicorn.conf.py, DEBUG off, plain
   http: the Makefile's RUN_ENV) on a free port of 127.0.0.1, from a temporary directory
   holding a fresh SQLite database with the seed, the collected static files and the
   page cache's files: the checkout's db.sqlite3, staticfiles/ and var/ are not touched.
3. Picks from the sitemap the first disease page, the publication list and the first
   episode page, requests each page once (the page cache is then warm, as for most
   visitors), and runs Lighthouse with its default mobile settings on each, `--runs`
   times. The performance figures of a page are those of its median run by score.
4. Prints a table (performance score, FCP, LCP, TBT, CLS, SI, the accessibility,
   best-practices and SEO scores for information, and CPU: Lighthouse's benchmark index
   of the machine during the run, which TBT follows), writes every JSON report under
   test-artifacts/lighthouse/ (git-ignored), stops the server and exits with 1 when a
   performance score is below --threshold or a CLS is above 0.

Not part of `make test` nor CI: a run takes minutes and its scores move with the load of
the machine (Lighthouse simulates a slow phone from what it measures on this one), so
read FCP, LCP, TBT and CLS as well as the score, and rerun a page that misses by a point.
"""

import argparse
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import urlsplit

from tests.bench.harness import Server, _on_signal, fetch, stop_all

BASE_DIR = Path(__file__).resolve().parents[2]
LIGHTHOUSE_VERSION = "12.8.2"
LIGHTHOUSE_DIR = Path(
    os.environ.get("LIGHTHOUSE_DIR", Path.home() / ".cache" / "mocsite-lighthouse")
)
CHROME_PATH = os.environ.get("CHROME_PATH", "/usr/bin/chromium")
OUTPUT = BASE_DIR / "test-artifacts" / "lighthouse"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
# The page types of issue 18, by URL name; the first of each in the sitemap is measured.
PAGE_TYPES = {
    "home": "centre:home",
    "disease": "centre:disease_detail",
    "publications": "publications:list",
    "episode": "podcasts:episode",
}
LANGUAGES = ("fr", "en")
SITEMAP_NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
RUN_TIMEOUT = 240  # seconds for one Lighthouse run
TRIES = 3  # a run whose trace Chromium failed to record (NO_NAVSTART…) is tried again


def log(message):
    print(message, flush=True)


# --- Lighthouse ------------------------------------------------------------------------------


def lighthouse_bin():
    """The Lighthouse command, installed with npm into LIGHTHOUSE_DIR if absent."""
    binary = LIGHTHOUSE_DIR / "node_modules" / ".bin" / "lighthouse"
    package = LIGHTHOUSE_DIR / "node_modules" / "lighthouse" / "package.json"
    if binary.exists() and json.loads(package.read_text())["version"] == LIGHTHOUSE_VERSION:
        return binary
    if not shutil.which("npm"):
        sys.exit("npm is missing: `apt-get install npm` (Node.js 18 or later).")
    log(f"Installing lighthouse@{LIGHTHOUSE_VERSION} into {LIGHTHOUSE_DIR}")
    LIGHTHOUSE_DIR.mkdir(parents=True, exist_ok=True)
    env = {
        **os.environ,
        # Lighthouse drives the Chromium of the machine; never download a browser.
        "PUPPETEER_SKIP_DOWNLOAD": "1",
        "PUPPETEER_SKIP_CHROMIUM_DOWNLOAD": "1",
    }
    subprocess.run(
        [
            "npm",
            "install",
            "--prefix",
            str(LIGHTHOUSE_DIR),
            "--no-audit",
            "--no-fund",
            "--loglevel=error",
            f"lighthouse@{LIGHTHOUSE_VERSION}",
        ],
        env=env,
        check=True,
        timeout=600,
    )
    return binary


def run_lighthouse(binary, url, path):
    """One Lighthouse run (mobile, the default) of `url`, its JSON report written to
    `path`; the report, or None when no try recorded the page."""
    cmd = [
        str(binary),
        url,
        "--chrome-flags=--headless=new --no-sandbox",
        f"--only-categories={','.join(CATEGORIES)}",
        "--output=json",
        f"--output-path={path}",
        "--quiet",
    ]
    env = {**os.environ, "CHROME_PATH": CHROME_PATH}
    for _ in range(TRIES):
        path.unlink(missing_ok=True)
        try:
            subprocess.run(cmd, env=env, timeout=RUN_TIMEOUT, stdin=subprocess.DEVNULL, check=False)
        except subprocess.TimeoutExpired:
            continue
        if path.exists():
            report = json.loads(path.read_text())
            if report["categories"]["performance"]["score"] is not None:
                return report
    return None


def figures(report):
    """Scores (0-100) and metrics (ms, CLS unitless) of one report."""
    audits = report["audits"]
    result = {name: round(report["categories"][name]["score"] * 100) for name in CATEGORIES}
    for key, audit in (
        ("FCP", "first-contentful-paint"),
        ("LCP", "largest-contentful-paint"),
        ("TBT", "total-blocking-time"),
        ("SI", "speed-index"),
        ("CLS", "cumulative-layout-shift"),
    ):
        result[key] = audits[audit]["numericValue"]
    # Lighthouse's measure of this machine's speed during the run (a desktop of 2024 scores
    # about 2,000; under 1,000 it warns that the scores suffer): TBT follows it.
    result["benchmark"] = round(report["environment"]["benchmarkIndex"])
    return result


def median_run(runs):
    """The run with the median performance score (the lower middle one if even)."""
    ordered = sorted(runs, key=lambda run: run["performance"])
    return ordered[(len(ordered) - 1) // 2]


# --- the site --------------------------------------------------------------------------------


def site_env(tmp):
    """`make run`'s environment (RUN_ENV), with every file of the run in `tmp`."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "mocsite.settings",
        "DJANGO_DEBUG": "false",
        "DJANGO_HTTPS": "false",
        "DJANGO_SERVE_MEDIA": "true",
        "LOG_FORMAT": "plain",
        "LOG_LEVEL": os.environ.get("LOG_LEVEL", "WARNING"),
        "DATABASE_URL": f"sqlite:///{tmp / 'db.sqlite3'}",
        "STATIC_ROOT": str(tmp / "static"),
        "MEDIA_ROOT": str(tmp / "media"),
        "STATE_DIR": str(tmp / "state"),
    }
    for name in ("REDIS_URL", "AWS_STORAGE_BUCKET_NAME", "STATIC_URL", "MEDIA_URL"):
        env.pop(name, None)  # the single machine of `make run`
    return env


def manage(env, *args):
    subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=BASE_DIR,
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
        timeout=600,
    )


def pick_pages(env, base):
    """{(page type, language): path}: the first page of each type in the sitemap."""
    status, body = fetch(base + "/sitemap.xml")
    if status != 200:
        raise RuntimeError(f"/sitemap.xml answered {status}")
    root = ET.fromstring(body)
    paths = [urlsplit(loc.text).path for loc in root.findall("s:url/s:loc", SITEMAP_NS)]
    os.environ.update(env)  # the server's settings, to resolve the paths as it does
    import django

    django.setup()
    from django.urls import resolve
    from django.utils import translation

    pages = {}
    for path in paths:
        lang = path.split("/")[1]
        with translation.override(lang):
            name = resolve(path).view_name
        for kind, url_name in PAGE_TYPES.items():
            if name == url_name:
                pages.setdefault((kind, lang), path)
    missing = [(k, lang) for k in PAGE_TYPES for lang in LANGUAGES if (k, lang) not in pages]
    if missing:
        raise RuntimeError(f"no page of these types in the sitemap: {missing}")
    return {(k, lang): pages[(k, lang)] for k in PAGE_TYPES for lang in LANGUAGES}


# --- report ----------------------------------------------------------------------------------


def table(rows):
    head = (
        f"{'page':<13} {'lang':<4} {'perf':>4} {'FCP':>7} {'LCP':>7} {'TBT':>6} {'CLS':>6} "
        f"{'SI':>7}  {'a11y':>4} {'b-p':>4} {'seo':>4} {'CPU':>5}  runs"
    )
    lines = [head, "-" * len(head)]
    for (kind, lang), runs in rows.items():
        if not runs:
            lines.append(f"{kind:<13} {lang:<4}  no run recorded the page")
            continue
        run = median_run(runs)
        scores = " ".join(str(r["performance"]) for r in runs)
        lines.append(
            f"{kind:<13} {lang:<4} {run['performance']:>4} {run['FCP']:>5.0f}ms "
            f"{run['LCP']:>5.0f}ms {run['TBT']:>4.0f}ms {run['CLS']:>6.3f} {run['SI']:>5.0f}ms  "
            f"{run['accessibility']:>4} {run['best-practices']:>4} {run['seo']:>4} "
            f"{run['benchmark']:>5}  {scores}"
        )
    return "\n".join(lines)


def failures(rows, threshold):
    problems = []
    for (kind, lang), runs in rows.items():
        if not runs:
            problems.append(f"{kind} {lang}: Lighthouse recorded no run")
            continue
        run = median_run(runs)
        if run["performance"] < threshold:
            problems.append(f"{kind} {lang}: performance {run['performance']} < {threshold}")
        if max(r["CLS"] for r in runs) > 0:
            problems.append(f"{kind} {lang}: CLS {max(r['CLS'] for r in runs):.4f} > 0")
    return problems


def parse_args(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--threshold",
        type=int,
        default=100,
        help="lowest performance score accepted (default 100)",
    )
    parser.add_argument(
        "--runs", type=int, default=3, help="Lighthouse runs per page (median kept; default 3)"
    )
    parser.add_argument(
        "--pages",
        default=",".join(PAGE_TYPES),
        help=f"page types to measure, comma-separated (default {','.join(PAGE_TYPES)})",
    )
    parser.add_argument("--output", type=Path, default=OUTPUT, help="directory of the JSON reports")
    args = parser.parse_args(argv)
    if args.runs < 1:
        parser.error("--runs must be at least 1")
    args.pages = [kind.strip() for kind in args.pages.split(",") if kind.strip()]
    if unknown := set(args.pages) - set(PAGE_TYPES):
        parser.error(f"unknown page types {sorted(unknown)}: {', '.join(PAGE_TYPES)}")
    return args


def main(argv=None):
    args = parse_args(argv)
    if not os.path.exists(CHROME_PATH):
        sys.exit(f"Chromium not found at {CHROME_PATH} (apt-get install chromium)")
    signal.signal(signal.SIGTERM, _on_signal)
    signal.signal(signal.SIGHUP, _on_signal)
    binary = lighthouse_bin()
    tmp = Path(tempfile.mkdtemp(prefix="mocsite-lighthouse-"))
    env = site_env(tmp)
    args.output.mkdir(parents=True, exist_ok=True)
    started = time.monotonic()
    try:
        log(f"Load average: {' '.join(f'{n:.2f}' for n in os.getloadavg())}")
        log(f"Preparing the site in {tmp} (migrate, load_seed, collectstatic)")
        manage(env, "migrate", "--noinput")
        manage(env, "load_seed")
        manage(env, "collectstatic", "--noinput")
        rows = {}
        with Server(env, tmp / "gunicorn.log", "site") as server:
            pages = pick_pages(env, server.base)
            pages = {key: path for key, path in pages.items() if key[0] in args.pages}
            for (kind, lang), path in pages.items():
                fetch(server.base + path)  # into the page cache, as for most visitors
                runs = []
                for number in range(1, args.runs + 1):
                    suffix = f"-{number}" if args.runs > 1 else ""
                    report_path = args.output / f"{kind}-{lang}{suffix}.json"
                    report = run_lighthouse(binary, server.base + path, report_path)
                    if report:
                        runs.append(figures(report))
                        log(f"  {kind} {lang} {path}: performance {runs[-1]['performance']}")
                    else:
                        log(f"  {kind} {lang} {path}: no run recorded the page")
                rows[(kind, lang)] = runs
        log("")
        log(table(rows))
        log(f"Load average: {' '.join(f'{n:.2f}' for n in os.getloadavg())}")
        summary = {
            f"{kind}-{lang}": {"path": pages[(kind, lang)], "runs": runs}
            for (kind, lang), runs in rows.items()
        }
        (args.output / "summary.json").write_text(json.dumps(summary, indent=1))
        log(f"Reports in {args.output} ({time.monotonic() - started:.0f} s)")
        problems = failures(rows, args.threshold)
        for problem in problems:
            log(f"FAIL {problem}")
        return 1 if problems else 0
    except KeyboardInterrupt:
        log("Interrupted: stopping the server.")
        return 130
    finally:
        stop_all()
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
