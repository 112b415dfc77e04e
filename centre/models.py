"""The centre: its profile, team, missions, specialties, networks, diseases and key figures."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .validators import validate_image_upload, validate_pdf_upload


class Centre(models.Model):
    """The centre's profile: a single row, edited in the admin."""

    name = models.CharField(_("name"), max_length=200)
    short_name = models.CharField(_("short name"), max_length=40)
    tagline = models.CharField(_("tagline"), max_length=300, blank=True)
    description = models.TextField(
        _("description"), blank=True, help_text=_("Paragraphs separated by a blank line.")
    )
    organisation = models.TextField(
        _("how the centre works"), blank=True,
        help_text=_("Paragraphs separated by a blank line."),
    )
    classification = models.TextField(
        _("classification of the diseases"), blank=True,
        help_text=_("What the international nosology says, with its reference."),
    )
    hospital = models.CharField(_("hospital"), max_length=200)
    department = models.CharField(_("department"), max_length=200, blank=True)
    street_address = models.CharField(_("street address"), max_length=200, blank=True)
    postal_code = models.CharField(_("postal code"), max_length=20, blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("email"), blank=True)
    contact_guidance = models.TextField(
        _("what to include when writing"), blank=True
    )
    emergency_guidance = models.TextField(_("in case of emergency"), blank=True)
    welcome_booklet = models.FileField(
        _("welcome booklet (PDF)"), upload_to="booklet/", blank=True,
        validators=[validate_pdf_upload],
    )
    key_figures_note = models.CharField(_("note under the key figures"), max_length=200,
                                        blank=True)
    # Legal notice (LCEN art. 6 III) and accessibility statement (RGAA) facts.
    publisher = models.CharField(_("publisher"), max_length=200, blank=True)
    publication_director = models.CharField(_("publication director"), max_length=200,
                                            blank=True)
    host_name = models.CharField(_("host's name"), max_length=200, blank=True)
    host_address = models.CharField(_("host's address"), max_length=300, blank=True)
    host_phone = models.CharField(_("host's phone"), max_length=40, blank=True)
    data_controller = models.CharField(_("data controller"), max_length=200, blank=True)
    dpo_contact = models.CharField(_("data protection officer's contact"), max_length=200,
                                   blank=True)
    accessibility_status = models.CharField(
        _("accessibility conformity"), max_length=20, default="non",
        choices=[
            ("total", _("fully compliant")),
            ("partial", _("partially compliant")),
            ("non", _("not compliant")),
        ],
        help_text=_("French law requires “not compliant” until an RGAA audit exists."),
    )
    accessibility_audit_date = models.DateField(_("date of the RGAA audit"), null=True,
                                                blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("centre profile")
        verbose_name_plural = _("centre profile")

    def __str__(self):
        return self.short_name or self.name

    @classmethod
    def load(cls):
        """The single profile row, or None before the seed is loaded."""
        return cls.objects.order_by("pk").first()

    @property
    def phone_uri(self):
        digits = "".join(c for c in self.phone.replace("(0)", "") if c.isdigit() or c == "+")
        return f"tel:{digits}" if digits else ""

    @property
    def description_paragraphs(self):
        return _paragraphs(self.description)

    @property
    def organisation_paragraphs(self):
        return _paragraphs(self.organisation)


def _paragraphs(text):
    return [p.strip() for p in (text or "").split("\n\n") if p.strip()]


class PersonQuerySet(models.QuerySet):
    def published(self):
        return self.filter(is_published=True)


class Person(models.Model):
    """A member of the centre's team."""

    title = models.CharField(_("title"), max_length=20, blank=True,
                             help_text=_("For example Pr, Dr."))
    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    role = models.CharField(_("role"), max_length=200, blank=True)
    bio = models.TextField(_("biography"), blank=True)
    photo = models.ImageField(_("photo"), upload_to="team/", blank=True,
                              validators=[validate_image_upload])
    photo_alt = models.CharField(
        _("photo description"), max_length=200, blank=True,
        help_text=_("Alternative text read by screen readers; leave empty to use the name."),
    )
    is_head = models.BooleanField(_("head of the centre"), default=False)
    is_published = models.BooleanField(_("published"), default=True)
    ordering = models.PositiveSmallIntegerField(_("order"), default=0)

    objects = PersonQuerySet.as_manager()

    class Meta:
        verbose_name = _("team member")
        verbose_name_plural = _("team members")
        ordering = ["-is_head", "ordering", "last_name"]

    def __str__(self):
        return self.display_name

    @property
    def full_name(self):
        return f"{self.first_name} {self.last_name}".strip()

    @property
    def display_name(self):
        return f"{self.title} {self.full_name}".strip()

    @property
    def initials(self):
        return "".join(part[0] for part in (self.first_name, self.last_name) if part).upper()

    @property
    def photo_alt_text(self):
        return self.photo_alt or self.display_name

    def get_absolute_url(self):
        return reverse("centre:team") + f"#{self.slug}"


class Mission(models.Model):
    text = models.TextField(_("text"))
    ordering = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("mission")
        verbose_name_plural = _("missions")
        ordering = ["ordering", "pk"]

    def __str__(self):
        return self.text[:80]


class Specialty(models.Model):
    """A specialty of the centre, or a team or specialist the centre can call on."""

    class Kind(models.TextChoices):
        CENTRE = "centre", _("specialists of the centre")
        SUPPORT = "support", _("teams from specialised services")
        HOSPITAL = "hospital", _("other specialists in the hospital")

    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices,
                            default=Kind.CENTRE)
    ordering = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("specialty or support team")
        verbose_name_plural = _("specialties and support teams")
        ordering = ["kind", "ordering", "pk"]

    def __str__(self):
        return self.name


class Network(models.Model):
    """A network the centre belongs to (OSCAR, ERN BOND)."""

    name = models.CharField(_("name"), max_length=100)
    full_name = models.CharField(_("full name"), max_length=300, blank=True)
    description = models.TextField(_("description"), blank=True)
    url = models.URLField(_("website"), blank=True)
    logo = models.ImageField(_("logo"), upload_to="networks/", blank=True,
                             validators=[validate_image_upload])
    ordering = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("network")
        verbose_name_plural = _("networks")
        ordering = ["ordering", "pk"]

    def __str__(self):
        return self.name


class DiseaseQuerySet(models.QuerySet):
    def published(self):
        return self.filter(is_published=True)

    def focus(self):
        return self.published().filter(is_focus=True)


class Disease(models.Model):
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=200, unique=True,
                            help_text=_("The last part of the page's address."))
    orpha_code = models.PositiveIntegerField(
        _("ORPHA code"), null=True, blank=True, unique=True,
        validators=[MinValueValidator(1), MaxValueValidator(10_000_000)],
        help_text=_("Orphanet number, digits only; leave empty until confirmed."),
    )
    summary_patients = models.TextField(_("summary for patients"), blank=True)
    summary_professionals = models.TextField(_("summary for professionals"), blank=True)
    treatments = models.TextField(_("treatments"), blank=True)
    is_focus = models.BooleanField(_("focus disease"), default=False)
    is_published = models.BooleanField(_("published"), default=True)
    ordering = models.PositiveSmallIntegerField(_("order"), default=0)

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
        if not self.orpha_code:
            return ""
        return f"https://www.orpha.net/en/disease/detail/{self.orpha_code}"


class KeyFigureQuerySet(models.QuerySet):
    def with_value(self):
        return self.exclude(value="")


class KeyFigure(models.Model):
    """An activity figure; shown publicly only once staff enter its value."""

    label = models.CharField(_("label"), max_length=200)
    value = models.CharField(_("value"), max_length=40, blank=True,
                             help_text=_("Leave empty until the figure is known."))
    year = models.PositiveSmallIntegerField(
        _("year of the data"), null=True, blank=True,
        validators=[MinValueValidator(1990), MaxValueValidator(2100)],
    )
    ordering = models.PositiveSmallIntegerField(_("order"), default=0)

    objects = KeyFigureQuerySet.as_manager()

    class Meta:
        verbose_name = _("key figure")
        verbose_name_plural = _("key figures")
        ordering = ["ordering", "pk"]

    def __str__(self):
        return self.label


class SeedRecord(models.Model):
    """A seed item already loaded once: `load_seed` never loads it again."""

    key = models.CharField(max_length=200, unique=True)
    loaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("loaded seed item")
        verbose_name_plural = _("loaded seed items")

    def __str__(self):
        return self.key
