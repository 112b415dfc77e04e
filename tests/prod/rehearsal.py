"""`make prod-check`: the production set-up of docs/deployment.md, run for real on loopback.

    python -m tests.prod.rehearsal [--keep]

It installs what it needs (Debian's nginx, redis-server, postgresql-client and openssl with
apt-get when absent; moto's S3 server with pip into a virtualenv of its own under
~/.cache/mocsite-prod-check, PROD_CHECK_TOOLS to change it), then starts, each on a free port
of 127.0.0.1 and each stopped when it ends (also on failure, Ctrl-C or SIGTERM):
a PostgreSQL database of its own on 127.0.0.1:5432 (mocsite_prod_check, dropped at the
end), its own redis-server, moto's S3 server with a bucket, an SMTP stand-in, a
ClinicalTrials.gov stand-in, two gunicorn app servers started by the ExecStart of
docs/systemd/mocsite.service with the production settings, and nginx running
docs/nginx/mocsite.conf (only ports and paths changed) with a self-signed certificate.
It runs the scheduled jobs once each (their units' ExecStart), then checks items 1-9 of
the issue through nginx over HTTPS, one line per check (tests/prod/pages.py: 1,
checks.py: 2-4, operations.py: the jobs and 5-8, shipped.py: 9). The exit status is 1
when a check failed.

The site's host name is moc.example.org, as in the shipped files: the rehearsal's client
sends it (TLS server name and Host) to nginx's port on 127.0.0.1; no name is resolved.
"""

import argparse
import os
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import traceback
from pathlib import Path

from . import services, web
from .services import BASE_DIR

HOST = "moc.example.org"
BUCKET = "mocsite-media"
DATABASE = "mocsite_prod_check"
TOOLS = Path(
    os.environ.get("PROD_CHECK_TOOLS")
    or Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "mocsite-prod-check"
)
ADMIN = ("rehearsal-admin", secrets.token_urlsafe(18))
EDITOR = ("rehearsal-editor", secrets.token_urlsafe(18))
NOTIFY = "accueil-moc@example.org"


def _quiet(cmd, **kwargs):
    return subprocess.run(cmd, capture_output=True, text=True, **kwargs)


# What the rehearsal runs, from Debian's packages: {command: package}.
DEBIAN_TOOLS = {
    "/usr/sbin/nginx": "nginx",
    "/usr/bin/redis-server": "redis-server",
    "/usr/bin/pg_dump": "postgresql-client",
    "/usr/bin/pg_restore": "postgresql-client",
    "/usr/bin/openssl": "openssl",
}


def ensure_debian_tools():
    """apt-get install of whatever is missing (as .ci/run does for Redis and Chromium)."""
    missing = sorted({pkg for path, pkg in DEBIAN_TOOLS.items() if not Path(path).exists()})
    if not missing:
        return "packages present"
    prefix = [] if os.geteuid() == 0 else ["sudo", "-n"]
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    for cmd in (["apt-get", "update", "-qq"], ["apt-get", "install", "-y", "-qq", *missing]):
        result = _quiet(prefix + cmd, env=env, timeout=600)
        if result.returncode:
            raise RuntimeError(f"{' '.join(cmd)} failed: {result.stderr.strip()[-500:]}")
    return f"installed with apt-get: {' '.join(missing)}"


def ensure_moto():
    """moto's S3 server in a virtualenv of the rehearsal's own (the app's stays as it is)."""
    venv = TOOLS / "venv"
    moto_server = venv / "bin" / "moto_server"
    if moto_server.exists():
        return moto_server, "present"
    base_python = getattr(sys, "_base_executable", None) or sys.executable
    result = _quiet([base_python, "-m", "venv", str(venv)], timeout=300)
    if result.returncode:
        raise RuntimeError(f"python -m venv failed: {result.stderr.strip()[-500:]}")
    pip = [str(venv / "bin" / "pip"), "install", "--quiet", "--disable-pip-version-check"]
    result = _quiet(pip + ["moto[server]>=5"], timeout=600)
    if result.returncode or not moto_server.exists():
        raise RuntimeError(f"pip install moto[server] failed: {result.stderr.strip()[-500:]}")
    return moto_server, "installed with pip"


class Report:
    """One line per check: PASS, FAIL, SKIP or NOTE (a finding that fails nothing)."""

    def __init__(self):
        self.lines = []
        self.start = time.monotonic()

    def line(self, status, key, text):
        self.lines.append((status, key, text))
        print(f"{status:<4} {key:<4} {text}", flush=True)

    def check(self, ok, key, text):
        self.line("PASS" if ok else "FAIL", key, text)
        return ok

    @property
    def failed(self):
        return [line for line in self.lines if line[0] == "FAIL"]


class Rehearsal:
    """Everything the checks use: the servers, the environment, the report."""

    def __init__(self, workdir, report, moto_server):
        self.workdir = Path(workdir)
        self.report = report
        self.moto_server = moto_server
        self.host = HOST
        self.bucket = BUCKET
        self.admin = ADMIN
        self.editor = EDITOR
        self.notify = NOTIFY
        self.python = sys.executable
        self.cleanups = []
        self.measured = {}
        self.timings = {}

    # --- set-up ----------------------------------------------------------------------------

    def start(self):
        w = self.workdir
        try:
            self.db = services.Database(DATABASE).create()
        except Exception as error:
            raise RuntimeError(
                "PostgreSQL must answer on 127.0.0.1:5432 (user postgres, trust auth; "
                f".ci/run starts it): {error}"
            ) from error
        self.cleanups.append(self.db.drop)
        self.redis = services.Redis(w).start()
        self.cleanups.append(self.redis.stop)
        self.s3 = services.S3(str(self.moto_server), w).start()
        self.cleanups.append(self.s3.stop)
        self.s3.make_bucket(BUCKET)
        self.mail = services.MailServer().start()
        self.cleanups.append(self.mail.stop)
        self.trials = services.TrialsServer().start()
        self.cleanups.append(self.trials.stop)
        self.cert, self.key = web.make_certificate(w, HOST)

        self.env_file = w / "env"
        services.write_env_file(self.env_file, self.settings())
        self.env = self.process_env(self.env_file)
        self.prepare_database()

        start = time.monotonic()
        self.servers = {name: web.AppServer(name, self.env, w, HOST) for name in "AB"}
        for server in self.servers.values():
            self.cleanups.append(server.stop)
            server.start()
        self.timings["gunicorn A and B"] = time.monotonic() - start
        self.nginx = self.make_nginx("main", [self.servers["A"].port, self.servers["B"].port])
        self.nginx_test = self.nginx.test()
        if self.nginx_test.returncode:
            raise RuntimeError(f"nginx -t failed:\n{self.nginx_test.stderr}")
        self.cleanups.append(self.nginx.stop)
        self.nginx.start()
        services.wait_for(lambda: self.browser().get("/health/").status == 200, 20, "nginx")

    def settings(self, database=None, bucket=BUCKET, redis_db=0):
        """/etc/mocsite/env of docs/deployment.md for two app servers, on the rehearsal's
        services: HTTPS behind nginx, PostgreSQL, Redis, media in the bucket, SMTP."""
        return {
            "DJANGO_SECRET_KEY": secrets.token_urlsafe(64),
            "DJANGO_ALLOWED_HOSTS": HOST,
            "DJANGO_CSRF_TRUSTED_ORIGINS": f"https://{HOST}",
            "DJANGO_HTTPS": "true",
            "DJANGO_BEHIND_PROXY": "true",
            "SITE_URL": f"https://{HOST}",
            "DATABASE_URL": database or self.db.url,
            "REDIS_URL": self.redis.url(redis_db),
            "AWS_STORAGE_BUCKET_NAME": bucket,
            "AWS_S3_ENDPOINT_URL": self.s3.endpoint,
            "AWS_S3_REGION_NAME": self.s3.region,
            "AWS_ACCESS_KEY_ID": "rehearsal",
            "AWS_SECRET_ACCESS_KEY": "rehearsal-secret",
            "CSP_MEDIA_ORIGINS": self.s3.endpoint,
            "STATIC_ROOT": str(self.workdir / "static"),
            "STATE_DIR": str(self.workdir / "state"),
            "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "EMAIL_HOST": "127.0.0.1",
            "EMAIL_PORT": self.mail.port,
            "EMAIL_TIMEOUT": 5,
            "DEFAULT_FROM_EMAIL": "site-moc@example.org",
            "SERVER_EMAIL": "site-moc@example.org",
            "CONTACT_FALLBACK_RECIPIENTS": NOTIFY,
            # The first retry of an unsent email after 1 s instead of 60 (item 5).
            "CONTACT_SEND_RETRY_SECONDS": 1,
            "CLINICALTRIALS_API_URL": self.trials.url,
            "CLINICALTRIALS_TIMEOUT": 5,
            "LOG_FORMAT": "json",
            "LOG_LEVEL": "INFO",
            # Two app servers on a 2-core machine: 2 workers of 4 threads each.
            "GUNICORN_WORKERS": 2,
        }

    def process_env(self, env_file, **extra):
        """What systemd gives a unit: a clean environment plus its EnvironmentFile."""
        env = {"PATH": "/usr/local/bin:/usr/bin:/bin", "LANG": "C.UTF-8", "HOME": str(self.workdir)}
        env.update(read_env_file(env_file))
        env.update({key: str(value) for key, value in extra.items()})
        return env

    def manage(self, *args, env=None, timeout=300):
        result = _quiet(
            [self.python, "manage.py", *args], cwd=BASE_DIR, env=env or self.env, timeout=timeout
        )
        if result.returncode:
            raise RuntimeError(f"manage.py {' '.join(args)} failed:\n{result.stderr[-2000:]}")
        return result

    def prepare_database(self):
        """The first install of docs/deployment.md, section 2."""
        for args in (
            ("migrate", "--noinput", "--verbosity", "0"),
            ("collectstatic", "--noinput", "--verbosity", "0"),
            ("load_seed",),
        ):
            start = time.monotonic()
            self.manage(*args)
            self.timings[args[0]] = time.monotonic() - start
        users = (
            "from django.contrib.auth.models import User\n"
            f"User.objects.create_superuser({ADMIN[0]!r}, 'admin@example.org', {ADMIN[1]!r})\n"
            f"User.objects.create_user({EDITOR[0]!r}, 'editor@example.org', {EDITOR[1]!r},"
            " is_staff=True)\n"
        )
        self.manage("shell", "-c", users)

    def make_nginx(self, name, ports, bucket=BUCKET):
        replacements = {
            "10.0.0.11:8000": f"127.0.0.1:{ports[0]}",
            "10.0.0.12:8000": f"127.0.0.1:{ports[1]}",
            "/etc/letsencrypt/live/moc.example.org/fullchain.pem": str(self.cert),
            "/etc/letsencrypt/live/moc.example.org/privkey.pem": str(self.key),
            "https://media.moc.example.org/": f"{self.s3.endpoint}/{bucket}/",
        }
        return web.Nginx(self.workdir, name, replacements)

    # --- for the checks --------------------------------------------------------------------

    def browser(self, source=None, nginx=None):
        from .client import Browser

        return Browser(HOST, (nginx or self.nginx).https_port, self.cert, source)

    def upstream(self, response, nginx=None):
        """The app server that answered (the last one nginx tried), from the access log."""
        record = (nginx or self.nginx).record_for(response.request_id) if response else None
        return self.server_of(record) if record else None

    def server_of(self, record):
        """The name of the app server of an access-log line (the last one tried)."""
        port = record.get("up", "").split(",")[-1].strip().rsplit(":", 1)[-1]
        return next((s.name for s in self.servers.values() if str(s.port) == port), port)

    def on(self, name, browser, method, path, **kwargs):
        """The request, passed by nginx to app server `name`. Round robin: after a request
        another server answered, the next is this one's; checked in the access log."""
        for _ in range(4):
            probe = browser.get("/robots.txt")
            if self.upstream(probe) not in (name, None):
                break
        response = browser.request(method, path, **kwargs)
        answered = self.upstream(response)
        if answered != name:
            raise AssertionError(f"{method} {path} was answered by {answered}, not {name}")
        return response

    def cleanup(self):
        for action in reversed(self.cleanups):
            try:
                action()
            except Exception as error:  # go on stopping the rest
                print(f"cleanup: {action}: {error}", file=sys.stderr)
        self.cleanups = []
        services.stop_all()


def read_env_file(path):
    """KEY=value lines as systemd's EnvironmentFile= and `set -a; . file` read them."""
    import shlex

    values = {}
    for line in Path(path).read_text().splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            key, value = line.split("=", 1)
            parsed = shlex.split(value)
            values[key.strip()] = parsed[0] if parsed else ""
    return values


def _on_signal(signum, frame):
    raise KeyboardInterrupt(f"signal {signum}")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keep", action="store_true", help="keep the logs' directory")
    args = parser.parse_args(argv)
    # Also SIGINT: a shell that started the rehearsal in the background made it ignored.
    for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(sig, _on_signal)
    from . import checks, operations, pages, shipped

    report = Report()
    workdir = tempfile.mkdtemp(prefix="mocsite-prod-check-")
    rehearsal = None
    interrupted = False
    try:
        debian_state = ensure_debian_tools()
        moto_server, moto_state = ensure_moto()
        report.line(
            "INFO", "0", f"tools: Debian {debian_state}, moto {moto_state}; logs in {workdir}"
        )
        rehearsal = Rehearsal(workdir, report, moto_server)
        rehearsal.start()
        steps = ", ".join(f"{name} {took:.0f} s" for name, took in rehearsal.timings.items())
        report.line(
            "INFO", "0", f"set-up ready in {time.monotonic() - report.start:.0f} s ({steps})"
        )
        for key, check in [
            *operations.FIRST,
            *pages.CHECKS,
            *checks.CHECKS,
            *operations.CHECKS,
            *shipped.CHECKS,
        ]:
            try:
                check(rehearsal)
            except KeyboardInterrupt:
                raise
            except Exception as error:
                report.line("FAIL", key, f"{type(error).__name__}: {error}")
                traceback.print_exc(file=sys.stderr)
    except KeyboardInterrupt as error:
        interrupted = True
        report.line("FAIL", "-", f"interrupted ({error or 'Ctrl-C'})")
    except Exception as error:
        report.line("FAIL", "-", f"set-up failed: {type(error).__name__}: {error}")
        traceback.print_exc(file=sys.stderr)
    finally:
        if rehearsal is not None:
            rehearsal.cleanup()
        services.stop_all()
    elapsed = time.monotonic() - report.start
    failed = len(report.failed)
    passed = sum(1 for line in report.lines if line[0] == "PASS")
    keep = args.keep or failed
    if not keep:
        shutil.rmtree(workdir, ignore_errors=True)
    where = f"; logs kept in {workdir}" if keep else ""
    print(f"prod-check: {passed} passed, {failed} failed in {elapsed:.0f} s{where}", flush=True)
    return 130 if interrupted else (1 if failed else 0)


if __name__ == "__main__":
    sys.exit(main())
