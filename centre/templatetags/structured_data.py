"""`{% json_ld data %}`: schema.org JSON-LD in a <script> that carries the CSP nonce."""

import json

from django import template
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.html import format_html
from django.utils.safestring import mark_safe

register = template.Library()

# The escapes of Django's json_script: no value can close the <script> element.
_SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


@register.simple_tag(takes_context=True)
def json_ld(context, data):
    if not data:
        return ""
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False)
    request = context.get("request")
    # str(): request.csp_nonce is lazy, and evaluating it is what puts it in the header.
    lazy_nonce = getattr(request, "csp_nonce", None)
    nonce = "" if lazy_nonce is None else str(lazy_nonce)
    return format_html(
        '<script type="application/ld+json"{}>{}</script>',
        format_html(' nonce="{}"', nonce) if nonce else "",
        mark_safe(text.translate(_SCRIPT_ESCAPES)),
    )


@register.simple_tag(takes_context=True)
def organization_json_ld(context):
    """schema.org MedicalOrganization for the centre, from the profile every page has."""
    centre = context.get("centre")
    if not centre:
        return ""
    request = context.get("request")
    data = {
        "@context": "https://schema.org",
        "@type": "MedicalOrganization",
        "name": centre.name,
        "alternateName": centre.short_name,
        "url": request.build_absolute_uri("/") if request is not None else "",
        "parentOrganization": {"@type": "Hospital", "name": centre.hospital},
        "address": {
            "@type": "PostalAddress",
            "streetAddress": centre.street_address,
            "postalCode": centre.postal_code,
            "addressLocality": centre.city,
            "addressCountry": "FR",
        },
    }
    if centre.phone:
        data["telephone"] = centre.phone
    if centre.email:
        data["email"] = centre.email
    networks = [
        {
            "@type": "Organization",
            "name": network.name,
            **({"url": network.url} if network.url else {}),
        }
        for network in context.get("footer_networks") or []
    ]
    if networks:
        data["memberOf"] = networks
    return json_ld(context, data)
