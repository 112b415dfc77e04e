"""The diseases the centre cares for."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from mocsite.models import Ordered, Publishable, PublishedQuerySet

from .reviews import Reviewed

# The site's languages in Orphanet's addresses (/fr/…, /en/…); English for any other.
ORPHANET_LANGUAGES = {"fr": "fr", "en": "en"}


class DiseaseQuerySet(PublishedQuerySet):
    def focus(self):
        return self.published().filter(is_focus=True)


class Disease(Reviewed, Publishable, Ordered):
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(
        _("slug"), max_length=200, unique=True, help_text=_("The last part of the page's address.")
    )
    orpha_code = models.PositiveIntegerField(
        _("ORPHA code"),
        null=True,
        blank=True,
        unique=True,
        validators=[MinValueValidator(1), MaxValueValidator(10_000_000)],
        help_text=_("Orphanet number, digits only; leave empty until confirmed."),
    )
    aliases = models.TextField(
        _("other names and acronyms"),
        blank=True,
        help_text=_(
            "One per line, for example OI or “maladie des os de verre”: the site search "
            "finds the disease by them."
        ),
    )
    summary_patients = models.TextField(_("summary for patients"), blank=True)
    summary_professionals = models.TextField(_("summary for professionals"), blank=True)
    treatments = models.TextField(_("treatments"), blank=True)
    is_focus = models.BooleanField(_("focus disease"), default=False)

    objects = DiseaseQuerySet.as_manager()

    class Meta:
        verbose_name = _("disease")
        verbose_name_plural = _("diseases")
        ordering = ["ordering", "name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("centre:disease_detail", kwargs={"slug": self.slug})

    @property
    def orpha_label(self):
        return f"ORPHA:{self.orpha_code}" if self.orpha_code else ""

    @property
    def orphanet_url(self):
        """The disease's Orphanet page in the active language (Orphanet has both)."""
        if not self.orpha_code:
            return ""
        language = ORPHANET_LANGUAGES.get(get_language(), "en")
        return f"https://www.orpha.net/{language}/disease/detail/{self.orpha_code}"
