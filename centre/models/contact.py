"""Messages sent through the contact form, the staff notified of them, and the counters of
the form's rate limit."""

from datetime import timedelta

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


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
    def held(self):
        """Suspected or confirmed spam: never notified, out of the default inbox view."""
        return self.filter(status__in=ContactRequest.HELD_STATUSES)

    def suspected(self):
        return self.filter(status=ContactRequest.Status.SUSPECTED)

    def pending_notification(self):
        return self.filter(notified_at__isnull=True).exclude(
            status__in=ContactRequest.HELD_STATUSES
        )

    def pending_acknowledgement(self):
        return self.filter(acknowledged_at__isnull=True).exclude(
            status__in=ContactRequest.HELD_STATUSES
        )

    def pending(self):
        """Requests that still owe the staff notification or the acknowledgement."""
        return self.filter(Q(notified_at__isnull=True) | Q(acknowledged_at__isnull=True)).exclude(
            status__in=ContactRequest.HELD_STATUSES
        )

    def sending_failed(self):
        """Pending requests whose emails were given up after CONTACT_SEND_MAX_ATTEMPTS."""
        return self.pending().filter(sending_failed_at__isnull=False)

    def due(self, now):
        """Pending requests to try now: not given up, past their backoff, and not being sent
        by another process (claimed_until)."""
        return (
            self.pending()
            .filter(
                sending_failed_at__isnull=True,
                notification_attempts__lt=settings.CONTACT_SEND_MAX_ATTEMPTS,
            )
            .filter(Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now))
            .filter(Q(claimed_until__isnull=True) | Q(claimed_until__lte=now))
        )

    def past_retention(self, now=None):
        """Requests past CONTACT_RETENTION_DAYS, and spam past CONTACT_SPAM_RETENTION_DAYS."""
        now = now or timezone.now()
        spam_limit = now - timedelta(days=settings.CONTACT_SPAM_RETENTION_DAYS)
        return self.filter(
            Q(created_at__lt=now - timedelta(days=settings.CONTACT_RETENTION_DAYS))
            | Q(status__in=ContactRequest.HELD_STATUSES, created_at__lt=spam_limit)
        )


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
        SUSPECTED = "suspected", _("suspected spam")
        SPAM = "spam", _("spam")

    # Why a message was taken for spam (spam_reasons, comma-separated).
    class SpamReason(models.TextChoices):
        HONEYPOT = "honeypot", _("the hidden field was filled in")
        TOO_FAST = "too_fast", _("sent too soon after the form was shown")

    HELD_STATUSES = (Status.SUSPECTED, Status.SPAM)

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
    next_attempt_at = models.DateTimeField(_("next sending attempt"), null=True, blank=True)
    sending_failed_at = models.DateTimeField(
        _("sending given up at"), null=True, blank=True, db_index=True
    )
    # Set while one process sends this request's emails, so that no other sends them too.
    claimed_until = models.DateTimeField(null=True, blank=True, editable=False)
    spam_reasons = models.CharField(_("spam signals"), max_length=100, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ContactRequestQuerySet.as_manager()

    class Meta:
        verbose_name = _("contact request")
        verbose_name_plural = _("contact requests")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.subject} — {self.name}"

    def get_spam_reasons_display(self):
        labels = dict(self.SpamReason.choices)
        return ", ".join(
            str(labels.get(code, code)) for code in self.spam_reasons.split(",") if code
        )


class ContactRateLimitQuerySet(models.QuerySet):
    def expired(self, now=None):
        now = now or timezone.now()
        return self.filter(
            window_started_at__lte=now - timedelta(seconds=settings.CONTACT_RATE_WINDOW)
        )


class ContactRateLimit(models.Model):
    """How many contact messages one client address sent in its current window.

    In the database rather than the cache: no cache eviction or restart can reset it, and
    one conditional UPDATE takes a slot atomically (centre.contact.count_submission)."""

    # A keyed hash of the address: the table holds no IP address.
    key = models.CharField(max_length=64, unique=True)
    window_started_at = models.DateTimeField()
    count = models.PositiveIntegerField(default=0)

    objects = ContactRateLimitQuerySet.as_manager()

    class Meta:
        verbose_name = _("contact rate-limit counter")
        verbose_name_plural = _("contact rate-limit counters")
        ordering = ["-window_started_at"]

    def __str__(self):
        return f"{self.key[:12]}… {self.count} since {self.window_started_at:%Y-%m-%d %H:%M}"
