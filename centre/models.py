"""The centre: its profile, team, missions, specialties, networks, diseases and key figures."""

import calendar
from datetime import date, datetime, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format, time_format
from django.utils.translation import gettext_lazy as _

from .uploads import CheckedFileField, CheckedImageField, UploadTo
from .validators import pdf_content_type, validate_image_upload, validate_pdf_upload


class Centre(models.Model):
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
    welcome_booklet = CheckedFileField(
        _("welcome booklet (PDF)"),
        upload_to=UploadTo("booklet"),
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


class PublishedQuerySet(models.QuerySet):
    """Content staff can hold back from the site with its "published" box."""

    def published(self):
        return self.filter(is_published=True)


def _paragraphs(text):
    return [p.strip() for p in (text or "").split("\n\n") if p.strip()]


class Person(models.Model):
    """A member of the centre's team."""

    title = models.CharField(
        _("title"), max_length=20, blank=True, help_text=_("For example Pr, Dr.")
    )
    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    role = models.CharField(_("role"), max_length=200, blank=True)
    bio = models.TextField(_("biography"), blank=True)
    photo = CheckedImageField(
        _("photo"),
        upload_to=UploadTo("team"),
        blank=True,
        validators=[validate_image_upload],
        width_field="photo_width",
        height_field="photo_height",
    )
    photo_width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    photo_height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    photo_alt = models.CharField(
        _("photo description"),
        max_length=200,
        blank=True,
        help_text=_("Alternative text read by screen readers; leave empty to use the name."),
    )
    is_head = models.BooleanField(_("head of the centre"), default=False)
    is_published = models.BooleanField(_("published"), default=True)
    ordering = models.PositiveSmallIntegerField(_("order"), default=0)

    objects = PublishedQuerySet.as_manager()

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
        return reverse("centre:person", args=[self.slug])


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
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.CENTRE)
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
    ordering = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("network")
        verbose_name_plural = _("networks")
        ordering = ["ordering", "pk"]

    def __str__(self):
        return self.name


class DiseaseQuerySet(PublishedQuerySet):
    def focus(self):
        return self.published().filter(is_focus=True)


class Disease(models.Model):
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
    value = models.CharField(
        _("value"), max_length=40, blank=True, help_text=_("Leave empty until the figure is known.")
    )
    year = models.PositiveSmallIntegerField(
        _("year of the data"),
        null=True,
        blank=True,
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


# --- Care and research: care protocols (PNDS), trials, registries, events -------------


class PageIntro(models.Model):
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
        return _paragraphs(self.text)

    @classmethod
    def paragraphs_for(cls, page):
        intro = cls.objects.filter(page=page).first()
        return intro.paragraphs if intro else []


def _file_size(field_file):
    """The size of an uploaded file, or None when the file is missing from storage."""
    if not field_file:
        return None
    try:
        return field_file.size
    except (OSError, ValueError):
        return None


class CareProtocolQuerySet(PublishedQuerySet):
    def for_listing(self):
        return self.select_related("disease")


class CareProtocol(models.Model):
    """A national diagnostic and care protocol (PNDS) and its summary for the attending
    physician, as uploaded PDF files and/or links to the official page."""

    title = models.CharField(_("title"), max_length=300)
    disease = models.ForeignKey(
        Disease,
        verbose_name=_("disease"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="care_protocols",
    )
    year = models.PositiveSmallIntegerField(
        _("year"),
        null=True,
        blank=True,
        validators=[MinValueValidator(2000), MaxValueValidator(2100)],
        help_text=_("Year of publication or of the latest update."),
    )
    document = CheckedFileField(
        _("full protocol (PDF)"),
        upload_to=UploadTo("pnds"),
        blank=True,
        validators=[validate_pdf_upload],
        content_type_of=pdf_content_type,
    )
    url = models.URLField(_("official page of the protocol"), blank=True)
    summary_document = CheckedFileField(
        _("summary for the attending physician (PDF)"),
        upload_to=UploadTo("pnds"),
        blank=True,
        validators=[validate_pdf_upload],
        content_type_of=pdf_content_type,
    )
    summary_url = models.URLField(_("official page of the summary"), blank=True)
    is_published = models.BooleanField(_("published"), default=True)
    ordering = models.PositiveSmallIntegerField(_("order"), default=0)

    objects = CareProtocolQuerySet.as_manager()

    class Meta:
        verbose_name = _("care protocol (PNDS)")
        verbose_name_plural = _("care protocols (PNDS)")
        ordering = ["ordering", "-year", "pk"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("centre:care_protocols") + f"#pnds-{self.pk}"

    @property
    def document_size(self):
        return _file_size(self.document)

    @property
    def summary_document_size(self):
        return _file_size(self.summary_document)


NCT_ID_PATTERN = r"^NCT\d{8}$"


def normalize_nct_id(value):
    """'nct 03118570' or 'NCT-03118570' (as sources write it) -> 'NCT03118570'."""
    if not isinstance(value, str):
        return value
    compact = "".join(value.split()).replace("-", "").upper()
    return compact


class NCTIdField(models.CharField):
    """A ClinicalTrials.gov identifier, stored as `NCT` + 8 digits whatever the spacing
    or case it was typed with."""

    default_validators = [
        RegexValidator(
            NCT_ID_PATTERN, _("Enter an NCT number: NCT followed by 8 digits."), code="invalid_nct"
        ),
    ]

    def to_python(self, value):
        return normalize_nct_id(super().to_python(value))


class TrialQuerySet(PublishedQuerySet):
    def for_listing(self):
        return self.select_related("disease")


class Trial(models.Model):
    """A clinical trial the centre takes part in.

    `status` only ever holds what ClinicalTrials.gov said when it was last checked
    (`status_checked_at`); what the centre itself says about the trial stays in
    `stated_status`, so the site never presents an unchecked status as the registry's.
    """

    class Status(models.TextChoices):
        NOT_YET_RECRUITING = "NOT_YET_RECRUITING", _("Not yet recruiting")
        RECRUITING = "RECRUITING", _("Recruiting")
        ENROLLING_BY_INVITATION = "ENROLLING_BY_INVITATION", _("Enrolling by invitation")
        ACTIVE_NOT_RECRUITING = "ACTIVE_NOT_RECRUITING", _("Active, not recruiting")
        SUSPENDED = "SUSPENDED", _("Suspended")
        TERMINATED = "TERMINATED", _("Terminated")
        COMPLETED = "COMPLETED", _("Completed")
        WITHDRAWN = "WITHDRAWN", _("Withdrawn")
        UNKNOWN = "UNKNOWN", _("Unknown status")

    nct_id = NCTIdField(
        _("NCT number"),
        max_length=20,
        unique=True,
        help_text=_("ClinicalTrials.gov identifier, e.g. NCT01234567."),
    )
    title = models.CharField(_("title"), max_length=300)
    sponsor = models.CharField(_("sponsor"), max_length=200, blank=True)
    disease = models.ForeignKey(
        Disease,
        verbose_name=_("disease"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="trials",
    )
    status = models.CharField(
        _("status on ClinicalTrials.gov"),
        max_length=30,
        choices=Status.choices,
        blank=True,
        help_text=_("Filled by the refresh_trials command; leave empty until checked."),
    )
    status_checked_at = models.DateTimeField(_("status last checked"), null=True, blank=True)
    stated_status = models.CharField(
        _("status as stated by the centre"),
        max_length=100,
        blank=True,
        help_text=_("The centre's own wording, shown beside the ClinicalTrials.gov status."),
    )
    is_published = models.BooleanField(_("published"), default=True)
    ordering = models.PositiveSmallIntegerField(_("order"), default=0)

    objects = TrialQuerySet.as_manager()

    class Meta:
        verbose_name = _("clinical trial")
        verbose_name_plural = _("clinical trials")
        ordering = ["ordering", "nct_id"]

    def __str__(self):
        return f"{self.nct_id} – {self.title}"

    def get_absolute_url(self):
        return reverse("centre:research") + f"#{self.nct_id.lower()}"

    @property
    def registry_url(self):
        return f"https://clinicaltrials.gov/study/{self.nct_id}"


class RegistryQuerySet(PublishedQuerySet):
    def for_listing(self):
        return self.select_related("disease")


class Registry(models.Model):
    """A patient registry or cohort the centre contributes to."""

    name = models.CharField(_("name"), max_length=300)
    disease = models.ForeignKey(
        Disease,
        verbose_name=_("disease"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="registries",
    )
    patients_included = models.PositiveIntegerField(
        _("patients included"),
        null=True,
        blank=True,
        help_text=_("Leave empty until the number is known."),
    )
    description = models.TextField(_("description"), blank=True)
    url = models.URLField(_("website"), blank=True)
    is_published = models.BooleanField(_("published"), default=True)
    ordering = models.PositiveSmallIntegerField(_("order"), default=0)

    objects = RegistryQuerySet.as_manager()

    class Meta:
        verbose_name = _("registry")
        verbose_name_plural = _("registries")
        ordering = ["ordering", "pk"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("centre:research") + f"#registry-{self.pk}"


class EventQuerySet(PublishedQuerySet):
    def for_listing(self):
        return self.select_related("contact_person")

    def upcoming(self):
        """Events not over yet, and those in preparation whose date is not set yet."""
        today = timezone.localdate()
        in_preparation = models.Q(start_date__isnull=True, status=Event.Status.IN_PREPARATION)
        return (
            self.published()
            .filter(models.Q(last_day__gte=today) | in_preparation)
            .order_by(models.F("start_date").asc(nulls_last=True), "pk")
        )

    def past(self):
        return (
            self.published().filter(last_day__lt=timezone.localdate()).order_by("-last_day", "-pk")
        )

    def undated(self):
        """Events the source gives no date for: neither upcoming nor known to be past."""
        return (
            self.published()
            .filter(start_date__isnull=True)
            .exclude(status=Event.Status.IN_PREPARATION)
        )


class Event(models.Model):
    """A workshop, webinar or course organised or co-organised by the centre.

    A date may be known to the day, to the month or only to the year, or not at all while
    the event is in preparation; `last_day` (derived) says when it is over.
    """

    class Kind(models.TextChoices):
        WORKSHOP = "workshop", _("workshop")
        WEBINAR = "webinar", _("webinar")
        COURSE = "course", _("course")
        OTHER = "other", _("event")

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", _("scheduled")
        IN_PREPARATION = "in_preparation", _("in preparation")
        CANCELLED = "cancelled", _("cancelled")

    class Precision(models.TextChoices):
        DAY = "day", _("exact day")
        MONTH = "month", _("month only")
        YEAR = "year", _("year only")

    title = models.CharField(_("title"), max_length=300)
    slug = models.SlugField(
        _("slug"), max_length=200, unique=True, help_text=_("The last part of the page's address.")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.WORKSHOP)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.SCHEDULED
    )
    start_date = models.DateField(
        _("date"),
        null=True,
        blank=True,
        help_text=_(
            "First day; leave empty while the date is not set. When only the "
            "month or year is known, pick its first day and set the precision."
        ),
    )
    end_date = models.DateField(
        _("last day"), null=True, blank=True, help_text=_("For an event over several days.")
    )
    date_precision = models.CharField(
        _("date precision"), max_length=10, choices=Precision.choices, default=Precision.DAY
    )
    start_time = models.TimeField(_("start time"), null=True, blank=True)
    end_time = models.TimeField(_("end time"), null=True, blank=True)
    last_day = models.DateField(editable=False, null=True, db_index=True)
    location = models.CharField(_("place"), max_length=300, blank=True)
    is_online = models.BooleanField(_("online"), default=False)
    contact_person = models.ForeignKey(
        Person,
        verbose_name=_("contact (team member)"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="events",
    )
    contact_name = models.CharField(
        _("contact (other person)"),
        max_length=200,
        blank=True,
        help_text=_("When the contact is not a member of the team."),
    )
    description = models.TextField(_("description"), blank=True)
    registration_url = models.URLField(_("registration link"), blank=True)
    diseases = models.ManyToManyField(
        Disease, verbose_name=_("diseases"), blank=True, related_name="events"
    )
    is_published = models.BooleanField(_("published"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = EventQuerySet.as_manager()

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = [models.F("start_date").desc(nulls_first=True), "pk"]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self.last_day = self.compute_last_day()
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("centre:event_detail", kwargs={"slug": self.slug})

    def get_ics_url(self):
        return reverse("centre:event_ics", kwargs={"slug": self.slug})

    def clean(self):
        if self.end_date and not self.start_date:
            raise ValidationError({"end_date": _("Give the first day too.")})
        if self.end_date and self.start_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("The last day is before the first.")})
        if self.end_date and self.date_precision != self.Precision.DAY:
            raise ValidationError({"end_date": _("A last day needs dates known to the day.")})
        if (self.start_time or self.end_time) and self.date_precision != self.Precision.DAY:
            raise ValidationError({"start_time": _("Times need a date known to the day.")})

    def compute_last_day(self):
        if self.start_date is None:
            return None
        if self.end_date:
            return self.end_date
        if self.date_precision == self.Precision.YEAR:
            return date(self.start_date.year, 12, 31)
        if self.date_precision == self.Precision.MONTH:
            days = calendar.monthrange(self.start_date.year, self.start_date.month)[1]
            return self.start_date.replace(day=days)
        return self.start_date

    @property
    def has_exact_dates(self):
        """Known to the day: only then can it go in a calendar."""
        return self.start_date is not None and self.date_precision == self.Precision.DAY

    @property
    def iso_start(self):
        """schema.org / ISO 8601 start, as precise as the date is known."""
        if self.start_date is None:
            return ""
        if self.date_precision == self.Precision.YEAR:
            return f"{self.start_date.year:04d}"
        if self.date_precision == self.Precision.MONTH:
            return self.start_date.strftime("%Y-%m")
        if self.start_time:
            # Times are the centre's local time (TIME_ZONE): say so with the UTC offset.
            start = datetime.combine(self.start_date, self.start_time)
            return timezone.make_aware(start).isoformat()
        return self.start_date.isoformat()

    @property
    def iso_end(self):
        if self.end_date and self.date_precision == self.Precision.DAY:
            if self.end_time:
                end = datetime.combine(self.end_date, self.end_time)
                return timezone.make_aware(end).isoformat()
            return self.end_date.isoformat()
        if self.end_time and self.start_date:
            return timezone.make_aware(datetime.combine(self.start_date, self.end_time)).isoformat()
        return ""

    @property
    def when(self):
        """The date in the active language, as precise as it is known."""
        if self.start_date is None:
            return ""
        if self.date_precision == self.Precision.YEAR:
            return str(self.start_date.year)
        if self.date_precision == self.Precision.MONTH:
            return date_format(self.start_date, "YEAR_MONTH_FORMAT")
        text = date_format(self.start_date, "DATE_FORMAT")
        if self.end_date and self.end_date != self.start_date:
            text = f"{text} – {date_format(self.end_date, 'DATE_FORMAT')}"
        if self.start_time:
            times = time_format(self.start_time, "TIME_FORMAT")
            if self.end_time:
                times = f"{times} – {time_format(self.end_time, 'TIME_FORMAT')}"
            text = f"{text}, {times}"
        return text

    @property
    def contact(self):
        if self.contact_person_id:
            return self.contact_person.display_name
        return self.contact_name


class ContactRecipient(models.Model):
    """A staff address notified of every new contact request."""

    name = models.CharField(_("name"), max_length=150, blank=True)
    email = models.EmailField(_("email"), unique=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("contact request recipient")
        verbose_name_plural = _("contact request recipients")
        ordering = ["email"]

    def __str__(self):
        return f"{self.name} <{self.email}>" if self.name else self.email


class ContactRequestQuerySet(models.QuerySet):
    def pending_notification(self):
        return self.filter(notified_at__isnull=True).exclude(status=ContactRequest.Status.SPAM)

    def pending_acknowledgement(self):
        return self.filter(acknowledged_at__isnull=True).exclude(status=ContactRequest.Status.SPAM)

    def past_retention(self, now=None):
        now = now or timezone.now()
        return self.filter(created_at__lt=now - timedelta(days=settings.CONTACT_RETENTION_DAYS))


class ContactRequest(models.Model):
    """A message sent through the contact form: saved first, then notified."""

    class SenderType(models.TextChoices):
        PATIENT = "patient", _("a patient")
        RELATIVE = "relative", _("a relative or carer")
        PHYSICIAN = "physician", _("a physician")
        HEALTH_PROFESSIONAL = "health_professional", _("another health professional")
        RESEARCH = "research", _("a researcher or a company")
        PRESS = "press", _("the press")
        OTHER = "other", _("other")

    class Status(models.TextChoices):
        NEW = "new", _("new")
        IN_PROGRESS = "in_progress", _("in progress")
        ANSWERED = "answered", _("answered")
        SPAM = "spam", _("spam")

    name = models.CharField(_("name"), max_length=150)
    email = models.EmailField(_("email"))
    phone = models.CharField(
        _("phone"),
        max_length=40,
        blank=True,
        validators=[
            RegexValidator(
                r"^\+?[0-9 ().\-]{6,40}$", _("Enter a phone number (digits, spaces, +, -, dots).")
            )
        ],
    )
    sender_type = models.CharField(_("who is writing"), max_length=30, choices=SenderType.choices)
    subject = models.CharField(_("subject"), max_length=200)
    message = models.TextField(_("message"))
    language = models.CharField(
        _("language"), max_length=8, choices=settings.LANGUAGES, default="fr"
    )
    consent_at = models.DateTimeField(_("consent given at"))
    submission_id = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("received"), default=timezone.now, db_index=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.NEW, db_index=True
    )
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assigned to"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="contact_requests",
    )
    internal_notes = models.TextField(_("internal notes"), blank=True)
    notified_at = models.DateTimeField(_("staff notified at"), null=True, blank=True)
    acknowledged_at = models.DateTimeField(_("acknowledgement sent at"), null=True, blank=True)
    notification_attempts = models.PositiveSmallIntegerField(_("sending attempts"), default=0)
    last_error = models.CharField(_("last sending error"), max_length=300, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ContactRequestQuerySet.as_manager()

    class Meta:
        verbose_name = _("contact request")
        verbose_name_plural = _("contact requests")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.subject} — {self.name}"
