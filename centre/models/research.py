"""Care and research: care protocols (PNDS), clinical trials and patient registries."""

from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from mocsite.models import Ordered, Publishable, PublishedQuerySet, file_size
from mocsite.uploads import CheckedFileField, UploadTo
from mocsite.validators import pdf_content_type, validate_pdf_upload

from .diseases import Disease
from .reviews import Reviewed


class CareProtocolQuerySet(PublishedQuerySet):
    def for_listing(self):
        return self.select_related("disease", "last_reviewed_by")


class CareProtocol(Reviewed, Publishable, Ordered):
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
        upload_to=UploadTo("pnds", name_field="title", prefix="PNDS"),
        blank=True,
        validators=[validate_pdf_upload],
        content_type_of=pdf_content_type,
    )
    url = models.URLField(_("official page of the protocol"), blank=True)
    summary_document = CheckedFileField(
        _("summary for the attending physician (PDF)"),
        upload_to=UploadTo("pnds", name_field="title", prefix="PNDS", suffix="synthese"),
        blank=True,
        validators=[validate_pdf_upload],
        content_type_of=pdf_content_type,
    )
    summary_url = models.URLField(_("official page of the summary"), blank=True)

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
        return file_size(self.document)

    @property
    def summary_document_size(self):
        return file_size(self.summary_document)


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


class Trial(Publishable, Ordered):
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

    objects = TrialQuerySet.as_manager()

    class Meta:
        verbose_name = _("clinical trial")
        verbose_name_plural = _("clinical trials")
        ordering = ["ordering", "nct_id"]

    def __str__(self):
        return f"{self.nct_id} – {self.title}"

    @property
    def slug(self):
        """The trial's address: its NCT number (required and unique), lower-cased."""
        return self.nct_id.lower()

    def get_absolute_url(self):
        return reverse("centre:trial_detail", kwargs={"slug": self.slug})

    @property
    def registry_url(self):
        return f"https://clinicaltrials.gov/study/{self.nct_id}"


class RegistryQuerySet(PublishedQuerySet):
    def for_listing(self):
        return self.select_related("disease")


class Registry(Publishable, Ordered):
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

    objects = RegistryQuerySet.as_manager()

    class Meta:
        verbose_name = _("registry")
        verbose_name_plural = _("registries")
        ordering = ["ordering", "pk"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("centre:research") + f"#registry-{self.pk}"
