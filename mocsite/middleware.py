"""Site-wide middleware for resilience: a log line per request; a 503 page when the
database is unreachable; a 400 when the client stops sending its request's body.

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
from django.http import HttpResponse, UnreadablePostError
from django.utils.cache import add_never_cache_headers

from .contact_tracking import tracking_contact_requests
from .logging import request_id_var
from .views import bad_request, contact_outcome, render_standalone

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
    standalone template, no request context, so no context processor runs a query.

    A visitor who was sending the contact form is told whether the message was kept,
    and, when it was not, is shown its text to copy and send again later."""
    content = render_standalone(request, "503.html", contact_outcome(request))
    response = HttpResponse(content, status=503)
    response["Retry-After"] = str(settings.SERVICE_UNAVAILABLE_RETRY_AFTER)
    add_never_cache_headers(response)  # neither browsers nor the page cache keep it
    response.service_unavailable = True
    return response


class _WatchedBody:
    """A request's body stream that notes on the request when reading it fails.

    Without a buffering proxy in front, the server's read timeout (gunicorn.conf.py) ends
    the read of a body that stops arriving (a Content-Length larger than what is sent).
    Django turns that OSError into UnreadablePostError, which CsrfViewMiddleware swallows
    before answering "CSRF token missing" (the token is in the unread body):
    request.body_unreadable lets the answer be the 400 it is (mocsite.views.csrf_failure).
    """

    def __init__(self, stream, request):
        self._stream = stream
        self._request = request

    def _watch(self, method, *args):
        try:
            return method(*args)
        except OSError:
            self._request.body_unreadable = True
            raise

    def read(self, *args):
        return self._watch(self._stream.read, *args)

    def readline(self, *args):
        return self._watch(self._stream.readline, *args)

    def close(self):
        self._stream.close()


def _has_body(request):
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0) > 0
    except ValueError:
        return False


class DatabaseUnavailableMiddleware:
    """Failures that are nobody's bug, answered plainly: a database that cannot be reached
    becomes a translated 503 with Retry-After, a body the client never finished sending a
    400; never a traceback or a bare 500.

    Errors raised by a view or while rendering its template come through
    process_exception. Errors raised further down the middleware chain (a session saved
    in process_response, for example) are turned into 500 responses by Django before they
    reach us; the got_request_exception signal marks such requests so the 500 becomes a
    503 on the way out.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if _has_body(request) and hasattr(request, "_stream"):
            request._stream = _WatchedBody(request._stream, request)
        with tracking_contact_requests():
            response = self.get_response(request)
            if response.status_code == 500 and getattr(request, "_database_unavailable", False):
                return service_unavailable(request)
        if getattr(response, "service_unavailable", False):
            # Middlewares below may have rewritten Cache-Control on the way out.
            add_never_cache_headers(response)
        return response

    def process_exception(self, request, exception):
        if isinstance(exception, UnreadablePostError):
            logger.info("%s %s: the body never fully arrived", request.method, request.path)
            return bad_request(request)
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
