"""Light formatting in long texts: Markdown (bold, italics, lists, links; bare addresses
become links), then a sanitiser, so no raw HTML typed by staff reaches visitors.

Only the inline and list rules of Markdown are on: headings, code blocks (an indented
line), quotes, rules, images, raw HTML and entities stay plain text, so a text written
before formatting existed (paragraphs separated by a blank line) renders as it did. Raw
HTML is escaped by markdown-it (`html` off) and the result goes through nh3 (ammonia),
which keeps only the tags below and http(s), mailto and tel links.
"""

import re
from functools import lru_cache
from html import unescape

import nh3
from django.utils.html import escape
from django.utils.safestring import mark_safe
from markdown_it import MarkdownIt

from .models import normalize_newlines

TAGS = {"p", "br", "strong", "em", "ul", "ol", "li", "a"}
ATTRIBUTES = {"a": {"href"}, "ol": {"start"}}
URL_SCHEMES = {"http", "https", "mailto", "tel"}
TEXT_BETWEEN_TAGS = re.compile(r">([^<]+)<")

BLOCK_RULES_OFF = ["blockquote", "code", "fence", "heading", "hr", "html_block", "lheading"]
BLOCK_RULES_OFF += ["reference", "table"]
INLINE_RULES_OFF = ["backticks", "entity", "html_inline", "image", "strikethrough"]


@lru_cache(maxsize=2)
def _parser(line_breaks):
    """`line_breaks`: a single line break is a <br> (as Django's `linebreaks` did) rather
    than a space inside the paragraph (as the paragraph rule did)."""
    parser = MarkdownIt("commonmark", {"html": False, "linkify": True, "breaks": line_breaks})
    parser.enable("linkify")
    parser.disable(BLOCK_RULES_OFF + INLINE_RULES_OFF, ignoreInvalid=True)
    parser.linkify.set({"fuzzy_email": False})
    return parser


# What Markdown or linkify could read as formatting or as a link: a text with none of it,
# and no line with spaces around it, is plain paragraphs (most texts are).
MARKUP = re.compile(
    r"[*_\[\]<>`\\@~|#\t\x00-\x08\x0b-\x1f\x7f]|://|www\.|mailto:|\w\.\w"
    r"|^[ \t]|[ \t]$|^(?:[-+=]|\d+[.)])",
    re.MULTILINE,
)
BLANK_LINES = re.compile(r"\n{2,}")


def _plain(text, line_breaks):
    """What the parser and the sanitiser make of a text without any markup, made
    directly, five times faster: a paragraph per block of lines (the rich-text tests
    compare the two on every seeded text and thousands of made-up ones)."""
    joiner = "<br>\n" if line_breaks else "\n"
    return "\n".join(
        f"<p>{joiner.join(escape(line) for line in block.split(chr(10)))}</p>"
        for block in BLANK_LINES.split(text)
    )


def render(text, line_breaks=False):
    """The safe HTML of a long text ("" for an empty one)."""
    text = normalize_newlines(text or "").strip()
    if not text:
        return mark_safe("")
    if not MARKUP.search(text):
        return mark_safe(_plain(text, line_breaks))  # noqa: S308 - every line escaped
    return _parsed(text, line_breaks)


def _parsed(text, line_breaks):
    html = _parser(line_breaks).render(text)
    clean = nh3.clean(html, tags=TAGS, attributes=ATTRIBUTES, url_schemes=URL_SCHEMES)
    # Text escaped as Django escapes it (nh3 writes &nbsp; and leaves quotes), so a plain
    # text gives the same characters as the `linebreaks` filter did.
    clean = TEXT_BETWEEN_TAGS.sub(lambda m: f">{escape(unescape(m.group(1)))}<", f">{clean}<")
    return mark_safe(clean[1:-1].strip())  # noqa: S308 - sanitised by nh3 just above
