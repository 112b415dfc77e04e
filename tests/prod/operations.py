"""Items 5-8 of the rehearsal, and the scheduled jobs: what operations go through (a mail
server down, a server stopped or reloaded under load, Redis down, backup and restore)."""

import json
import subprocess
import time
import uuid
from collections import Counter

from . import services, web
from .checks import admin_browser, send_contact
from .load import Load
from .pages import media_urls, page_text, sitemap_paths

JOB_UNITS = {
    "send_pending_notifications": "mocsite-send-notifications.service",
    "purge_contact_requests": "mocsite-purge-contact-requests.service",
    "refresh_trials": "mocsite-refresh-trials.service",
    "clear_page_cache": "mocsite-clear-page-cache.service",
}


def _poll(query, limit, interval=0.25):
    deadline = time.monotonic() + limit
    while True:
        value = query()
        if value or time.monotonic() > deadline:
            return value
        time.sleep(interval)


# --- the scheduled jobs, once each ---------------------------------------------------------


def check_jobs(r):
    visitor = r.browser()
    for path in ("/fr/", "/en/", "/fr/equipe/"):
        visitor.get(path)
    cached = r.redis.client(1).dbsize()
    outcomes = {}
    for command, unit in JOB_UNITS.items():
        result = services.run_job(unit, r.env)
        outcomes[command] = result
    statuses = {row[0] for row in r.db.query("SELECT status FROM centre_trial")}
    after = r.redis.client(1).dbsize()
    ok = all(result.returncode == 0 for result in outcomes.values())
    r.report.check(
        ok
        and statuses == {"RECRUITING"}
        and len(r.trials.server.asked) >= 1
        and cached
        and not after,
        "J",
        "scheduled jobs, each run once by its unit's ExecStart: "
        + ", ".join(f"{name} exit {result.returncode}" for name, result in outcomes.items())
        + f"; trials asked of the ClinicalTrials.gov stand-in: {sorted(r.trials.server.asked)} "
        f"(statuses now {sorted(statuses)}); page cache {cached} keys before clear_page_cache, "
        f"{after} after"
        + "".join(
            f" | {name}: {result.stderr.strip()[-300:]}"
            for name, result in outcomes.items()
            if result.returncode
        ),
    )


# --- 5. mail server down -------------------------------------------------------------------


def check_mail(r):
    marker = uuid.uuid4().hex[:10]
    email = f"visiteur-{marker}@example.org"
    r.mail.stop()
    try:
        status = send_contact(
            r, r.browser("127.0.0.6"), f"Répétition courriel {marker}", email=email
        ).status

        def failed_once():
            rows = r.db.query(
                "SELECT notified_at, acknowledged_at, notification_attempts, last_error "
                "FROM centre_contactrequest WHERE email = %s",
                (email,),
            )
            return rows if rows and rows[0][2] >= 1 else None

        rows = _poll(failed_once, 20)
    finally:
        r.mail.start()
    pending = bool(rows) and rows[0][0] is None and rows[0][1] is None
    error = rows[0][3] if rows else ""
    time.sleep(1.5)  # CONTACT_SEND_RETRY_SECONDS (1 s in the rehearsal's environment)
    before = len(r.mail.received)
    first = services.run_job(JOB_UNITS["send_pending_notifications"], r.env)
    second = services.run_job(JOB_UNITS["send_pending_notifications"], r.env)
    got = [m for m in r.mail.received[before:] if marker in str(m[2]["Subject"]) or email in m[1]]
    notifications = [m for m in got if r.notify in m[1]]
    acknowledgements = [m for m in got if email in m[1]]
    done = r.db.query(
        "SELECT notified_at IS NOT NULL, acknowledged_at IS NOT NULL FROM centre_contactrequest "
        "WHERE email = %s",
        (email,),
    )
    r.report.check(
        status == 303
        and pending
        and first.returncode == second.returncode == 0
        and len(notifications) == 1
        and len(acknowledgements) == 1
        and len(got) == 2
        and done == [(True, True)],
        "5",
        f"mail server down: the contact form answered {status}, the request was saved and "
        f"left pending after the app's own attempt ({error[:80]!r}); mail server back, "
        f"send_pending_notifications (unit's ExecStart) sent {len(notifications)} "
        f"notification and {len(acknowledgements)} acknowledgement; run again: "
        f"{len(got) - 2} more ({first.stdout.strip()} / {second.stdout.strip()})",
    )


# --- 6. a server stopped, a server reloaded, under load ------------------------------------


def _load_paths(r):
    paths = [p for p in r.paths if "/contact/" not in p]
    return paths[:: max(1, len(paths) // 24)]


def check_failover(r):
    a, b = r.servers["A"], r.servers["B"]
    paths = _load_paths(r)
    offset = r.nginx.log_offset()
    load = Load(r.host, r.nginx.https_port, r.cert, paths, concurrency=8)
    moments = {}

    def stop_a():
        moments["stop"] = load.elapsed()
        a.stop()
        moments["stopped"] = load.elapsed()

    load.run_for(30, [(10, stop_a)])
    summary = load.summary()
    failures = load.failures()
    in_flight = load.in_flight(moments["stop"])
    after = [x for x in load.results if x[0] > moments["stopped"]]
    after_ok = after and all(isinstance(x[2], int) and x[2] < 500 for x in after)
    records = r.nginx.log_records(offset)
    by_server = Counter(r.server_of(x) for x in records if x.get("up") not in ("", "-"))
    retried = sum("," in x.get("up", "") for x in records)
    r.measured["failover"] = summary
    r.report.check(
        len(failures) <= in_flight and after_ok,
        "6a",
        f"30 s load over HTTPS, 8 connections: {summary['requests']} requests "
        f"({summary['rate']:.0f}/s, p50 {summary['p50_ms']:.0f} ms, p99 "
        f"{summary['p99_ms']:.0f} ms); server A stopped (SIGTERM) at "
        f"{moments['stop']:.1f} s, gone {moments['stopped'] - moments['stop']:.1f} s later, "
        f"{in_flight} requests in flight: {len(failures)} failed {failures[:3]}; "
        f"{len(after)} answered once it was gone (by B); nginx passed to A {by_server.get('A', 0)}, "
        f"to B {by_server.get('B', 0)}, retried {retried} on B",
    )

    offset = r.nginx.log_offset()
    before = b.workers()
    load = Load(r.host, r.nginx.https_port, r.cert, paths, concurrency=8)

    def reload_b():
        moments["hup"] = load.elapsed()
        b.hup()

    load.run_for(15, [(5, reload_b)])
    renewed = _poll(lambda: set(b.workers()).isdisjoint(before) and len(b.workers()) == 2, 10)
    summary = load.summary()
    failures = load.failures()
    statuses = Counter(x.get("ups", "") for x in r.nginx.log_records(offset))
    r.measured["reload"] = summary
    r.report.check(
        not failures and renewed,
        "6b",
        f"server A still down, 15 s load on B alone ({summary['requests']} requests, "
        f"{summary['rate']:.0f}/s), graceful reload (HUP) of B at {moments['hup']:.1f} s: "
        f"{len(failures)} errors {failures[:3]}, B's workers {before} replaced by "
        f"{b.workers()}; app statuses seen by nginx {dict(statuses)}",
    )

    a.start()
    started = time.monotonic()
    browser = r.browser()

    def both_answer():
        return {r.upstream(browser.get("/robots.txt")) for _ in range(4)} == {"A", "B"}

    back = _poll(both_answer, 20, interval=0.5)
    r.report.check(
        bool(back),
        "6c",
        f"server A started again: nginx passes it requests again after "
        f"{time.monotonic() - started:.1f} s (fail_timeout 10 s)",
    )


# --- 7. Redis down -------------------------------------------------------------------------


def check_redis_outage(r):
    staff = admin_browser(r)
    offsets = {name: s.log_path.stat().st_size for name, s in r.servers.items()}
    visitor = r.browser()
    paths = _load_paths(r)[:12]
    r.redis.stop()
    try:
        timings = []
        for path in paths:
            start = time.monotonic()
            timings.append((visitor.get(path).status, time.monotonic() - start))
        health = {
            name: json.loads(r.on(name, visitor, "GET", "/health/").body) for name in ("A", "B")
        }
        admin_page = staff.get("/admin/")
        contact = visitor.get("/fr/contact/").status
    finally:
        r.redis.start()
    logged = {
        name: sum(
            record.get("logger") in ("mocsite.redis", "mocsite.cache")
            for record in server.log_records(offsets[name])
        )
        for name, server in r.servers.items()
    }
    slowest = max(t for _, t in timings)
    r.report.check(
        all(status == 200 for status, _ in timings)
        and slowest < 1.0
        and all(
            h == {"status": "degraded", "database": "ok", "cache": "error"} for h in health.values()
        )
        and admin_page.status == 200
        and "logout" in admin_page.text
        and contact == 200
        and sum(logged.values()) >= 1,
        "7a",
        f"Redis stopped: {len(timings)} pages answered {sorted({s for s, _ in timings})}, the "
        f"slowest in {slowest:.2f} s; /health/ on A and B: {health['A']['status']}, "
        f"{health['B']['status']} (cache {health['A']['cache']}); staff still signed in "
        f"({admin_page.status}); contact form {contact}; Redis errors logged by A, B: "
        f"{logged['A']}, {logged['B']} lines",
    )
    started = time.monotonic()

    def healthy():
        return all(
            json.loads(r.on(name, visitor, "GET", "/health/").body)["status"] == "ok"
            for name in ("A", "B")
        )

    recovered = _poll(healthy, 30, interval=0.5)
    took = time.monotonic() - started
    for path in paths[:4] * 2:
        visitor.get(path)
    cached = r.redis.client(1).dbsize()
    r.report.check(
        bool(recovered) and cached > 0,
        "7b",
        f"Redis started again (empty): /health/ ok on A and B after {took:.1f} s "
        f"(REDIS_RETRY_SECONDS 5), pages in the page cache again ({cached} keys)",
    )


# --- 8. backup and restore -----------------------------------------------------------------


def check_restore(r):
    work = r.workdir / "backup"
    work.mkdir()
    dump = work / "mocsite.dump"
    subprocess.run(
        ["pg_dump", "--format=custom", "--no-owner", f"--dbname={r.db.url}", f"--file={dump}"],
        check=True,
        capture_output=True,
        timeout=120,
    )
    s3 = r.s3.client()
    copied = {}
    for key in r.s3.keys(r.bucket):  # the copy of the bucket, file by file (rclone sync does)
        target = work / "bucket" / key
        target.parent.mkdir(parents=True, exist_ok=True)
        obj = s3.get_object(Bucket=r.bucket, Key=key)
        target.write_bytes(obj["Body"].read())
        copied[key] = {"ContentType": obj["ContentType"], "CacheControl": obj.get("CacheControl")}

    restored_db = services.Database(f"{r.db.name}_restored").create()
    r.cleanups.append(restored_db.drop)
    subprocess.run(
        ["pg_restore", "--no-owner", "--exit-on-error", f"--dbname={restored_db.url}", str(dump)],
        check=True,
        capture_output=True,
        timeout=120,
    )
    bucket = f"{r.bucket}-restored"
    r.s3.make_bucket(bucket)
    for key, meta in copied.items():
        extra = {k: v for k, v in meta.items() if v}
        s3.put_object(Bucket=bucket, Key=key, Body=(work / "bucket" / key).read_bytes(), **extra)

    env_file = r.workdir / "env-restored"
    values = restored_settings(r, restored_db.url, bucket)
    services.write_env_file(env_file, values)
    env = r.process_env(env_file)
    server = web.AppServer("C", env, r.workdir, r.host)
    r.cleanups.append(server.stop)
    server.start()
    nginx = r.make_nginx("restored", [server.port, server.port], bucket=bucket)
    test = nginx.test()
    if test.returncode:
        raise AssertionError(f"nginx -t (restored site): {test.stderr}")
    r.cleanups.append(nginx.stop)
    nginx.start()
    try:
        original, restored = r.browser(), r.browser(nginx=nginx)
        paths = sitemap_paths(original)
        same_sitemap = paths == sitemap_paths(restored)
        base, new_base = f"{r.s3.endpoint}/{r.bucket}/", f"{r.s3.endpoint}/{bucket}/"
        differ, media, media_differ = [], set(), []
        for path in paths:
            one, two = original.get(path), restored.get(path)
            if (one.status, page_text(one.text)[0]) != (two.status, page_text(two.text)[0]):
                differ.append(path)
            urls = media_urls(one.text, base)
            if [u.replace(base, new_base) for u in urls] != media_urls(two.text, new_base):
                media_differ.append(path)
            media.update(urls)
        for url in sorted(media):
            key = url[len(base) :]
            status, _, body = services.plain_get(url.replace(base, new_base))
            if status != 200 or body != (work / "bucket" / key).read_bytes():
                media_differ.append(url)
    finally:
        nginx.stop()
        server.stop()
    size = dump.stat().st_size // 1024
    r.report.check(
        same_sitemap and not differ and not media_differ,
        "8",
        f"pg_dump ({size} KB) and a copy of the bucket ({len(copied)} objects) restored into "
        f"{restored_db.name} and {bucket}, served by server C behind a second nginx: "
        f"{len(paths)} pages, same sitemap ({same_sitemap}), {len(paths) - len(differ)} with the "
        f"same text; {len(media)} media files linked, identical in the restored bucket "
        f"({'yes' if not media_differ else media_differ[:3]})"
        + (f"; differ: {differ[:5]}" if differ else ""),
    )


def restored_settings(r, database, bucket):
    # Redis databases 4 and 5: the restored site must not read the live site's page cache.
    values = r.settings(database=database, bucket=bucket, redis_db=4)
    values["DJANGO_SECRET_KEY"] = r.env["DJANGO_SECRET_KEY"]
    return values


FIRST = [("J", check_jobs)]
CHECKS = [
    ("5", check_mail),
    ("6", check_failover),
    ("7", check_redis_outage),
    ("8", check_restore),
]
