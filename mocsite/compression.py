"""gzip for what the site writes: pages, feeds, sitemaps, calendars, JSON and CSV.

Django's GZipMiddleware, kept to the text types (images, audio and PDFs are compressed
already, and a 206 answer to a Range request must stay the bytes asked for), and never
on a response that carries a CSRF token: BREACH guesses a secret from the compressed
size of pages that also reflect what the attacker sends. Django adds random bytes to
every gzip answer as a further mitigation (GZipMiddleware.max_random_bytes); a page with
the token (the contact form, the admin's forms) is simply sent uncompressed. Static
files are compressed ahead of time by WhiteNoise (gzip and brotli files beside them).
"""

from django.conf import settings
from django.middleware.gzip import GZipMiddleware

COMPRESSIBLE_TYPES = {
    "text/html",
    "text/plain",
    "text/css",
    "text/csv",
    "text/calendar",
    "text/xml",
    "application/xml",
    "application/rss+xml",
    "application/atom+xml",
    "application/json",
    "application/ld+json",
    "application/javascript",
    "application/opensearchdescription+xml",
    "application/vnd.citationstyles.csl+json",
    "application/x-bibtex",
    "application/x-research-info-systems",
    "image/svg+xml",
}


def is_compressible(response):
    content_type = response.get("Content-Type", "").split(";", 1)[0].strip().lower()
    return (
        response.status_code != 206
        and content_type in COMPRESSIBLE_TYPES
        and settings.CSRF_COOKIE_NAME not in response.cookies
    )


class CompressionMiddleware(GZipMiddleware):
    def process_response(self, request, response):
        if not is_compressible(response):
            return response
        return super().process_response(request, response)
