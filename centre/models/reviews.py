"""« Dernière relecture le … par … »: when a text was last reread, and by whom."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Reviewed(models.Model):
    """Set only when staff confirm a review in the admin (centre.admin.reviews), never on
    save nor from the seed, which does not say when texts were reviewed: empty, the line is
    hidden. The reviewer is a team member, whose page the line links to."""

    last_reviewed_on = models.DateField(
        _("last reviewed on"), null=True, blank=True, editable=False
    )
    last_reviewed_by = models.ForeignKey(
        "centre.Person",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("last reviewed by"),
    )

    class Meta:
        abstract = True
