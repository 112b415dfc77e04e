"""The acronyms the site uses, with their expansions: the glossary page and the `<abbr>`
titles of the pages (centre.templatetags.glossary)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from mocsite.models import Ordered


class GlossaryTerm(Ordered):
    term = models.CharField(
        _("acronym"),
        max_length=40,
        unique=True,
        help_text=_("As the pages write it, for example PNDS."),
    )
    expansion = models.CharField(_("expansion"), max_length=300)
    definition = models.TextField(
        _("definition"), blank=True, help_text=_("Optional; paragraphs separated by a blank line.")
    )

    class Meta:
        verbose_name = _("glossary term")
        verbose_name_plural = _("glossary")
        ordering = ["ordering", "term"]

    def __str__(self):
        return self.term
