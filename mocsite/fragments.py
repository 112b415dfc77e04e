"""`{% fragment "name" var… %}…{% endfragment %}`: template fragments cached until content changes.

The whole-page cache (mocsite/cache.py) serves anonymous visitors a stored page without
running the view. Pages it can't serve (the page cache switched off, a visitor's own
Cookie header, the first request after an edit) still run their view, but reuse what was
rendered before, once per language and *content generation*. Saving any content bumps the
generation, so a staff edit shows on the next request, exactly as with the page cache.

What differs per request stays outside the fragments: the CSRF token of a form, the
language links of the current address, the page's own canonical URL. The CSP nonce is the
one per-request value a fragment may hold (the JSON-LD scripts): it is stored as a
placeholder and replaced by the current request's nonce when the fragment is served.

Most pages depend on nothing but their address and the content. Their views are marked
`@whole_page`, and `{% page %}` in base.html then keeps the whole rendered page as one
fragment keyed by the address (so its language links and canonical URL are part of it):
one lookup. The view still runs on every request; only the rendering is spared. The other
pages (the contact form, with its per-visitor token; error pages) reuse the layout's
fragments (base.html, includes/header.html, includes/footer.html) and their own.

Like Django's `{% cache %}` tag, `fragment` varies on the values given after the name; the
language, the content generation, the day and the site's address are always part of the
key (mocsite.cache.request_key).
"""

import functools
import hashlib
import logging

from django import template
from django.conf import settings
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.text import capfirst
from django.utils.translation import gettext

from .cache import DO_NOT_STORE, cached_fragment, local_fragments, request_key, stored_fragment

logger = logging.getLogger(__name__)
register = template.Library()

NONCE_PLACEHOLDER = "\x00csp-nonce\x00"


class FragmentNode(template.Node):
    def __init__(self, nodelist, name, vary_on):
        self.nodelist = nodelist
        self.name = name
        self.vary_on = vary_on

    def vary(self, context, request):
        """What the fragment depends on besides the request key; None: not cached."""
        if not self.vary_on:
            return ""
        values = ":".join(str(var.resolve(context)) for var in self.vary_on)
        return hashlib.md5(values.encode(), usedforsecurity=False).hexdigest()

    def render(self, context):
        request = context.get("request")
        if not settings.FRAGMENT_CACHE_ENABLED or request is None:
            return self.nodelist.render(context)
        common = request_key(request)
        vary = self.vary(context, request) if common is not None else None
        if vary is None:
            return self.nodelist.render(context)
        key = f"fragment:{self.name}:{common}"
        if vary:
            key += ":" + vary

        def build():
            value = self.nodelist.render(context)
            return value, self.storable(value, request)

        value = cached_fragment(key, build)
        if NONCE_PLACEHOLDER in value:
            value = mark_safe(value.replace(NONCE_PLACEHOLDER, str(request.csp_nonce)))
        return value

    def storable(self, value, request):
        return _without_nonce(value, request)


class PageNode(FragmentNode):
    """The whole page as one fragment, for the views marked with @whole_page (or that set
    `request.page_fragment` themselves): their page depends on nothing but its address
    and the content, so the layout and content fragments it holds are looked up once
    instead of one by one. Other pages (a form with its per-visitor token) render as
    usual, with their own fragments. It wraps the whole of base.html, so what it stores
    is the whole page, which render_page() can answer with directly."""

    def vary(self, context, request):
        return _page_vary(request)

    def storable(self, value, request):
        if "csrfmiddlewaretoken" in value:
            # A form's token is the visitor's own: such a view must not be @whole_page.
            logger.warning("%s holds a CSRF token: not kept as a whole page", request.path)
            return DO_NOT_STORE
        return super().storable(value, request)


def _page_vary(request):
    vary = getattr(request, "page_fragment", None)
    if vary is None:
        return None
    return hashlib.md5(vary.encode(), usedforsecurity=False).hexdigest()


def page_key(request):
    """The key under which {% page %} keeps this request's page, or None."""
    if not settings.FRAGMENT_CACHE_ENABLED:
        return None
    vary = _page_vary(request)
    common = request_key(request) if vary is not None else None
    return None if common is None else f"fragment:page:{common}:{vary}"


def render_page(request, template_name, context=None):
    """django.shortcuts.render() for the @whole_page views: the page {% page %} kept for
    this address when there is one, without building the template's context at all;
    else the template is rendered (and {% page %} keeps it)."""
    key = page_key(request)
    value = stored_fragment(key) if key is not None else None
    if value is None:
        return render(request, template_name, context)
    if NONCE_PLACEHOLDER in value:
        value = value.replace(NONCE_PLACEHOLDER, str(request.csp_nonce))
    return HttpResponse(value)


def whole_page(view):
    """Marks a view whose page depends only on its address and the content (not on the
    query string, the visitor or a form): its rendered page is kept as one fragment
    until content changes. The view itself still runs on every request (its lookups,
    redirects and 404s), only the rendering is spared."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        request.page_fragment = request.path
        try:
            return view(request, *args, **kwargs)
        except BaseException:
            # A 404 (or any error) page is not kept: made-up addresses are countless.
            request.page_fragment = None
            raise

    return wrapper


def _without_nonce(value, request):
    nonce = getattr(request, "_csp_nonce", None)
    if isinstance(nonce, str) and nonce in value:
        return mark_safe(value.replace(nonce, NONCE_PLACEHOLDER))
    return value


@register.tag
def page(parser, token):
    """`{% page %}…{% endpage %}` around the layout (base.html): see PageNode."""
    nodelist = parser.parse(("endpage",))
    parser.delete_first_token()
    return PageNode(nodelist, "page", [])


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


# The per-address parts of the layout, written in Python: they run on every page, cached
# or not, and a template loop over the language links costs several times more.


def _language_html(context):
    """(hreflang links, language switcher) of the current address.

    Built once per address, language and content generation in each process (an object's
    address in the other language follows its slug, which staff may edit), and kept in
    the worker's memory only: addresses are many, and cheap to rebuild.
    """
    request = context.get("request")
    found = getattr(request, "_language_html", None)
    if found is not None:
        return found
    key = None
    if request is not None and settings.FRAGMENT_CACHE_ENABLED:
        common = request_key(request)
        if common is not None:
            # The full address: a filtered list's links keep its filters.
            key = f"language-links:{common}:{request.get_full_path()}"
            found = local_fragments.get(key)
    if found is None:
        links = list(context["language_links"])
        found = (_alternates(links), _switcher(links))
        if key is not None:
            local_fragments.set(key, found, settings.FRAGMENT_CACHE_SECONDS)
    if request is not None:
        request._language_html = found
    return found


def _alternates(links):
    parts = [
        format_html('<link rel="alternate" hreflang="{}" href="{}">', link["code"], link["url"])
        for link in links
    ]
    if links:
        parts.insert(
            1, format_html('<link rel="alternate" hreflang="x-default" href="{}">', links[0]["url"])
        )
    return mark_safe("\n  ".join(parts))


def _switcher(links):
    items = []
    for link in links:
        name = capfirst(link["native_name"])
        if link["current"]:
            items.append(
                format_html(
                    '<li><span class="current-language" aria-current="true" lang="{}">{}</span>'
                    "</li>",
                    link["code"],
                    name,
                )
            )
        else:
            items.append(
                format_html(
                    '<li><a href="{}" hreflang="{}" lang="{}">{}</a></li>',
                    link["path"],
                    link["code"],
                    link["code"],
                    name,
                )
            )
    return format_html(
        '<nav class="language-switcher" aria-label="{}">\n  <ul>\n    {}\n  </ul>\n</nav>',
        gettext("Language"),
        mark_safe("\n    ".join(items)),
    )


@register.simple_tag(takes_context=True)
def language_alternates(context):
    """<link rel="alternate" hreflang> for each language, the first also as x-default."""
    return _language_html(context)[0]


@register.simple_tag(takes_context=True)
def language_switcher(context):
    return _language_html(context)[1]
