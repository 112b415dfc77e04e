"""Workshops, webinars and courses organised or co-organised by the centre."""

import calendar
from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format, time_format
from django.utils.translation import gettext_lazy as _

from mocsite.models import Publishable, PublishedQuerySet

from .diseases import Disease
from .team import Person


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

    def in_list_order(self):
        """Every published event in the event list's order, for one paginator: upcoming
        ones (soonest first), then undated ones, then past ones (latest first). Each gets
        `timing` (Event.UPCOMING, UNDATED or PAST), the list's section."""
        today = timezone.localdate()
        upcoming = models.Q(last_day__gte=today) | models.Q(
            start_date__isnull=True, status=Event.Status.IN_PREPARATION
        )
        timing = models.Case(
            models.When(upcoming, then=models.Value(Event.UPCOMING)),
            models.When(start_date__isnull=True, then=models.Value(Event.UNDATED)),
            default=models.Value(Event.PAST),
        )

        def within(section, field):
            return models.Case(models.When(timing=section, then=models.F(field)))

        return (
            self.published()
            .annotate(timing=timing)
            .order_by(
                "timing",
                within(Event.UPCOMING, "start_date").asc(nulls_last=True),
                within(Event.PAST, "last_day").desc(),
                within(Event.PAST, "pk").desc(),
                "pk",
            )
        )


class Event(Publishable):
    """A workshop, webinar or course organised or co-organised by the centre.

    A date may be known to the day, to the month or only to the year, or not at all while
    the event is in preparation; `last_day` (derived) says when it is over.
    """

    # The event list's sections, in their order (EventQuerySet.in_list_order).
    UPCOMING, UNDATED, PAST = 0, 1, 2

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
    def is_past(self):
        return self.last_day is not None and self.last_day < timezone.localdate()

    @property
    def shown_status(self):
        """The status the public pages show: none while scheduled, and never "in
        preparation" once the date has passed (the source says no more)."""
        if self.status == self.Status.SCHEDULED:
            return ""
        if self.status == self.Status.IN_PREPARATION and self.is_past:
            return ""
        return self.get_status_display()

    @property
    def offers_calendar(self):
        """Known to the day and still to come: only then is "add to my calendar" offered."""
        return self.has_exact_dates and not self.is_past

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
