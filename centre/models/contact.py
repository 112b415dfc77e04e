"""Messages sent through the contact form, and the staff notified of them."""

from datetime import timedelta

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
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
