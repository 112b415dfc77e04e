"""`{{ text|rich_text }}`: a long text with its light formatting (mocsite.rich_text).

`{{ text|rich_text:"br" }}` makes each single line break a <br> (biographies, disease
summaries, transcripts); without it a line break inside a paragraph is a space.
"""

from django import template

from mocsite import rich_text as rendering

register = template.Library()


@register.filter(is_safe=True)
def rich_text(text, mode=""):
    return rendering.render(text, line_breaks=mode == "br")
