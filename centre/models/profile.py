"""The centre's profile and what its pages say about it: missions, specialties,
networks, key figures and the editable introductions of pages."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import connection, models
from django.db.models import prefetch_related_objects
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from mocsite.embedded import embedded_rows_sql, instances
from mocsite.models import Ordered, Publishable, PublishedQuerySet, paragraphs, published_sql
from mocsite.uploads import CheckedFileField, CheckedImageField, UploadTo
from mocsite.validators import pdf_content_type, validate_image_upload, validate_pdf_upload

from .reviews import Reviewed


class Centre(Reviewed, models.Model):
    """The centre's profile: a single row, edited in the admin."""

    name = models.CharField(_("name"), max_length=200)
    short_name = models.CharField(_("short name"), max_length=40)
    tagline = models.CharField(_("tagline"), max_length=300, blank=True)
    description = models.TextField(
        _("description"), blank=True, help_text=_("Paragraphs separated by a blank line.")
    )
    organisation = models.TextField(
        _("how the centre works"),
        blank=True,
        help_text=_("Paragraphs separated by a blank line."),
    )
    classification = models.TextField(
        _("classification of the diseases"),
        blank=True,
        help_text=_("What the international nosology says, with its reference."),
    )
    hospital = models.CharField(_("hospital"), max_length=200)
    department = models.CharField(_("department"), max_length=200, blank=True)
    street_address = models.CharField(_("street address"), max_length=200, blank=True)
    postal_code = models.CharField(_("postal code"), max_length=20, blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("email"), blank=True)
    contact_guidance = models.TextField(_("what to include when writing"), blank=True)
    emergency_guidance = models.TextField(_("in case of emergency"), blank=True)
    mssante_address = models.EmailField(
        _("MSSanté address"),
        blank=True,
        help_text=_(
            "The centre's secure health messaging address, for physicians; shown on the "
            "referral page once filled."
        ),
    )
    # The "Refer a patient" page, for physicians (paragraphs separated by a blank line).
    referral_patients = models.TextField(_("referral: patients the centre sees"), blank=True)
    referral_expertise = models.TextField(_("referral: recourse and expertise"), blank=True)
    referral_documents = models.TextField(_("referral: what to send"), blank=True)
    referral_difficult_cases = models.TextField(_("referral: difficult cases"), blank=True)
    # The "Moving to adult care" page.
    transition_text = models.TextField(
        _("moving to adult care"),
        blank=True,
        help_text=_("Paragraphs separated by a blank line."),
    )
    transition_event = models.ForeignKey(
        "centre.Event",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("event about the transition"),
        help_text=_("Linked from the “Moving to adult care” page."),
    )
    welcome_booklet = CheckedFileField(
        _("welcome booklet (PDF)"),
        upload_to=UploadTo("booklet", name_field="short_name", prefix="livret d accueil"),
        blank=True,
        validators=[validate_pdf_upload],
        content_type_of=pdf_content_type,
    )
    key_figures_note = models.CharField(_("note under the key figures"), max_length=200, blank=True)
    # Legal notice (LCEN art. 6 III) and accessibility statement (RGAA) facts.
    publisher = models.CharField(_("publisher"), max_length=200, blank=True)
    publication_director = models.CharField(_("publication director"), max_length=200, blank=True)
    host_name = models.CharField(_("host's name"), max_length=200, blank=True)
    host_address = models.CharField(_("host's address"), max_length=300, blank=True)
    host_phone = models.CharField(_("host's phone"), max_length=40, blank=True)
    data_controller = models.CharField(_("data controller"), max_length=200, blank=True)
    dpo_contact = models.CharField(
        _("data protection officer's contact"), max_length=200, blank=True
    )
    accessibility_status = models.CharField(
        _("accessibility conformity"),
        max_length=20,
        default="non",
        choices=[
            ("total", _("fully compliant")),
            ("partial", _("partially compliant")),
            ("non", _("not compliant")),
        ],
        help_text=_("French law requires “not compliant” until an RGAA audit exists."),
    )
    accessibility_audit_date = models.DateField(_("date of the RGAA audit"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("centre profile")
        verbose_name_plural = _("centre profile")

    def __str__(self):
        return self.short_name or self.name

    @classmethod
    def get_profile(cls, with_reviewer=False):
        """The single profile row, or None before the seed is loaded; with the published
        networks the footer of every page lists, read in the same query (and the member
        who last reviewed it, for the page that says so: one query more).

        A raw query (mocsite.embedded): every page reads it, and the ORM took longer to
        build and compile it than the database to answer."""
        networks, params = embedded_rows_sql(Network, FOOTER_NETWORK_FIELDS, published_sql)
        table = connection.ops.quote_name(cls._meta.db_table)
        pk = connection.ops.quote_name(cls._meta.pk.column)
        sql = (
            f"SELECT {table}.*, ({networks}) AS network_rows FROM {table} "
            f"ORDER BY {table}.{pk} LIMIT 1"
        )
        centre = next(iter(cls.objects.raw(sql, params)), None)
        if centre is not None:
            centre.footer_networks = instances(Network, FOOTER_NETWORK_FIELDS, centre.network_rows)
            if with_reviewer:
                prefetch_related_objects([centre], "last_reviewed_by")
        return centre

    @cached_property
    def footer_networks(self):
        """The published networks, with what the footer and the home page's markup show
        of them (FOOTER_NETWORK_FIELDS; the other fields are left empty)."""
        return instances(
            Network,
            FOOTER_NETWORK_FIELDS,
            Network.objects.published().values_list(*FOOTER_NETWORK_FIELDS),
        )

    @property
    def phone_uri(self):
        digits = "".join(c for c in self.phone.replace("(0)", "") if c.isdigit() or c == "+")
        return f"tel:{digits}" if digits else ""

    @property
    def description_paragraphs(self):
        return paragraphs(self.description)

    @property
    def organisation_paragraphs(self):
        return paragraphs(self.organisation)


class Mission(Publishable, Ordered):
    text = models.TextField(_("text"))

    class Meta:
        verbose_name = _("mission")
        verbose_name_plural = _("missions")
        ordering = ["ordering", "pk"]

    def __str__(self):
        return self.text[:80]


class Specialty(Publishable, Ordered):
    """A specialty of the centre, or a team or specialist the centre can call on."""

    class Kind(models.TextChoices):
        CENTRE = "centre", _("specialists of the centre")
        SUPPORT = "support", _("teams from specialised services")
        HOSPITAL = "hospital", _("other specialists in the hospital")

    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.CENTRE)

    class Meta:
        verbose_name = _("specialty or support team")
        verbose_name_plural = _("specialties and support teams")
        ordering = ["kind", "ordering", "pk"]

    def __str__(self):
        return self.name


class Network(Publishable, Ordered):
    """A network the centre belongs to (OSCAR, ERN BOND)."""

    name = models.CharField(_("name"), max_length=100)
    full_name = models.CharField(_("full name"), max_length=300, blank=True)
    description = models.TextField(_("description"), blank=True)
    url = models.URLField(_("website"), blank=True)
    logo = CheckedImageField(
        _("logo"),
        upload_to=UploadTo("networks"),
        blank=True,
        validators=[validate_image_upload],
        width_field="logo_width",
        height_field="logo_height",
    )
    logo_width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    logo_height = models.PositiveIntegerField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("network")
        verbose_name_plural = _("networks")
        ordering = ["ordering", "pk"]

    def __str__(self):
        return self.name


# What the footer (and the home page's markup) shows of a network; read with the profile.
FOOTER_NETWORK_FIELDS = [
    "pk",
    "ordering",
    "name",
    "url",
    *(f"full_name_{code}" for code, _name in settings.LANGUAGES),
]


class KeyFigureQuerySet(PublishedQuerySet):
    def with_value(self):
        return self.published().exclude(value="")


class KeyFigure(Publishable, Ordered):
    """An activity figure; shown publicly only once staff enter its value."""

    label = models.CharField(_("label"), max_length=200)
    value = models.CharField(
        _("value"), max_length=40, blank=True, help_text=_("Leave empty until the figure is known.")
    )
    year = models.PositiveSmallIntegerField(
        _("year of the data"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1990), MaxValueValidator(2100)],
    )

    objects = KeyFigureQuerySet.as_manager()

    class Meta:
        verbose_name = _("key figure")
        verbose_name_plural = _("key figures")
        ordering = ["ordering", "pk"]

    def __str__(self):
        return self.label


class PageIntro(Publishable):
    """The editable introduction of a page that has no object of its own (the care
    protocols page explains what a PNDS is), so staff can rewrite it in both languages."""

    class Page(models.TextChoices):
        CARE_PROTOCOLS = "care_protocols", _("care protocols")
        RESEARCH = "research", _("clinical research")
        EVENTS = "events", _("events")

    page = models.CharField(_("page"), max_length=40, choices=Page.choices, unique=True)
    text = models.TextField(
        _("text"), blank=True, help_text=_("Paragraphs separated by a blank line.")
    )

    class Meta:
        verbose_name = _("page introduction")
        verbose_name_plural = _("page introductions")
        ordering = ["page"]

    def __str__(self):
        return self.get_page_display()

    @property
    def paragraphs(self):
        return paragraphs(self.text)

    @classmethod
    def text_for(cls, page):
        """The page's live introduction ("" when there is none), for `rich_text`."""
        intro = cls.objects.published().filter(page=page).first()
        return intro.text if intro else ""
