"""Contact requests: rate limiting, and email notifications that are retried, never lost.

A request is saved before any email is attempted (see views.contact). Sending is tracked
per request (`notified_at`, `acknowledged_at`), so `send_pending_notifications` can retry
what failed without ever sending twice.
"""

import hashlib
import logging

from django.conf import settings
from django.core.cache import caches
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.crypto import get_random_string

from mocsite.client import client_address

from .models import Centre, ContactRecipient, ContactRequest

logger = logging.getLogger(__name__)


def _rate_key(request):
    digest = hashlib.sha256((settings.SECRET_KEY + client_address(request)).encode()).hexdigest()
    return f"contact-rate:{digest}"


def is_rate_limited(request):
    """True once an address has sent CONTACT_RATE_LIMIT requests within the window.

    The counters hold across server processes: they live in Redis when it is configured,
    else in files that every worker of the machine shares (RATE_LIMIT_CACHE).
    """
    return _counters().get(_rate_key(request), 0) >= settings.CONTACT_RATE_LIMIT


def count_submission(request):
    key = _rate_key(request)
    counters = _counters()
    counters.add(key, 0, timeout=settings.CONTACT_RATE_WINDOW)
    try:
        counters.incr(key)
    except ValueError:  # expired between add() and incr()
        counters.set(key, 1, timeout=settings.CONTACT_RATE_WINDOW)


def _counters():
    return caches[settings.RATE_LIMIT_CACHE]


def recipients():
    emails = list(ContactRecipient.objects.filter(is_active=True).values_list("email", flat=True))
    return emails or list(settings.CONTACT_FALLBACK_RECIPIENTS)


def _notification(contact_request, to, admin_url):
    with translation.override(settings.LANGUAGE_CODE):
        body = render_to_string(
            "centre/email/notification.txt", {"request": contact_request, "admin_url": admin_url}
        )
        subject = f"[{settings.EMAIL_SUBJECT_PREFIX_SITE}] {contact_request.subject}"
    return EmailMessage(subject=subject, body=body, to=to, reply_to=[contact_request.email])


def _acknowledgement(contact_request):
    with translation.override(contact_request.language):
        context = {"request": contact_request, "centre": Centre.get_profile()}
        body = render_to_string("centre/email/acknowledgement.txt", context)
        subject = render_to_string("centre/email/acknowledgement_subject.txt", context)
    return EmailMessage(subject=" ".join(subject.split()), body=body, to=[contact_request.email])


def _admin_url(contact_request):
    path = reverse("admin:centre_contactrequest_change", args=[contact_request.pk])
    return (settings.SITE_URL + path) if settings.SITE_URL else path


def send_notifications(pk):
    """Send what is still owed for one request; return True when nothing is left to send.

    The row is locked while sending (select_for_update, skipping rows another process
    holds), and each email is marked sent in the same transaction, so two runs never send
    the same email twice.
    """
    with transaction.atomic():
        contact_request = (
            ContactRequest.objects.select_for_update(skip_locked=True)
            .filter(pk=pk)
            .exclude(status=ContactRequest.Status.SPAM)
            .first()
        )
        if contact_request is None:
            return True
        errors = []
        if contact_request.notified_at is None:
            to = recipients()
            if not to:
                errors.append("no recipient configured")
            else:
                try:
                    _notification(contact_request, to, _admin_url(contact_request)).send()
                    contact_request.notified_at = timezone.now()
                except Exception as error:  # any mail failure leaves the request pending
                    logger.warning("Contact request %s: notification failed: %s", pk, error)
                    errors.append(f"notification: {error}")
        if contact_request.acknowledged_at is None:
            try:
                _acknowledgement(contact_request).send()
                contact_request.acknowledged_at = timezone.now()
            except Exception as error:  # retried later by send_pending_notifications
                logger.warning("Contact request %s: acknowledgement failed: %s", pk, error)
                errors.append(f"acknowledgement: {error}")
        contact_request.notification_attempts += 1
        contact_request.last_error = "; ".join(errors)[:300]
        contact_request.save(
            update_fields=[
                "notified_at",
                "acknowledged_at",
                "notification_attempts",
                "last_error",
                "updated_at",
            ]
        )
        return not errors


def send_pending():
    """Retry every request whose notification or acknowledgement is still owed."""
    pending = (
        ContactRequest.objects.pending_notification()
        | ContactRequest.objects.pending_acknowledgement()
    )
    ids = list(pending.order_by("created_at").values_list("pk", flat=True).distinct())
    done = sum(1 for pk in ids if send_notifications(pk))
    return len(ids), done


# What makes two sendings of one form the same request.
CONTENT_FIELDS = ("name", "email", "phone", "sender_type", "subject", "message")


def submit(request, form):
    """Save a valid contact form's request, then notify staff; return the saved request
    (None for a bot's, which is dropped).

    The request is saved in its own transaction before any email is attempted; a failed
    email leaves it pending for send_pending_notifications. The form's token makes a
    double click or a resent POST one request, while the same form sent again with other
    content (back button, then an edit) is a new request, never lost.
    """
    if form.is_bot:
        count_submission(request)
        return None
    contact_request = form.save(commit=False)
    contact_request.language = translation.get_language()
    contact_request.consent_at = timezone.now()
    contact_request.submission_id = form.cleaned_data["form_token"][1]
    try:
        with transaction.atomic():
            contact_request.save()
    except IntegrityError:
        saved = ContactRequest.objects.filter(submission_id=contact_request.submission_id).first()
        if saved is None or all(
            getattr(saved, name) == getattr(contact_request, name) for name in CONTENT_FIELDS
        ):
            return saved
        contact_request.submission_id = get_random_string(24)
        with transaction.atomic():
            contact_request.save()
    count_submission(request)
    try:
        send_notifications(contact_request.pk)
    except Exception:  # the request is saved: send_pending_notifications retries it
        logger.exception("Contact request %s: notifications failed", contact_request.pk)
    return contact_request
