"""Site-wide views that belong to no app: robots.txt, health check, error pages."""

import logging
import uuid

from django.core.cache import cache
from django.db import connection
from django.http import (
    HttpResponse,
    HttpResponsePermanentRedirect,
    HttpResponseServerError,
    JsonResponse,
)
from django.shortcuts import render
from django.template import loader
from django.templatetags.static import static
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from .links import absolute

logger = logging.getLogger(__name__)


@require_GET
def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        f"Sitemap: {absolute(request, reverse('sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


@never_cache
@require_GET
def health(request):
    """Reports whether the database and the cache answer; 503 when either does not.

    For load balancers and monitoring: a server whose database or cache is unreachable
    is taken out of rotation. Never cached (never_cache), and the cache check writes and
    reads back a key of its own, so a cache that accepts writes but loses them fails too.
    """
    checks = {}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        checks["database"] = "ok"
    except Exception:  # any database failure means "unhealthy", never a traceback
        logger.exception("Health check: database unavailable")
        checks["database"] = "error"
    key, token = f"health-check:{uuid.uuid4().hex}", uuid.uuid4().hex
    try:
        cache.set(key, token, timeout=30)
        stored = cache.get(key)
        cache.delete(key)
        checks["cache"] = "ok" if stored == token else "error"
        if stored != token:
            logger.error("Health check: the cache lost the value just stored")
    except Exception:  # e.g. Redis unreachable
        logger.exception("Health check: cache unavailable")
        checks["cache"] = "error"
    healthy = all(value == "ok" for value in checks.values())
    return JsonResponse(
        {"status": "ok" if healthy else "error", **checks}, status=200 if healthy else 503
    )


def server_error(request):
    """The 500 page, in the visitor's language, rendered without touching the database."""
    template = loader.get_template("500.html")
    return HttpResponseServerError(template.render({}))


def bad_request(request, exception=None):
    """400 in the visitor's language (for example a form with far too many fields)."""
    return render(request, "400.html", status=400)


def csrf_failure(request, reason=""):
    """403 when a form's security token is missing or stale, in the visitor's language."""
    return render(request, "403_csrf.html", status=403)


@require_GET
def favicon(request):
    """Browsers ask for /favicon.ico whatever the page says: send them to the SVG icon."""
    return HttpResponsePermanentRedirect(static("img/favicon.svg"))
