"""Site-wide middleware for resilience: a log line per request, and a 503 page when the
database is unreachable.

Both sit right after SecurityMiddleware, so they see every request the site serves (an
HTTPS redirect by SecurityMiddleware is the only answer they do not see).
"""

import logging
import re
import sys
import time
import uuid

from django.conf import settings
from django.core.signals import got_request_exception
from django.db import InterfaceError, OperationalError, connections
from django.http import HttpResponse
from django.template import loader
from django.utils import translation
from django.utils.cache import add_never_cache_headers

from .logging import request_id_var

request_logger = logging.getLogger("mocsite.request")
logger = logging.getLogger(__name__)

# An id sent by our load balancer or proxy is kept (so its logs and ours match) if it
# looks like one; anything else is replaced, so a visitor cannot inject text into logs.
REQUEST_ID_PATTERN = re.compile(r"[A-Za-z0-9._-]{8,64}")
DATABASE_ERRORS = (OperationalError, InterfaceError)


class RequestLogMiddleware:
    """Gives each request an id (X-Request-ID, in and out) and logs one line when it ends:
    method, path (never the query string, which may hold personal data), status and
    duration. Health checks, polled every few seconds by load balancers, log at DEBUG."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        incoming = request.META.get("HTTP_X_REQUEST_ID", "")
        request_id = incoming if REQUEST_ID_PATTERN.fullmatch(incoming) else uuid.uuid4().hex
        request.request_id = request_id
        token = request_id_var.set(request_id)
        start = time.perf_counter()
        try:
            response = self.get_response(request)
            duration_ms = round((time.perf_counter() - start) * 1000, 1)
            response["X-Request-ID"] = request_id
            level = logging.DEBUG if request.path == "/health/" else logging.INFO
            request_logger.log(
                level,
                "%s %s %s %sms",
                request.method,
                request.path,
                response.status_code,
                duration_ms,
                extra={
                    "method": request.method,
                    "path": request.path,
                    "status": response.status_code,
                    "duration_ms": duration_ms,
                },
            )
            return response
        finally:
            request_id_var.reset(token)


def close_broken_connections():
    """Closes database connections that a failure left unusable, so the next request
    opens a fresh one: the site recovers by itself once the database is back.

    A connection inside a transaction block is left alone (closing it would break the
    block's own error handling)."""
    for conn in connections.all(initialized_only=True):
        if conn.in_atomic_block:
            continue
        try:
            conn.close_if_unusable_or_obsolete()
        except Exception:  # the connection is beyond use: drop it
            try:
                conn.close()
            except Exception:
                conn.connection = None


def service_unavailable(request):
    """The 503 page in the visitor's language, rendered without touching the database:
    standalone template, no request context, so no context processor runs a query."""
    language = (
        translation.get_language_from_path(request.path_info)
        or getattr(request, "LANGUAGE_CODE", None)
        or settings.LANGUAGE_CODE
    )
    with translation.override(language):
        content = loader.get_template("503.html").render({})
    response = HttpResponse(content, status=503)
    response["Retry-After"] = str(settings.SERVICE_UNAVAILABLE_RETRY_AFTER)
    add_never_cache_headers(response)  # neither browsers nor the page cache keep it
    response.service_unavailable = True
    return response


class DatabaseUnavailableMiddleware:
    """Turns a database that cannot be reached into a translated 503 with Retry-After,
    never a traceback or a bare 500.

    Errors raised by a view or while rendering its template come through
    process_exception. Errors raised further down the middleware chain (a session saved
    in process_response, for example) are turned into 500 responses by Django before they
    reach us; the got_request_exception signal marks such requests so the 500 becomes a
    503 on the way out.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code == 500 and getattr(request, "_database_unavailable", False):
            return service_unavailable(request)
        if getattr(response, "service_unavailable", False):
            # Middlewares below may have rewritten Cache-Control on the way out.
            add_never_cache_headers(response)
        return response

    def process_exception(self, request, exception):
        if not isinstance(exception, DATABASE_ERRORS):
            return None
        logger.error(
            "Database unavailable: %s %s answered 503",
            request.method,
            request.path,
            exc_info=exception,
        )
        close_broken_connections()
        return service_unavailable(request)


def _mark_database_failure(sender, request=None, **kwargs):
    """Receiver of got_request_exception: Django sends it while handling the exception,
    so sys.exc_info() tells which one it is."""
    exception = sys.exc_info()[1]
    if request is not None and isinstance(exception, DATABASE_ERRORS):
        request._database_unavailable = True
        close_broken_connections()


got_request_exception.connect(
    _mark_database_failure, dispatch_uid="mocsite.middleware.database_failure"
)


class AdminNoIndexMiddleware:
    """The admin is never indexed, even if a crawler ignores robots.txt."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.path.startswith("/admin/"):
            response["X-Robots-Tag"] = "noindex, nofollow"
        return response
