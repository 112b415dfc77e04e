"""The diseases the centre cares for."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, FilteredRelation, Q
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from mocsite.models import (
    Ordered,
    Publishable,
    PublishedQuerySet,
    any_slug_q,
    paragraphs,
    published_q,
)

from .reviews import Reviewed

# The site's languages in Orphanet's addresses (/fr/…, /en/…); English for any other.
ORPHANET_LANGUAGES = {"fr": "fr", "en": "en"}


EMERGENCY_FIELDS = ("emergency_must_know", "emergency_avoid", "emergency_contacts")
# A disease page lists at most this many questions and answers.
QUESTIONS_SHOWN = 50


class DiseaseQuerySet(PublishedQuerySet):
    def focus(self):
        """The home page's cards: name, address and summary (not the whole guide)."""
        return (
            self.published()
            .filter(is_focus=True)
            .only("name", "slug", "summary_patients", "summary_professionals")
        )

    def with_emergency_sheet(self):
        """The diseases whose emergency sheet staff have written, in any language."""
        written = Q()
        for code, _name in settings.LANGUAGES:
            for name in EMERGENCY_FIELDS:
                written |= Q(**{f"{name}_{code}__gt": ""})
        return self.filter(written)

    def with_questions(self, slug):
        """The disease whose slug (in any language) is `slug`, with its published questions
        in `disease.published_questions`, from a single query; None if there is none.

        The questions come through a left join, one row per question (or one row without
        any), so the disease page keeps its query budget.
        """
        languages = [code for code, _name in settings.LANGUAGES]
        match = any_slug_q(slug)
        fields = ["pk", "ordering"] + [
            f"{name}_{code}" for name in ("question", "answer") for code in languages
        ]
        rows = list(
            self.filter(match)
            .alias(
                shown_questions=FilteredRelation("questions", condition=published_q("questions__"))
            )
            .annotate(
                **{f"shown_question_{name}": F(f"shown_questions__{name}") for name in fields}
            )
            .order_by("pk", "shown_questions__ordering", "shown_questions__pk")[:QUESTIONS_SHOWN]
        )
        if not rows:
            return None
        disease = rows[0]
        disease.published_questions = [
            DiseaseQuestion(
                disease=disease, **{name: getattr(row, f"shown_question_{name}") for name in fields}
            )
            for row in rows
            if row.shown_question_pk is not None and row.pk == disease.pk
        ]
        return disease


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
    # The emergency sheet: a printable page for an emergency team, shown once written.
    emergency_must_know = models.TextField(
        _("emergency sheet: what the emergency team must know"),
        blank=True,
        help_text=_("Paragraphs separated by a blank line. The sheet is shown once written."),
    )
    emergency_avoid = models.TextField(
        _("emergency sheet: what to avoid"),
        blank=True,
        help_text=_("Paragraphs separated by a blank line."),
    )
    emergency_contacts = models.TextField(
        _("emergency sheet: whom to call"),
        blank=True,
        help_text=_("Paragraphs separated by a blank line."),
    )
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
    def one_line_summary(self):
        """The first paragraph of the summary for patients (or professionals), if any."""
        summary = paragraphs(self.summary_patients) or paragraphs(self.summary_professionals)
        return " ".join(summary[0].split()) if summary else ""

    @property
    def alias_list(self):
        return [line.strip() for line in (self.aliases or "").splitlines() if line.strip()]

    @property
    def has_emergency_sheet(self):
        return any((getattr(self, name) or "").strip() for name in EMERGENCY_FIELDS)

    def get_emergency_sheet_url(self):
        return reverse("centre:disease_emergency", kwargs={"slug": self.slug})

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


class DiseaseQuestion(Publishable, Ordered):
    """A question patients ask about a disease, with the centre's answer."""

    disease = models.ForeignKey(
        Disease, on_delete=models.CASCADE, related_name="questions", verbose_name=_("disease")
    )
    question = models.CharField(_("question"), max_length=300)
    answer = models.TextField(_("answer"), help_text=_("Paragraphs separated by a blank line."))

    class Meta:
        verbose_name = _("question and answer")
        verbose_name_plural = _("questions and answers")
        ordering = ["disease", "ordering", "pk"]

    def __str__(self):
        return self.question
