"""Publications (articles by the centre's team) and talks (communications)."""

from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import formats
from django.utils.translation import gettext_lazy as _

from mocsite.gender import speaker_label
from mocsite.models import Publishable, PublishedQuerySet

from . import identifiers
from .authors import matches_person, name_parts, shown_name, split_byline


class Precision(models.TextChoices):
    """How much of a date is known: the seed gives "2021", "2021 Jan", "Apr-Jun 2019"…"""

    YEAR = "year", _("year")
    MONTH_RANGE = "month_range", _("range of months")
    MONTH = "month", _("month")
    DAY = "day", _("day")


class DatedMixin(models.Model):
    """A date known to a given precision. `date` holds the first day of the period."""

    date = models.DateField(
        _("date"),
        null=True,
        blank=True,
        help_text=_("First day of the period when only the year or month is known."),
    )
    date_end = models.DateField(
        _("end of the period"),
        null=True,
        blank=True,
        help_text=_("Only for a range of months, for example Apr-Jun 2019."),
    )
    date_precision = models.CharField(
        _("date precision"), max_length=12, choices=Precision.choices, default=Precision.DAY
    )
    date_text = models.CharField(
        _("date as printed"),
        max_length=60,
        blank=True,
        help_text=_("Shown instead of the date when filled, for example “Apr-Jun 2019”."),
    )

    class Meta:
        abstract = True

    @property
    def year(self):
        return self.date.year if self.date else None

    @property
    def display_date(self):
        if self.date_text:
            return self.date_text
        if not self.date:
            return ""
        if self.date_precision == Precision.YEAR:
            return str(self.date.year)
        if self.date_precision in (Precision.MONTH, Precision.MONTH_RANGE):
            return formats.date_format(self.date, "YEAR_MONTH_FORMAT")
        return formats.date_format(self.date, "DATE_FORMAT")

    @property
    def date_parts(self):
        """The known parts of the date, as CSL-JSON's date-parts: [[2021, 5]] or a range."""
        if not self.date:
            return []
        if self.date_precision == Precision.YEAR:
            return [[self.date.year]]
        if self.date_precision == Precision.MONTH:
            return [[self.date.year, self.date.month]]
        if self.date_precision == Precision.MONTH_RANGE:
            parts = [[self.date.year, self.date.month]]
            if self.date_end:
                parts.append([self.date_end.year, self.date_end.month])
            return parts
        return [[self.date.year, self.date.month, self.date.day]]

    @property
    def iso_date(self):
        """The date at its precision for schema.org: "2021", "2021-05" or "2021-05-14"."""
        parts = self.date_parts
        if not parts:
            return ""
        return "-".join(f"{n:02d}" if i else str(n) for i, n in enumerate(parts[0]))


class PublicationQuerySet(PublishedQuerySet):
    def for_listing(self):
        """One more query brings every listed entry's team authors (to highlight them)."""
        return self.prefetch_related(models.Prefetch("team_authors", queryset=_people().order_by()))

    def filtered(self, year=None, disease=None, person=None):
        qs = self
        if year:
            qs = qs.filter(date__year=year)
        if disease is not None:
            qs = qs.filter(diseases=disease)
        if person is not None:
            qs = qs.filter(team_authors=person)
        return qs


def _people():
    from centre.models import Person

    return Person.objects.published()


class Publication(DatedMixin, Publishable):
    """An article. The title is kept in the language it was published in."""

    title = models.CharField(_("title"), max_length=600)
    authors = models.TextField(
        _("authors as printed"),
        help_text=_("The byline exactly as printed, for example “Koumakis E, Roux C”."),
    )
    team_authors = models.ManyToManyField(
        "centre.Person",
        verbose_name=_("team members among the authors"),
        blank=True,
        related_name="publications",
    )
    language = models.CharField(
        _("language of the article"),
        max_length=8,
        choices=[("en", _("English")), ("fr", _("French"))],
        default="en",
    )
    journal = models.CharField(_("journal"), max_length=300, blank=True)
    volume = models.CharField(_("volume"), max_length=40, blank=True)
    issue = models.CharField(_("issue"), max_length=40, blank=True)
    pages = models.CharField(_("pages"), max_length=40, blank=True)
    pmid = models.CharField(
        "PMID",
        max_length=12,
        blank=True,
        validators=[identifiers.validate_pmid],
        help_text=_("PubMed identifier, digits only."),
    )
    pmcid = models.CharField(
        "PMCID",
        max_length=16,
        blank=True,
        validators=[identifiers.validate_pmcid],
        help_text=_("PubMed Central identifier, for example PMC8260818."),
    )
    doi = models.CharField(
        "DOI",
        max_length=200,
        blank=True,
        validators=[identifiers.validate_doi],
        help_text=_("Without https://doi.org/, for example 10.1002/jbm4.10507."),
    )
    diseases = models.ManyToManyField(
        "centre.Disease", verbose_name=_("diseases"), blank=True, related_name="publications"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = PublicationQuerySet.as_manager()

    class Meta:
        verbose_name = _("publication")
        verbose_name_plural = _("publications")
        ordering = ["-date", "title"]
        constraints = [
            models.UniqueConstraint(
                fields=["pmid"], condition=~Q(pmid=""), name="publication_unique_pmid"
            ),
            models.UniqueConstraint(
                fields=["pmcid"], condition=~Q(pmcid=""), name="publication_unique_pmcid"
            ),
            # DOIs are case-insensitive.
            models.UniqueConstraint(
                Lower("doi"), condition=~Q(doi=""), name="publication_unique_doi"
            ),
        ]
        indexes = [models.Index(fields=["-date"])]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self.normalise_identifiers()
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("publications:detail", kwargs={"pk": self.pk})

    def normalise_identifiers(self):
        self.pmid = identifiers.normalise_pmid(self.pmid)
        self.pmcid = identifiers.normalise_pmcid(self.pmcid)
        self.doi = identifiers.normalise_doi(self.doi)

    def clean_fields(self, exclude=None):
        # Normalised first, so "PMID: 123" or "https://doi.org/10.…" pass validation.
        self.normalise_identifiers()
        super().clean_fields(exclude)

    @property
    def pubmed_url(self):
        return f"https://pubmed.ncbi.nlm.nih.gov/{self.pmid}/" if self.pmid else ""

    @property
    def pmc_url(self):
        return f"https://pmc.ncbi.nlm.nih.gov/articles/{self.pmcid}/" if self.pmcid else ""

    @property
    def doi_url(self):
        return f"https://doi.org/{self.doi}" if self.doi else ""

    @property
    def author_names(self):
        return split_byline(self.authors)[0]

    @property
    def has_et_al(self):
        return split_byline(self.authors)[1]

    @property
    def structured_authors(self):
        """[(family, given) or (None, literal name)] for citation formats."""
        result = []
        for name in self.author_names:
            family, given = name_parts(name)
            result.append((family, given) if family else (None, name))
        return result

    def byline(self):
        """The byline as printed, cut into names, each with its team member when one.

        Never makes a query: team members are found among the prefetched team authors
        (see `for_listing`); a list that did not prefetch them prints the names alone.
        """
        prefetched = getattr(self, "_prefetched_objects_cache", {})
        people = list(prefetched["team_authors"]) if "team_authors" in prefetched else []
        names, et_al = split_byline(self.authors)
        parts = []
        for name in names:
            person = next((p for p in people if matches_person(name, p)), None)
            parts.append({"name": shown_name(name), "person": person})
        return {"names": parts, "et_al": et_al}

    @property
    def export_stem(self):
        if self.pmid:
            return f"pmid-{self.pmid}"
        return f"publication-{self.pk}"


class TalkQuerySet(PublishedQuerySet):
    def for_listing(self):
        return self.prefetch_related(
            models.Prefetch("team_speakers", queryset=_people().order_by())
        )


class Talk(DatedMixin, Publishable):
    """A talk, poster, webinar or course given by the team (a "communication")."""

    class Kind(models.TextChoices):
        ORAL = "oral", _("oral presentation")
        POSTER = "poster", _("poster")
        WEBINAR = "webinar", _("webinar")
        COURSE = "course", _("course")
        LECTURE = "lecture", _("lecture")

    title = models.CharField(
        _("title"),
        max_length=500,
        help_text=_("In the language the talk was given in; shown in both languages."),
    )
    translated_title = models.CharField(
        _("translated title"),
        max_length=500,
        blank=True,
        help_text=_(
            "A rendering of the title in this language, shown under the original. "
            "Leave empty in the talk's own language."
        ),
    )
    language = models.CharField(
        _("language of the talk"),
        max_length=8,
        choices=[("fr", _("French")), ("en", _("English"))],
        default="fr",
    )
    event = models.CharField(_("event"), max_length=300, blank=True)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, blank=True)
    speakers = models.CharField(
        _("speakers as printed"),
        max_length=300,
        blank=True,
        help_text=_("For example “Pr Briot, Dr Koumakis”."),
    )
    team_speakers = models.ManyToManyField(
        "centre.Person",
        verbose_name=_("team members among the speakers"),
        blank=True,
        related_name="talks",
    )
    note = models.CharField(
        _("note"), max_length=200, blank=True, help_text=_("For example “given twice”.")
    )

    objects = TalkQuerySet.as_manager()

    # The title stays in the talk's language: its rendering in the other is optional.
    TRANSLATION_OPTIONAL = ("translated_title",)

    class Meta:
        verbose_name = _("talk")
        verbose_name_plural = _("talks")
        ordering = [models.F("date").desc(nulls_last=True), "title"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("talks:list") + f"#talk-{self.pk}"

    def speakers_label(self):
        """« Intervenante », « Intervenants »… when every speaker is a team member whose
        grammatical gender staff gave; the neutral wording otherwise (mocsite.gender)."""
        speakers = self.speaker_list
        return speaker_label(
            s["person"].grammatical_gender if s["person"] else "" for s in speakers
        )

    @property
    def speaker_list(self):
        """The printed speakers, each with its team member when one (no query if prefetched)."""
        people = list(self.team_speakers.all())
        result = []
        for name in (s.strip() for s in self.speakers.split(",")):
            if not name:
                continue
            bare = " ".join(t for t in name.split() if t.rstrip(".") not in ("Pr", "Dr", "Pre"))
            person = next((p for p in people if matches_person(bare, p)), None)
            result.append({"name": name, "person": person})
        return result
