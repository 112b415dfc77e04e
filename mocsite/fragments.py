"""`{% fragment "name" var… %}…{% endfragment %}`: template fragments cached until content changes.

The whole-page cache (mocsite/cache.py) serves anonymous visitors a stored page without
running the view. Pages it can't serve (the page cache switched off, a visitor's own
Cookie header, the first request after an edit) still run their view, but reuse the parts
of the page that are the same for everyone: the layout and each page's content, rendered
once per language and *content generation*. Saving any content bumps the generation, so a
staff edit shows on the next request, exactly as with the page cache.

What differs per request stays outside the fragments: the CSRF token of a form, the
language links of the current address, the page's own canonical URL. The CSP nonce is the
one per-request value a fragment may hold (the JSON-LD scripts): it is stored as a
placeholder and replaced by the current request's nonce when the fragment is served.

Like Django's `{% cache %}` tag, `fragment` varies on the values given after the name; the
language, the content generation, the day and the site's address are always part of the
key (mocsite.cache.request_key).
"""

import hashlib

from django import template
from django.conf import settings
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.text import capfirst
from django.utils.translation import gettext

from .cache import cached_fragment, request_key

register = template.Library()

NONCE_PLACEHOLDER = "\x00csp-nonce\x00"


class FragmentNode(template.Node):
    def __init__(self, nodelist, name, vary_on):
        self.nodelist = nodelist
        self.name = name
        self.vary_on = vary_on

    def render(self, context):
        request = context.get("request")
        if not settings.FRAGMENT_CACHE_ENABLED or request is None:
            return self.nodelist.render(context)
        common = request_key(request)
        if common is None:
            return self.nodelist.render(context)
        key = f"fragment:{self.name}:{common}"
        if self.vary_on:
            values = ":".join(str(var.resolve(context)) for var in self.vary_on)
            key += ":" + hashlib.md5(values.encode(), usedforsecurity=False).hexdigest()

        def build():
            value = self.nodelist.render(context)
            return value, _without_nonce(value, request)

        value = cached_fragment(key, build)
        if NONCE_PLACEHOLDER in value:
            value = mark_safe(value.replace(NONCE_PLACEHOLDER, str(request.csp_nonce)))
        return value


def _without_nonce(value, request):
    nonce = getattr(request, "_csp_nonce", None)
    if isinstance(nonce, str) and nonce in value:
        return mark_safe(value.replace(nonce, NONCE_PLACEHOLDER))
    return value


@register.tag
def fragment(parser, token):
    bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError(f"{bits[0]!r} takes at least a fragment name.")
    name = bits[1]
    if name[0] not in "\"'" or name[-1] != name[0]:
        raise template.TemplateSyntaxError(f"{bits[0]!r}: the name must be a quoted string.")
    nodelist = parser.parse(("endfragment",))
    parser.delete_first_token()
    return FragmentNode(nodelist, name[1:-1], [parser.compile_filter(b) for b in bits[2:]])


# The per-request parts of the layout, written in Python: they run on every page, cached
# or not, and a template loop over the language links costs several times more.

@register.simple_tag(takes_context=True)
def language_alternates(context):
    """<link rel="alternate" hreflang> for each language, the first also as x-default."""
    links = list(context["language_links"])
    parts = [format_html('<link rel="alternate" hreflang="{}" href="{}">', link["code"],
                         link["url"]) for link in links]
    if links:
        parts.insert(1, format_html('<link rel="alternate" hreflang="x-default" href="{}">',
                                    links[0]["url"]))
    return mark_safe("\n  ".join(parts))


@register.simple_tag(takes_context=True)
def language_switcher(context):
    items = []
    for link in context["language_links"]:
        name = capfirst(link["native_name"])
        if link["current"]:
            items.append(format_html(
                '<li><span class="current-language" aria-current="true" lang="{}">{}</span>'
                "</li>", link["code"], name))
        else:
            items.append(format_html('<li><a href="{}" hreflang="{}" lang="{}">{}</a></li>',
                                     link["path"], link["code"], link["code"], name))
    return format_html(
        '<nav class="language-switcher" aria-label="{}">\n  <ul>\n    {}\n  </ul>\n</nav>',
        gettext("Language"), mark_safe("\n    ".join(items)))
