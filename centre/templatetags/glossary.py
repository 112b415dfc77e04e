"""The glossary's expansions on a page: `{% abbr "PNDS" %}` in a template, and
`{% gloss text %}` for a staff-written paragraph (`{% gloss text rich=True %}` for a long
text with its light formatting, mocsite.rich_text). An acronym gets its
`<abbr title="…">` on its first use on the page only.

The terms are read once per request (one query, on the first use), never per
abbreviation; a page that uses neither tag reads nothing.
"""

import re

from django import template
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe

from mocsite.rich_text import render as render_rich_text

from ..models import GlossaryTerm

register = template.Library()
TAG = re.compile(r"(<[^>]*>)")


class PageGlossary:
    """The terms and expansions in the active language, and those already expanded."""

    def __init__(self):
        self.expansions = dict(GlossaryTerm.objects.values_list("term", "expansion"))
        self.used = set()
        terms = sorted(self.expansions, key=len, reverse=True)
        self.pattern = (
            re.compile(r"(?<!\w)(" + "|".join(re.escape(t) for t in terms) + r")(?!\w)")
            if terms
            else None
        )

    def mark(self, term):
        """The acronym, in <abbr> on its first use; escaped text otherwise."""
        expansion = self.expansions.get(term)
        if not expansion or term in self.used:
            return escape(term)
        self.used.add(term)
        return format_html('<abbr title="{}">{}</abbr>', expansion, term)

    def gloss(self, text):
        escaped = str(escape(text))
        if self.pattern is None:
            return mark_safe(escaped)  # noqa: S308 (escaped above)
        return mark_safe(self.pattern.sub(lambda m: self.mark(m.group(1)), escaped))  # noqa: S308

    def gloss_html(self, html):
        """The same, in the text between the tags of sanitised HTML (never inside a tag)."""
        if self.pattern is None:
            return html
        parts = TAG.split(str(html))
        for index in range(0, len(parts), 2):  # even parts are text, odd ones tags
            parts[index] = self.pattern.sub(lambda m: self.mark(m.group(1)), parts[index])
        return mark_safe("".join(parts))  # noqa: S308 (text already escaped by rich_text)


def page_glossary(context):
    """The page's glossary, kept on the request (or the render, without one)."""
    request = context.get("request")
    store = request.__dict__ if request is not None else context.render_context
    if "_page_glossary" not in store:
        store["_page_glossary"] = PageGlossary()
    return store["_page_glossary"]


@register.simple_tag(takes_context=True)
def abbr(context, term):
    return page_glossary(context).mark(term)


@register.simple_tag(takes_context=True)
def gloss(context, text, rich=False):
    if rich:
        return page_glossary(context).gloss_html(render_rich_text(text or ""))
    return page_glossary(context).gloss(text or "")
