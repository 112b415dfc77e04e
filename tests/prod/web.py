"""The app servers and nginx: gunicorn started by the ExecStart of the shipped systemd unit,
nginx run with the shipped site configuration (only ports and paths changed), and the
self-signed certificate it serves."""

import json
import os
import re
import shlex
import signal
import subprocess
import time
from pathlib import Path

from .services import (
    SITE_CONF,
    children_of,
    free_port,
    plain_get,
    port_open,
    spawn,
    stop,
    unit_command,
    unit_directives,
    wait_for,
)

# --- gunicorn ------------------------------------------------------------------------------


class AppServer:
    """One app server: the ExecStart of docs/systemd/mocsite.service, its environment from
    the env file plus GUNICORN_BIND. stop() is `systemctl stop` (SIGTERM to gunicorn's
    master: it stops accepting, lets workers finish their requests, then exits)."""

    def __init__(self, name, env, workdir, host):
        self.name = name
        self.port = free_port()
        self.env = {**env, "GUNICORN_BIND": f"127.0.0.1:{self.port}"}
        self.log_path = Path(workdir) / f"gunicorn-{name}.log"
        self.host = host
        self.proc = None

    def start(self):
        command, cwd = unit_command("mocsite.service")
        self.proc = spawn(command, self.log_path, cwd=cwd, env=self.unit_env())
        wait_for(lambda: self.health()[0] == 200, 90, f"gunicorn {self.name}", self.proc)
        return self

    def unit_env(self):
        """The env file's values plus the unit's Environment= and RuntimeDirectory= (made
        per server: on separate machines each has its own /run/mocsite)."""
        directives = unit_directives("mocsite.service")
        env = dict(self.env)
        runtime = self.log_path.parent / f"run-{self.name}"
        for name in directives.get("RuntimeDirectory", []):
            (runtime / name).mkdir(parents=True, exist_ok=True)
        for assignment in directives.get("Environment", []):
            for item in shlex.split(assignment):
                key, value = item.split("=", 1)
                env[key] = (
                    value.replace("/run/", f"{runtime}/", 1) if value.startswith("/run/") else value
                )
        return env

    def health(self, headers=None):
        """GET /health/ straight from this server (headers as nginx sends them by
        default); redirects are not followed. (status, body)"""
        headers = headers or {"Host": self.host, "X-Forwarded-Proto": "https"}
        return plain_get(f"http://127.0.0.1:{self.port}/health/", headers)[::2]

    def workers(self):
        return children_of(self.proc.pid) if self.proc and self.proc.poll() is None else []

    def hup(self):
        os.kill(self.proc.pid, signal.SIGHUP)

    def stop(self):
        stop(self.proc, grace=35, mixed=True)  # KillMode=mixed, TimeoutStopSec=35

    def log_records(self, offset=0):
        """The JSON log records this server wrote from byte `offset` (LOG_FORMAT=json)."""
        records = []
        with open(self.log_path, "rb") as handle:
            handle.seek(offset)
            lines = handle.read().decode(errors="replace").splitlines()
        for line in lines:
            if line.startswith("{"):
                try:
                    records.append(json.loads(line))
                except ValueError:
                    pass
        return records


# --- nginx ---------------------------------------------------------------------------------

NGINX = "/usr/sbin/nginx"


def render_site_conf(replacements, listen):
    """docs/nginx/mocsite.conf with its ports and paths changed, nothing else.

    `replacements` maps literal strings of the shipped file (paths, upstream addresses, the
    media host) to the rehearsal's; `listen` maps the ports 80 and 443 to free ports of
    127.0.0.1 and ::1. Every literal must be in the file, so a changed configuration fails
    the rehearsal loudly rather than being rehearsed half-way."""
    text = SITE_CONF.read_text()
    for old, new in replacements.items():
        if old not in text:
            raise RuntimeError(f"docs/nginx/mocsite.conf no longer contains {old!r}")
        text = text.replace(old, new)

    def listen_line(match):
        address, port, rest = match.group(1), int(match.group(2)), match.group(3)
        loopback = "[::1]" if address == "[::]:" else "127.0.0.1"
        return f"listen {loopback}:{listen[port]}{rest}"

    text, count = re.subn(r"listen (\[::\]:)?(80|443)\b([^;]*;)", listen_line, text)
    if not count:
        raise RuntimeError("docs/nginx/mocsite.conf has no listen directive for 80 or 443")
    return text


def main_conf(prefix, site_conf):
    """Debian's /etc/nginx/nginx.conf, as operators have it, with its pid and log files in
    the rehearsal's directory and the shipped site instead of sites-enabled/ and conf.d/."""
    text = Path("/etc/nginx/nginx.conf").read_text()
    changes = [
        (r"(?m)^pid\s+\S+;", f"pid {prefix}/nginx.pid;"),
        (r"(?m)^(\s*)error_log\s+\S+;", rf"\1error_log {prefix}/logs/error.log;"),
        (r"(?m)^(\s*)access_log\s+\S+;", rf"\1access_log {prefix}/logs/access.log;"),
        (r"(?m)^\s*include /etc/nginx/conf\.d/\*\.conf;\n", ""),
        (r"(?m)^(\s*)include /etc/nginx/sites-enabled/\*;", rf"\1include {site_conf};"),
    ]
    for pattern, new in changes:
        text, count = re.subn(pattern, new, text)
        if count != 1:
            raise RuntimeError(f"/etc/nginx/nginx.conf: {pattern!r} matched {count} times")
    return text


class Nginx:
    """Debian's nginx with its own prefix (-p) and configuration (-c), in the foreground."""

    def __init__(self, workdir, name, replacements):
        self.prefix = Path(workdir) / f"nginx-{name}"
        for sub in ("conf", "logs", "acme"):
            (self.prefix / sub).mkdir(parents=True, exist_ok=True)
        self.https_port = free_port()
        self.http_port = free_port()
        self.access_log = self.prefix / "logs" / "mocsite.access.log"
        replacements = {
            "/var/log/nginx/mocsite.": f"{self.prefix}/logs/mocsite.",
            "/var/www/letsencrypt": str(self.prefix / "acme"),
            **replacements,
        }
        self.site_conf = self.prefix / "conf" / "mocsite.conf"
        self.site_conf.write_text(
            render_site_conf(replacements, {80: self.http_port, 443: self.https_port})
        )
        self.conf = self.prefix / "conf" / "nginx.conf"
        self.conf.write_text(main_conf(self.prefix, self.site_conf))
        self.proc = None

    def command(self, *args):
        return [NGINX, "-p", str(self.prefix), "-c", str(self.conf), *args]

    def test(self):
        return subprocess.run(self.command("-t"), capture_output=True, text=True, timeout=30)

    def start(self):
        self.proc = spawn(self.command("-g", "daemon off;"), self.prefix / "logs" / "stdout.log")
        wait_for(lambda: port_open(self.https_port), 20, "nginx", self.proc)
        return self

    def log_offset(self):
        return self.access_log.stat().st_size if self.access_log.exists() else 0

    def log_records(self, offset=0):
        """The access log's lines from byte `offset`, as dicts (log_format mocsite)."""
        if not self.access_log.exists():
            return []
        with open(self.access_log, "rb") as handle:
            handle.seek(offset)
            text = handle.read().decode(errors="replace")
        return [parse_access_line(line) for line in text.splitlines() if line.strip()]

    def record_for(self, request_id, limit=3):
        """The access-log line of one request (nginx writes it once the answer is sent)."""
        deadline = time.monotonic() + limit
        while True:
            for record in self.log_records():
                if record.get("rid") == request_id:
                    return record
            if time.monotonic() > deadline:
                return None
            time.sleep(0.05)

    def stop(self):
        stop(self.proc)


def parse_access_line(line):
    """`key=value` fields of log_format mocsite; the address is the first field."""
    record = {"remote_addr": line.split(" ", 1)[0], "line": line}
    for key, value in re.findall(r'(\w+)=("[^"]*"|\S+)', line):
        record[key] = value.strip('"')
    return record


def make_certificate(workdir, host):
    """A self-signed certificate for `host`, made on the fly (openssl)."""
    key, cert = Path(workdir) / "privkey.pem", Path(workdir) / "fullchain.pem"
    subprocess.run(
        [
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "ec",
            "-pkeyopt",
            "ec_paramgen_curve:prime256v1",
            "-nodes",
            "-days",
            "2",
            "-subj",
            f"/CN={host}",
            "-addext",
            f"subjectAltName=DNS:{host}",
            "-keyout",
            str(key),
            "-out",
            str(cert),
        ],
        check=True,
        capture_output=True,
        timeout=60,
    )
    os.chmod(key, 0o600)
    return cert, key
