"""Who is asking: the one rule for the visitor's address (rate limits, django-axes)."""

import ipaddress

from django.conf import settings


def client_address(request):
    """The visitor's IP address, normalised ("" when unknown).

    Behind our own proxy (DJANGO_BEHIND_PROXY), the address the proxy saw: the last entry
    of X-Forwarded-For, the only one a visitor cannot forge, since the proxy appends it.
    Anything that is not an IP address falls back to REMOTE_ADDR: the value ends up in
    django-axes' GenericIPAddressField (an `inet` column on PostgreSQL), and spellings of
    one address must not count as different visitors.
    """
    if settings.BEHIND_PROXY:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        address = _normalised(forwarded.rsplit(",", 1)[-1])
        if address:
            return address
    return _normalised(request.META.get("REMOTE_ADDR", ""))


def _normalised(value):
    value = value.strip()
    if value.startswith("[") and "]" in value:  # "[2001:db8::1]:443"
        value = value[1 : value.index("]")]
    elif value.count(":") == 1:  # "192.0.2.1:443"
        value = value.split(":")[0]
    try:
        address = ipaddress.ip_address(value)
    except ValueError:
        return ""
    if getattr(address, "scope_id", None):  # "fe80::1%eth0": not storable in `inet`
        return ""
    mapped = getattr(address, "ipv4_mapped", None)
    return str(mapped or address)
