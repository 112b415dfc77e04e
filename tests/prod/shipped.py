"""Item 9 of the rehearsal: the shipped configuration checked by nginx (`nginx -t`), Django
(`check --deploy`) and systemd (`systemd-analyze verify`); and a note on what a load
balancer's health check gets from an app server."""

import shutil
import subprocess
from collections import Counter

from . import services

# --- 9. the shipped configuration checked by nginx and systemd -----------------------------


def check_config(r):
    test = r.nginx_test
    shipped = services.SITE_CONF.read_text().splitlines()
    rendered = r.nginx.site_conf.read_text().splitlines()
    changed = [b for a, b in zip(shipped, rendered, strict=True) if a != b]
    kinds = Counter(line.split()[0] for line in changed)
    r.report.check(
        test.returncode == 0,
        "9a",
        "nginx -t with Debian's /etc/nginx/nginx.conf including docs/nginx/mocsite.conf, "
        f"{len(changed)} of its {len(shipped)} lines changed for the rehearsal "
        f"({', '.join(f'{k} {n}' for k, n in sorted(kinds.items()))}): "
        f"{test.stderr.strip().splitlines()[-1]}",
    )
    deploy = subprocess.run(
        [r.python, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=services.BASE_DIR,
        env=r.env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    r.report.check(
        deploy.returncode == 0,
        "9b",
        "manage.py check --deploy --fail-level WARNING with the rehearsal's /etc/mocsite/env: "
        + (deploy.stdout.strip().splitlines() or ["-"])[-1]
        + (f" {deploy.stderr.strip()[-400:]}" if deploy.returncode else ""),
    )
    analyze = shutil.which("systemd-analyze")
    if not analyze:
        r.report.line("SKIP", "9c", "systemd-analyze is not installed: units not verified")
        return
    units = r.workdir / "units"
    units.mkdir()
    for unit in sorted(services.UNITS.iterdir()):
        # Executables must exist for verify: the checkout stands for /srv/mocsite/app.
        text = unit.read_text().replace(services.PROD_APP_DIR, str(services.BASE_DIR))
        (units / unit.name).write_text(text)
    names = sorted(p.name for p in units.iterdir())
    result = subprocess.run(
        [analyze, "verify", "--man=no", *names],
        cwd=units,
        capture_output=True,
        text=True,
        timeout=60,
    )
    calendars = []
    for unit in sorted(units.glob("*.timer")):
        spec = next(
            line.split("=", 1)[1]
            for line in unit.read_text().splitlines()
            if line.startswith("OnCalendar=")
        )
        out = subprocess.run(
            [analyze, "calendar", spec], capture_output=True, text=True, timeout=30
        )
        calendars.append(
            f"{unit.stem.removeprefix('mocsite-')} {spec!r}"
            + ("" if out.returncode == 0 else " INVALID")
        )
    messages = (result.stdout + result.stderr).strip()
    r.report.check(
        result.returncode == 0 and not messages and all("INVALID" not in c for c in calendars),
        "9c",
        f"systemd-analyze verify of {len(names)} units ({', '.join(names)}; /srv/mocsite/app "
        f"read as the checkout): {'no warning' if not messages else messages[:300]}; timers: "
        + "; ".join(calendars),
    )


def note_health_checks(r):
    """What a load balancer's health check gets when it asks an app server directly."""
    a = r.servers["A"]
    plain = a.health({"Host": r.host})
    by_ip = a.health({"Host": f"127.0.0.1:{a.port}", "X-Forwarded-Proto": "https"})
    proxied = a.health({"Host": r.host, "X-Forwarded-Proto": "https"})
    r.report.line(
        "NOTE",
        "H",
        f"GET /health/ straight from app server A (as a load balancer's check): with "
        f"Host {r.host} only: {plain[0]}; with the server's address as Host: {by_ip[0]}; with "
        f"Host and X-Forwarded-Proto: https (as nginx sends): {proxied[0]}",
    )


CHECKS = [("9", check_config), ("H", note_health_checks)]
