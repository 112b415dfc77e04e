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
    return format_html('<script type="application/ld+json"{}>{}</script>',
                       format_html(' nonce="{}"', nonce) if nonce else "",
                       mark_safe(text.translate(_SCRIPT_ESCAPES)))
