"""Gunicorn settings, from the environment (see README.md and docs/deployment.md).

Threaded workers with a read timeout, so that slow or stalled clients cannot take the
site down when nothing buffers requests in front of gunicorn (`make run`, or a load
balancer that passes connections through): a client that sends its request slowly holds
one thread, not a whole worker, and only for `read_timeout` seconds of silence; a POST
whose Content-Length promises more than it sends gets a 400 (mocsite/middleware.py)
once that time is up. A buffering proxy (nginx, docs/deployment.md) remains the first
defence in production.
"""

import multiprocessing
import os

import gunicorn

# No server software or version in the Server header. Set before anything else of gunicorn
# is imported: gunicorn.http.wsgi copies the value when it is first imported.
gunicorn.SERVER = "undisclosed"

from gunicorn.workers import gthread  # noqa: E402

bind = os.environ.get("GUNICORN_BIND", f"127.0.0.1:{os.environ.get('PORT', '8000')}")
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count() * 2 + 1))
threads = int(os.environ.get("GUNICORN_THREADS", 4))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", 30))
graceful_timeout = int(os.environ.get("GUNICORN_GRACEFUL_TIMEOUT", 30))
keepalive = int(os.environ.get("GUNICORN_KEEPALIVE", 5))
# Seconds a client may keep a thread waiting for the next bytes of its request (headers
# or body) or for room to send the response; idle time, not the length of an upload.
read_timeout = float(os.environ.get("GUNICORN_READ_TIMEOUT", 10))
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", 2000))
# A wide jitter, so that workers sharing the load evenly do not all restart together.
max_requests_jitter = int(os.environ.get("GUNICORN_MAX_REQUESTS_JITTER", max_requests // 2))
# Workers are forked from a master that has already imported Django: a recycled worker is
# ready in milliseconds. (Django opens no database connection at import time.)
preload_app = os.environ.get("GUNICORN_PRELOAD", "true").lower() in {"1", "true", "yes"}
# The site logs every request itself (mocsite/middleware.py): no access log by default.
accesslog = os.environ.get("GUNICORN_ACCESS_LOG") or None
errorlog = "-"


class ReadTimeoutConnection(gthread.TConn):
    """A client connection whose socket reads and writes give up after `read_timeout`.

    gunicorn's threaded worker waits for a request's first bytes without a thread, then
    reads the rest in blocking mode with no limit: a client that stops half-way would
    hold its thread for ever. init() runs before every request of the connection, once
    the socket is back in blocking mode."""

    def init(self):
        super().init()
        self.sock.settimeout(read_timeout)


class ReadTimeoutThreadWorker(gthread.ThreadWorker):
    def init_process(self):
        # accept() builds each connection from the module's TConn; this process is this
        # worker's alone, so the substitution touches nothing else.
        gthread.TConn = ReadTimeoutConnection
        super().init_process()


worker_class = ReadTimeoutThreadWorker
