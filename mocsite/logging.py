"""Structured logs: one JSON object per line, with the id of the request being served.

A small formatter of our own rather than python-json-logger: it is thirty lines, has no
dependency to keep up to date, and fixes exactly the fields log collectors (journald,
Loki, Elasticsearch, CloudWatch) index: time, level, logger, message, request_id, the
`extra` fields of the call (method, path, status, duration_ms…) and the traceback of an
error as one string, so a record never spans several lines.

`LOG_FORMAT=plain` (settings) switches to a one-line human-readable format instead.
"""

import contextvars
import datetime
import json
import logging
import time

# The id of the request this thread or task is serving ("-" outside a request); set by
# mocsite.middleware.RequestLogMiddleware, read by RequestIdFilter for every record.
request_id_var = contextvars.ContextVar("request_id", default="-")

# Attributes every LogRecord has: anything else on a record came from `extra=`.
_STANDARD_ATTRIBUTES = set(vars(logging.LogRecord("", 0, "", 0, "", (), None))) | {
    "message",
    "asctime",
    "request_id",
    "taskName",
}


class RequestIdFilter(logging.Filter):
    """Stamps every record with the current request id, so errors logged by Django or by
    any app can be matched with the request line."""

    def filter(self, record):
        if not getattr(record, "request_id", None):
            # Django logs 4xx/5xx responses (django.request) after the middleware has
            # finished, but hands the request over as `extra`.
            request = getattr(record, "request", None)
            record.request_id = getattr(request, "request_id", None) or request_id_var.get()
        return True


class OncePerInterval(logging.Filter):
    """Lets one record through per logger and `seconds`: a cache that is down fails on
    every request, and its error is worth one line a minute, not one a request."""

    def __init__(self, seconds=60):
        super().__init__()
        self.seconds = seconds
        self._last = {}

    def filter(self, record):
        now = time.monotonic()
        if now - self._last.get(record.name, -self.seconds) < self.seconds:
            return False
        self._last[record.name] = now
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object per record, on one line."""

    def format(self, record):
        entry = {
            "time": datetime.datetime.fromtimestamp(record.created, datetime.UTC)
            .isoformat(timespec="milliseconds")
            .replace("+00:00", "Z"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", "-"),
        }
        for key, value in vars(record).items():
            if key not in _STANDARD_ATTRIBUTES and not key.startswith("_"):
                entry[key] = value
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        if record.stack_info:
            entry["stack"] = self.formatStack(record.stack_info)
        # default=str: a value json cannot encode (a request object Django adds to its
        # error records, a Decimal) is written as its text rather than losing the record.
        return json.dumps(entry, default=str, ensure_ascii=False)


def logging_config(log_format, level):
    """The LOGGING setting: records to standard error, one JSON object per line unless
    `log_format` is "plain", each with its request id; a failing cache said once a minute."""
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {
            "request_id": {"()": "mocsite.logging.RequestIdFilter"},
            "once_a_minute": {"()": "mocsite.logging.OncePerInterval", "seconds": 60},
        },
        "formatters": {
            "plain": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
            "json": {"()": "mocsite.logging.JsonFormatter"},
        },
        "handlers": {
            "console": {
                "class": "logging.StreamHandler",
                "formatter": "plain" if log_format == "plain" else "json",
                "filters": ["request_id"],
            }
        },
        "root": {"handlers": ["console"], "level": level},
        "loggers": {
            "django.db.backends": {"level": "WARNING"},
            # A cache that is down fails on every request: one line a minute says so.
            "mocsite.redis": {"filters": ["once_a_minute"]},
            "mocsite.cache": {"filters": ["once_a_minute"]},
        },
    }
