"""Contact requests: the rate limit and the submission; a request is saved first, and
its emails are sent after the response (centre/notifications.py), never inside it.
"""

import enum
import logging
from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone, translation
from django.utils.crypto import salted_hmac

from mocsite.client import client_address

from .models import ContactRequest
from .models.contact import ContactRateLimit
from .notifications import background_sender

logger = logging.getLogger(__name__)
# Rate limit -------------------------------------------------------------------------------


def _rate_key(request):
    # Keyed with SECRET_KEY: the counters table holds no visitor's IP address.
    return salted_hmac(
        "centre.contact.rate-limit", client_address(request), algorithm="sha256"
    ).hexdigest()


def is_rate_limited(request):
    """True once the visitor's address has sent CONTACT_RATE_LIMIT messages in the window.

    A read for the form page only; count_submission() is what decides, atomically."""
    window_start = timezone.now() - timedelta(seconds=settings.CONTACT_RATE_WINDOW)
    return ContactRateLimit.objects.filter(
        key=_rate_key(request),
        window_started_at__gt=window_start,
        count__gte=settings.CONTACT_RATE_LIMIT,
    ).exists()


def count_submission(request):
    """Count one message for the visitor's address; False, counting nothing, once it has
    sent CONTACT_RATE_LIMIT messages in the current window (CONTACT_RATE_WINDOW seconds
    from its first one).

    The counters live in the database, where no cache eviction or restart can reset them,
    and each step is one conditional UPDATE: of ten simultaneous posts, only as many as
    the limit allows get a slot (PostgreSQL re-checks the WHERE clause on a row another
    transaction has just changed; SQLite has one writer at a time)."""
    limit = settings.CONTACT_RATE_LIMIT
    if limit < 1:
        return False
    key = _rate_key(request)
    now = timezone.now()
    window_start = now - timedelta(seconds=settings.CONTACT_RATE_WINDOW)
    counters = ContactRateLimit.objects
    counters.bulk_create(
        [ContactRateLimit(key=key, window_started_at=now, count=0)], ignore_conflicts=True
    )
    if counters.filter(key=key, window_started_at__lte=window_start).update(
        window_started_at=now, count=1
    ):
        return True
    return bool(
        counters.filter(key=key, window_started_at__gt=window_start, count__lt=limit).update(
            count=F("count") + 1
        )
    )


# Submission -------------------------------------------------------------------------------


class Submission(enum.Enum):
    SAVED = "saved"
    DUPLICATE = "duplicate"  # the same form sent again (double click, resent POST): saved once
    CONFLICT = "conflict"  # its token was already used for another message: nothing saved
    RATE_LIMITED = "rate_limited"  # nothing saved


# What makes two sendings of one form the same request.
CONTENT_FIELDS = ("name", "email", "phone", "sender_type", "subject", "message")


def submit(request, form):
    """Save a valid contact form's request and return at once (a Submission).

    Nothing is sent here: once the row is committed the background sender is handed its
    emails (dispatch), and send_pending_notifications sends whatever that did not.

    A message with spam signals (ContactForm.spam_reasons) is saved too, as suspected
    spam: out of the notifications and the default inbox view until staff release it.

    The form token's id is the submission's id: a token is saved once. The same form sent
    again is answered as the first time (DUPLICATE), other content under a used token is
    refused (CONFLICT), never a second row. The rate-limit slot is taken in the same
    transaction as the save, so a duplicate gives it back."""
    contact_request = form.save(commit=False)
    contact_request.language = translation.get_language()
    contact_request.consent_at = timezone.now()
    contact_request.submission_id = form.cleaned_data["form_token"][1]
    reasons = form.spam_reasons
    if reasons:
        contact_request.status = ContactRequest.Status.SUSPECTED
        contact_request.spam_reasons = ",".join(reasons)
    saved = ContactRequest.objects.filter(submission_id=contact_request.submission_id).first()
    if saved is not None:
        return _sent_again(saved, contact_request)
    try:
        with transaction.atomic():
            if not count_submission(request):
                return Submission.RATE_LIMITED
            contact_request.save()
    except IntegrityError:  # a simultaneous post of the same token was saved first
        saved = ContactRequest.objects.filter(submission_id=contact_request.submission_id).first()
        if saved is None:
            raise
        return _sent_again(saved, contact_request)
    if reasons:
        logger.info(
            "Contact request %s kept as suspected spam (%s)",
            contact_request.pk,
            contact_request.spam_reasons,
        )
    else:
        dispatch(contact_request.pk)
    return Submission.SAVED


def _sent_again(saved, contact_request):
    same = all(getattr(saved, name) == getattr(contact_request, name) for name in CONTENT_FIELDS)
    return Submission.DUPLICATE if same else Submission.CONFLICT


def dispatch(pk):
    """Have a saved request's emails sent by this process's background sender, once the
    transaction that saved it has committed (the sender reads it on its own connection).

    If that never happens (CONTACT_SEND_IN_BACKGROUND off, the process dies, the mail
    server is down), the row is still pending and send_pending_notifications sends it."""
    if settings.CONTACT_SEND_IN_BACKGROUND:
        transaction.on_commit(lambda: background_sender.submit(pk), robust=True)


def release(queryset):
    """Move suspected (or spam) requests to the inbox as new, and send their emails."""
    pks = list(queryset.held().values_list("pk", flat=True))
    ContactRequest.objects.filter(pk__in=pks).update(
        status=ContactRequest.Status.NEW, updated_at=timezone.now()
    )
    for pk in _reset_sending(pks):
        dispatch(pk)
    return len(pks)


def send_again(queryset):
    """Try again, from the first attempt, the emails still owed for these requests (after
    they were given up, say, once the mail server is repaired)."""
    pks = list(queryset.pending().values_list("pk", flat=True))
    for pk in _reset_sending(pks):
        dispatch(pk)
    return len(pks)


def _reset_sending(pks):
    ContactRequest.objects.filter(pk__in=pks).update(
        notification_attempts=0, next_attempt_at=None, sending_failed_at=None
    )
    return pks
