"""Gunicorn settings, from the environment (see README.md)."""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", f"127.0.0.1:{os.environ.get('PORT', '8000')}")
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count() * 2 + 1))
threads = int(os.environ.get("GUNICORN_THREADS", 1))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", 30))
graceful_timeout = int(os.environ.get("GUNICORN_GRACEFUL_TIMEOUT", 30))
keepalive = int(os.environ.get("GUNICORN_KEEPALIVE", 5))
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", 2000))
# A wide jitter, so that workers sharing the load evenly do not all restart together.
max_requests_jitter = int(os.environ.get("GUNICORN_MAX_REQUESTS_JITTER", max_requests // 2))
# Workers are forked from a master that has already imported Django: a recycled worker is
# ready in milliseconds. (Django opens no database connection at import time.)
preload_app = os.environ.get("GUNICORN_PRELOAD", "true").lower() in {"1", "true", "yes"}
# The site logs every request itself (mocsite/middleware.py): no access log by default.
accesslog = os.environ.get("GUNICORN_ACCESS_LOG") or None
errorlog = "-"

# No server software or version in the Server header.
import gunicorn  # noqa: E402

gunicorn.SERVER = "undisclosed"
