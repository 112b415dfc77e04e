"""The services behind the app servers, each on a free port of 127.0.0.1 and stopped on the
way out, and the process helpers of the rehearsal.

PostgreSQL is the machine's (127.0.0.1:5432): the rehearsal makes databases of its own on
it and drops them. Everything else is a process (or, for the stand-ins, a thread) of its
own: redis-server, moto's S3 server, a mail server and a ClinicalTrials.gov stand-in. The
app servers and nginx are in tests/prod/web.py.
"""

import email
import email.policy
import http.client
import http.server
import json
import os
import re
import shlex
import signal
import socket
import socketserver
import subprocess
import threading
import time
import urllib.parse
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parents[2]
UNITS = BASE_DIR / "docs" / "systemd"
SITE_CONF = BASE_DIR / "docs" / "nginx" / "mocsite.conf"
# Where the shipped units and configuration expect the checkout (docs/deployment.md).
PROD_APP_DIR = "/srv/mocsite/app"

_children = []  # Popen objects still running, stopped by stop_all()


# --- processes -----------------------------------------------------------------------------


def spawn(cmd, log_path, **kwargs):
    """A child in its own session (Ctrl-C reaches the rehearsal only, which stops it)."""
    log = open(log_path, "ab")  # closed with the child, in stop()
    proc = subprocess.Popen(
        cmd,
        start_new_session=True,
        stdin=subprocess.DEVNULL,
        stdout=log,
        stderr=subprocess.STDOUT,
        **kwargs,
    )
    proc.log = log
    _children.append(proc)
    return proc


def stop(proc, sig=signal.SIGTERM, grace=20, mixed=False):
    """Stops a child and everything in its process group; SIGKILL after `grace` seconds.
    `mixed`: the signal to the child alone, as systemd's KillMode=mixed does."""
    if proc is None:
        return
    if proc.poll() is None:
        try:
            if mixed:
                os.kill(proc.pid, sig)
            else:
                os.killpg(proc.pid, sig)
        except ProcessLookupError:
            pass
        try:
            proc.wait(grace)
        except subprocess.TimeoutExpired:
            pass
    # Whatever is left of the group (everything once `grace` is over): SIGKILL.
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass
    proc.wait(5)
    if proc in _children:
        _children.remove(proc)
    proc.log.close()


def stop_all():
    for proc in reversed(list(_children)):
        stop(proc)


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(predicate, limit, what, proc=None, interval=0.2):
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            raise RuntimeError(f"{what}: the process exited with code {proc.returncode}")
        try:
            if predicate():
                return
        except OSError:
            pass
        time.sleep(interval)
    raise RuntimeError(f"{what}: not ready within {limit} s")


def port_open(port):
    with socket.socket() as sock:
        sock.settimeout(1)
        return sock.connect_ex(("127.0.0.1", port)) == 0


def plain_get(url, headers=None, timeout=10):
    """GET over plain http to a loopback server, no redirect followed, no name resolved:
    (status, headers, body)."""
    parts = urllib.parse.urlsplit(url)
    if parts.scheme != "http" or parts.hostname != "127.0.0.1":
        raise ValueError(f"not a loopback http address: {url}")
    conn = http.client.HTTPConnection("127.0.0.1", parts.port, timeout=timeout)
    try:
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        conn.request("GET", path, headers=headers or {})
        response = conn.getresponse()
        return response.status, response.headers, response.read()
    finally:
        conn.close()


def children_of(pid):
    """Process ids whose parent is `pid` (gunicorn's workers), read from /proc."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
            found.append(int(entry.name))
    return sorted(found)


# --- the environment file and the units ----------------------------------------------------


def write_env_file(path, values):
    """/etc/mocsite/env as docs/deployment.md writes it: KEY=value lines, read by systemd's
    EnvironmentFile= and by `set -a; . /etc/mocsite/env`."""
    lines = [f"{key}={shlex.quote(str(value))}" for key, value in values.items()]
    Path(path).write_text("\n".join(lines) + "\n")


def unit_directives(name):
    """{directive: [values]} of the [Service] section of a shipped unit."""
    directives, section = {}, None
    for raw in (UNITS / name).read_text().splitlines():
        line = raw.strip()
        if line.startswith("["):
            section = line
        elif section == "[Service]" and "=" in line and not line.startswith(("#", ";")):
            key, value = line.split("=", 1)
            directives.setdefault(key.strip(), []).append(value.strip())
    return directives


def unit_command(name):
    """The ExecStart of a shipped unit, with the checkout's path for /srv/mocsite/app, and
    its WorkingDirectory."""
    directives = unit_directives(name)
    (exec_start,) = directives["ExecStart"]
    command = [arg.replace(PROD_APP_DIR, str(BASE_DIR)) for arg in shlex.split(exec_start)]
    workdir = directives["WorkingDirectory"][0].replace(PROD_APP_DIR, str(BASE_DIR))
    return command, workdir


def run_job(unit, env, timeout=120):
    """A scheduled job run once, as its timer would: the unit's command and directory."""
    command, workdir = unit_command(unit)
    return subprocess.run(
        command, cwd=workdir, env=env, capture_output=True, text=True, timeout=timeout
    )


# --- PostgreSQL ----------------------------------------------------------------------------


class Database:
    """A database of the rehearsal's own on the machine's PostgreSQL, dropped at the end."""

    def __init__(self, name, server="postgres://postgres@127.0.0.1:5432"):
        self.name = name
        self.server = server
        self.url = f"{server}/{name}"

    def _admin(self, *statements):
        import psycopg

        with psycopg.connect(f"{self.server}/postgres", autocommit=True, connect_timeout=10) as db:
            for statement in statements:
                db.execute(statement)

    def create(self):
        self._admin(
            f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)',
            f"CREATE DATABASE \"{self.name}\" ENCODING 'UTF8' TEMPLATE template0",
        )
        return self

    def drop(self):
        self._admin(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')

    def query(self, sql, params=()):
        import psycopg

        with psycopg.connect(self.url, autocommit=True, connect_timeout=10) as db:
            return db.execute(sql, params).fetchall()


# --- Redis ---------------------------------------------------------------------------------


class Redis:
    """redis-server of the rehearsal's own: loopback, no persistence; stop() and start()
    again keep the port, so the app servers' REDIS_URL stays right."""

    def __init__(self, workdir):
        self.port = free_port()
        self.workdir = Path(workdir)
        self.proc = None

    def url(self, db=0):
        return f"redis://127.0.0.1:{self.port}/{db}"

    def start(self):
        cmd = ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1"]
        cmd += ["--save", "", "--appendonly", "no", "--dir", str(self.workdir)]
        self.proc = spawn(cmd, self.workdir / "redis.log")
        wait_for(lambda: self.ping(), 15, "redis-server", self.proc)
        return self

    def ping(self):
        import redis

        try:
            return redis.Redis(port=self.port, socket_timeout=1).ping()
        except redis.RedisError:
            return False

    def client(self, db):
        import redis

        return redis.Redis(port=self.port, db=db, socket_timeout=2)

    def stop(self):
        stop(self.proc)


# --- S3 (moto) -----------------------------------------------------------------------------


class S3:
    """moto's S3 server (`moto_server`, from the rehearsal's tools virtualenv)."""

    def __init__(self, moto_server, workdir, region="eu-west-3"):
        self.port = free_port()
        self.endpoint = f"http://127.0.0.1:{self.port}"
        self.region = region
        self.moto_server = moto_server
        self.workdir = Path(workdir)
        self.proc = None

    def start(self):
        cmd = [self.moto_server, "-H", "127.0.0.1", "-p", str(self.port)]
        self.proc = spawn(cmd, self.workdir / "moto.log")
        wait_for(lambda: port_open(self.port), 60, "moto_server", self.proc)
        return self

    def client(self):
        import boto3

        return boto3.client(
            "s3",
            endpoint_url=self.endpoint,
            region_name=self.region,
            aws_access_key_id="rehearsal",
            aws_secret_access_key="rehearsal-secret",
        )

    def make_bucket(self, name):
        """A bucket with the public-read policy on objects docs/deployment.md asks for."""
        client = self.client()
        client.create_bucket(
            Bucket=name, CreateBucketConfiguration={"LocationConstraint": self.region}
        )
        policy = {
            "Version": "2012-10-17",
            "Statement": [
                {
                    "Effect": "Allow",
                    "Principal": "*",
                    "Action": "s3:GetObject",
                    "Resource": f"arn:aws:s3:::{name}/*",
                }
            ],
        }
        client.put_bucket_policy(Bucket=name, Policy=json.dumps(policy))

    def keys(self, bucket):
        pages = self.client().get_paginator("list_objects_v2").paginate(Bucket=bucket)
        return sorted(item["Key"] for page in pages for item in page.get("Contents", []))

    def stop(self):
        stop(self.proc)


# --- mail and ClinicalTrials.gov stand-ins -------------------------------------------------


class _SMTPHandler(socketserver.StreamRequestHandler):
    """Just enough SMTP for Django's backend: EHLO, MAIL, RCPT, DATA, RSET, NOOP, QUIT."""

    def reply(self, line):
        self.wfile.write(line.encode() + b"\r\n")

    def handle(self):
        self.reply("220 rehearsal ESMTP")
        sender, recipients = None, []
        while True:
            line = self.rfile.readline(65536)
            if not line:
                return
            verb = line.decode("ascii", "replace").strip().split(" ", 1)[0].upper()
            if verb in ("EHLO", "HELO"):
                self.reply("250 rehearsal")
            elif verb == "MAIL":
                sender, recipients = line.decode().strip(), []
                self.reply("250 OK")
            elif verb == "RCPT":
                recipients.append(line.decode().split(":", 1)[1].strip().strip("<>"))
                self.reply("250 OK")
            elif verb == "DATA":
                self.reply("354 End data with <CR><LF>.<CR><LF>")
                data = []
                while True:
                    chunk = self.rfile.readline(1 << 20)
                    if not chunk or chunk in (b".\r\n", b".\n"):
                        break
                    data.append(chunk[1:] if chunk.startswith(b"..") else chunk)
                message = email.message_from_bytes(b"".join(data), policy=email.policy.default)
                self.server.received.append((sender, recipients, message))
                self.reply("250 OK queued")
            elif verb in ("RSET", "NOOP"):
                self.reply("250 OK")
            elif verb == "QUIT":
                self.reply("221 Bye")
                return
            else:
                self.reply("502 Command not implemented")


class _ThreadingTCP(socketserver.ThreadingTCPServer):
    allow_reuse_address = True
    daemon_threads = True


class MailServer:
    """A local SMTP server in a thread; stop() closes its port (connections are refused, as
    with a mail server that is down), start() opens the same port again."""

    def __init__(self):
        self.port = free_port()
        self.received = []  # (MAIL line, recipients, email.message.Message)
        self.server = None

    def start(self):
        self.server = _ThreadingTCP(("127.0.0.1", self.port), _SMTPHandler)
        self.server.received = self.received
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def stop(self):
        if self.server is not None:
            self.server.shutdown()
            self.server.server_close()
            self.server = None


class _TrialsHandler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):  # noqa: N802 (BaseHTTPRequestHandler's name)
        match = re.fullmatch(r"/api/v2/studies/(NCT\d{8})", self.path)
        if not match:
            self.send_error(404)
            return
        self.server.asked.append(match.group(1))
        body = json.dumps(
            {"protocolSection": {"statusModule": {"overallStatus": "RECRUITING"}}}
        ).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


class TrialsServer:
    """ClinicalTrials.gov API v2 stand-in: every study is recruiting."""

    def start(self):
        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _TrialsHandler)
        self.server.asked = []
        self.url = f"http://127.0.0.1:{self.server.server_port}/api/v2/"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def stop(self):
        self.server.shutdown()
        self.server.server_close()
