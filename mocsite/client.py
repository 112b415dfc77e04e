"""Who is asking: the one rule for the visitor's address (rate limits, django-axes)."""

from django.conf import settings


def client_address(request):
    """The visitor's IP address. Behind our own proxy (DJANGO_BEHIND_PROXY), the address
    the proxy saw: the last entry of X-Forwarded-For, the only one a visitor cannot
    forge, since the proxy appends it."""
    if settings.BEHIND_PROXY:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded:
            return forwarded.split(",")[-1].strip()
    return request.META.get("REMOTE_ADDR", "")
