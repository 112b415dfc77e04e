"""Site-wide views that belong to no app: robots.txt, health check, error pages."""

import logging
import uuid

from django.conf import settings
from django.core.cache import caches
from django.db import connection
from django.http import (
    HttpResponse,
    HttpResponseBadRequest,
    HttpResponsePermanentRedirect,
    HttpResponseServerError,
    JsonResponse,
)
from django.shortcuts import render
from django.template import loader
from django.templatetags.static import static
from django.urls import NoReverseMatch, reverse
from django.utils import translation
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from .contact_tracking import saved_contact_requests
from .links import absolute

logger = logging.getLogger(__name__)
# Once a minute at most (settings.LOGGING): a load balancer polls /health/ every few seconds.
cache_logger = logging.getLogger("mocsite.cache")


@require_safe
def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        f"Sitemap: {absolute(request, reverse('sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


def _database_check():
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:  # any database failure means "unhealthy", never a traceback
        logger.exception("Health check: database unavailable")
        return "error"
    return "ok"


def _cache_check():
    """Writes, reads back and deletes a key of its own in every cache, so a cache that
    accepts writes but loses them (or one whose errors are ignored, as Redis's are) fails
    too."""
    key, token = f"health-check:{uuid.uuid4().hex}", uuid.uuid4().hex
    for alias in settings.CACHES:
        cache = caches[alias]
        try:
            cache.set(key, token, timeout=30)
            stored = cache.get(key)
            cache.delete(key)
        except Exception:  # e.g. Redis unreachable with its errors not ignored
            cache_logger.exception("Health check: the %r cache is unavailable", alias)
            return "error"
        if stored != token:
            cache_logger.error("Health check: the %r cache does not keep values", alias)
            return "error"
    return "ok"


@never_cache
@require_safe
def health(request):
    """Whether this server can serve: 503 when its database does not answer, else 200.

    For load balancers and monitoring. The cache (Redis) is an accelerator: without it
    pages are rendered every time, so a server whose cache fails stays in rotation and
    says so ({"status": "degraded", "cache": "error"}) for monitoring to alert on; taking
    every server out because their shared Redis is down would take the site down.
    """
    checks = {"database": _database_check(), "cache": _cache_check()}
    if checks["database"] != "ok":
        status = "error"
    elif checks["cache"] != "ok":
        status = "degraded"
    else:
        status = "ok"
    return JsonResponse({"status": status, **checks}, status=503 if status == "error" else 200)


def page_language(request):
    """The language of an error page: the address's (/en/…), else the one LocaleMiddleware
    chose, else the site's. Reads neither the Host header nor the database."""
    return (
        translation.get_language_from_path(request.path_info)
        or getattr(request, "LANGUAGE_CODE", None)
        or settings.LANGUAGE_CODE
    )


def render_standalone(request, template_name, context=None):
    """An error page from a standalone template, in the visitor's language, without the
    request context: no context processor runs, so neither a query nor get_host()."""
    with translation.override(page_language(request)):
        return loader.get_template(template_name).render(context or {})


def contact_outcome(request):
    """What an error page answering a POST of the contact form tells the visitor:
    {"contact": "saved"} when the message was stored all the same, {"contact": "not_sent",
    "message": its text, to copy and send again} when it was not; nothing for any other
    request (mocsite.contact_tracking)."""
    if request.method != "POST":
        return {}
    with translation.override(page_language(request)):
        try:
            is_contact = request.path_info == reverse("centre:contact")
        except NoReverseMatch:  # a URLconf without the page (some tests)
            is_contact = False
    if not is_contact:
        return {}
    if saved_contact_requests():
        return {"contact": "saved"}
    try:
        message = request.POST.get("message", "")[: settings.CONTACT_MESSAGE_MAX_LENGTH]
    except Exception:  # an unreadable or oversized body: no text to give back
        message = ""
    return {"contact": "not_sent", "message": message}


def server_error(request):
    """The 500 page, in the visitor's language, rendered without touching the database."""
    return HttpResponseServerError(render_standalone(request, "500.html", contact_outcome(request)))


def bad_request(request, exception=None):
    """400, in the visitor's language: a request the site cannot handle (a Host header not
    in ALLOWED_HOSTS, far too many fields, a body the client stopped sending…).

    A plain standalone page: with a disallowed Host, every absolute link of the site's
    layout would call get_host() and fail again, turning the 400 into a 500.
    """
    return HttpResponseBadRequest(render_standalone(request, "400.html"))


def csrf_failure(request, reason=""):
    """403 when a form's security token is missing or stale, in the visitor's language.

    A POST whose body never fully arrived (the server's read timeout; mocsite.middleware)
    also lands here, since the token is in that body: it is a bad request, not a stale form.
    """
    if getattr(request, "body_unreadable", False):
        return bad_request(request)
    return render(request, "403_csrf.html", status=403)


@require_safe
def favicon(request):
    """Browsers ask for /favicon.ico whatever the page says: send them to the SVG icon."""
    return HttpResponsePermanentRedirect(static("img/favicon.svg"))
