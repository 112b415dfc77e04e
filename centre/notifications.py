"""The emails of a contact request, sent after the response and retried, never lost.

The request row is the outbox. A visitor's request only saves it (centre.contact.submit)
and returns; its emails (the staff notification, the visitor's acknowledgement) are sent
afterwards, by a thread of the web process (BackgroundSender) and, for whatever that could
not send, by `send_pending_notifications`, run every minute. Sending is tracked per email
(`notified_at`, `acknowledged_at`) and a row is claimed before sending (`claimed_until`),
so no email is sent twice, even by two runs at once on SQLite.
"""

import atexit
import enum
import logging
import os
import queue
import re
import smtplib
import threading
import time
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.core.mail.backends.base import BaseEmailBackend
from django.db import connections
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from .models import Centre, ContactRecipient, ContactRequest

logger = logging.getLogger(__name__)

# How long a process may take to send one request's emails before another may try again
# (it died, say): far more than two emails take even at EMAIL_TIMEOUT per SMTP step.
CLAIM_DURATION = timedelta(minutes=15)
MAX_RETRY_DELAY = timedelta(hours=6)
# notification_attempts is a PositiveSmallIntegerField: never count past what it holds.
ATTEMPTS_CEILING = 32767


# Emails -----------------------------------------------------------------------------------


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


class NotDelivered(Exception):
    """The email backend took the message but delivers nothing."""


class NoDeliveryEmailBackend(BaseEmailBackend):
    """The default EMAIL_BACKEND, until production configures SMTP: delivers nothing and
    says so.

    Unlike Django's console backend it writes neither addresses nor messages to the log,
    and it reports each message as not sent, so contact requests stay pending, visibly,
    instead of being marked notified. `check --deploy` warns while it is in use."""

    def send_messages(self, email_messages):
        for message in email_messages:
            logger.warning(
                "Email not sent: no EMAIL_BACKEND is configured (%d recipient(s))",
                len(message.recipients()),
            )
        return 0


_ADDRESS = re.compile(r"[^\s<>()\[\]\"',;:]+@[^\s<>()\[\]\"',;:]+")


def describe_error(error):
    """One line on a sending error, for the log and the inbox, with no email address in it
    (smtplib puts the refused addresses in SMTPRecipientsRefused, for one)."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        codes = sorted({str(code) for code, _message in error.recipients.values()})
        text = f"recipient refused ({', '.join(codes)})"
    elif isinstance(error, smtplib.SMTPResponseException):
        detail = error.smtp_error
        if isinstance(detail, bytes):
            detail = detail.decode(errors="replace")
        text = f"{error.smtp_code} {detail}"
    else:
        text = str(error)
    text = _ADDRESS.sub("[address]", " ".join(text.split()))
    return f"{type(error).__name__}: {text}"[:200] if text else type(error).__name__


def _mail_server_unreachable(error):
    """True for an error that every other email would meet too (the server is down, hung,
    refuses us, or no backend is configured), rather than one of this email's own."""
    if isinstance(
        error,
        (
            NotDelivered,
            smtplib.SMTPServerDisconnected,
            smtplib.SMTPConnectError,
            smtplib.SMTPHeloError,
            smtplib.SMTPAuthenticationError,
            smtplib.SMTPNotSupportedError,
        ),
    ):
        return True
    # smtplib's own errors are OSErrors too; the others (refused, reset, timed out, TLS) are
    # about the connection.
    return isinstance(error, OSError) and not isinstance(error, smtplib.SMTPException)


class _Mailer:
    """One connection to the mail server for a request's emails, opened when first used."""

    def __init__(self):
        self.connection = get_connection()
        self.is_open = False

    def send(self, message):
        if not self.is_open:
            self.connection.open()
            self.is_open = True
        if self.connection.send_messages([message]) != 1:
            raise NotDelivered("the email backend delivered nothing")

    def close(self):
        if self.is_open:
            try:
                self.connection.close()
            except Exception:  # the messages are sent (or not) already; nothing to keep
                pass


class Outcome(enum.Enum):
    SENT = "sent"  # nothing left to send
    PENDING = "pending"  # something failed or is not possible yet: retried later
    UNREACHABLE = "unreachable"  # the mail server cannot be reached: the others can wait
    SKIPPED = "skipped"  # nothing to do now: sent, held as spam, backing off, or being sent


class _Result:
    """What one sending of a request's emails did: whether the mail server was asked at
    all, its errors, the other errors (nothing to retry soon: no recipient set), and
    whether the server was unreachable."""

    def __init__(self, attempted=False, mail_errors=None, other_errors=None, unreachable=False):
        self.attempted = attempted
        self.mail_errors = mail_errors or []
        self.other_errors = other_errors or []
        self.unreachable = unreachable


def send_notifications(pk):
    """Send what is still owed for one request, if it is due; return an Outcome.

    The row is first claimed with one conditional UPDATE (claimed_until), which works the
    same on SQLite and PostgreSQL: another process that wants it too (a second retry run,
    the background sender) finds it claimed and leaves it. Each email is marked sent as
    soon as it has left, and no transaction is held open while the mail server answers.

    A failed email is retried after CONTACT_SEND_RETRY_SECONDS, twice as long after each
    further failure; after CONTACT_SEND_MAX_ATTEMPTS attempts the request is given up
    (sending_failed_at), and staff see it in the inbox."""
    now = timezone.now()
    claimed = (
        ContactRequest.objects.due(now).filter(pk=pk).update(claimed_until=now + CLAIM_DURATION)
    )
    if not claimed:
        return Outcome.SKIPPED
    contact_request = ContactRequest.objects.get(pk=pk)
    try:
        result = _send_owed(contact_request)
    except Exception as error:  # a bug or a bad row: recorded on the row, never a crash
        logger.error("Contact request %s: sending failed: %s", pk, describe_error(error))
        result = _Result(attempted=True, mail_errors=[f"error: {describe_error(error)}"])
    return _record(contact_request, result)


def _send_owed(contact_request):
    result = _Result()
    mailer = _Mailer()
    pk = contact_request.pk
    try:
        if contact_request.notified_at is None:
            to = recipients()
            if not to:
                # Shown to staff on the request's admin page: in the staff's language.
                with translation.override(settings.LANGUAGE_CODE):
                    result.other_errors.append(
                        translation.gettext(
                            "notification: no recipient configured (add one under "
                            "“Contact request recipients”)"
                        )
                    )
            else:
                result.attempted = True
                try:
                    mailer.send(_notification(contact_request, to, _admin_url(contact_request)))
                except Exception as error:  # any failure leaves the notification pending
                    _note_failure(result, "notification", pk, error)
                else:
                    ContactRequest.objects.filter(pk=pk).update(notified_at=timezone.now())
        if contact_request.acknowledged_at is None and not result.unreachable:
            result.attempted = True
            try:
                mailer.send(_acknowledgement(contact_request))
            except Exception as error:  # any failure leaves the acknowledgement pending
                _note_failure(result, "acknowledgement", pk, error)
            else:
                ContactRequest.objects.filter(pk=pk).update(acknowledged_at=timezone.now())
    finally:
        mailer.close()
    return result


def _note_failure(result, email, pk, error):
    description = describe_error(error)
    logger.warning("Contact request %s: %s not sent: %s", pk, email, description)
    result.mail_errors.append(f"{email}: {description}")
    result.unreachable = result.unreachable or _mail_server_unreachable(error)


def retry_delay(attempts):
    """The wait after the attempts-th failed attempt: doubled each time, 6 hours at most."""
    delay = timedelta(seconds=settings.CONTACT_SEND_RETRY_SECONDS) * 2 ** min(attempts - 1, 30)
    return min(delay, MAX_RETRY_DELAY)


def _record(contact_request, result):
    """Release the claim and note the attempt: its errors, the backoff, the final failure."""
    now = timezone.now()
    errors = result.mail_errors + result.other_errors
    updates = {"claimed_until": None, "last_error": "; ".join(errors)[:300], "updated_at": now}
    attempts = contact_request.notification_attempts
    if result.attempted:
        attempts = min(attempts + 1, ATTEMPTS_CEILING)
        updates["notification_attempts"] = attempts
    if result.mail_errors:
        if attempts >= settings.CONTACT_SEND_MAX_ATTEMPTS:
            updates.update(sending_failed_at=now, next_attempt_at=None)
            logger.error(
                "Contact request %s: emails given up after %d attempts (shown in the inbox)",
                contact_request.pk,
                attempts,
            )
        else:
            updates["next_attempt_at"] = now + retry_delay(attempts)
    else:
        # Sent, or waiting for something staff must set up (a recipient): no backoff.
        updates["next_attempt_at"] = None
    ContactRequest.objects.filter(pk=contact_request.pk).update(**updates)
    if result.unreachable:
        return Outcome.UNREACHABLE
    return Outcome.PENDING if errors else Outcome.SENT


def send_pending():
    """Send every request whose emails are due; return (due, fully sent).

    An error on one request never stops the others. When the mail server cannot be
    reached, the run stops at the first such request instead of waiting EMAIL_TIMEOUT on
    each of them: the others are tried at the next run."""
    now = timezone.now()
    given_up = (
        ContactRequest.objects.pending()
        .filter(
            sending_failed_at__isnull=True,
            notification_attempts__gte=settings.CONTACT_SEND_MAX_ATTEMPTS,
        )
        .update(sending_failed_at=now, next_attempt_at=None)
    )
    if given_up:
        logger.error("%d contact request(s) given up: too many sending attempts", given_up)
    ids = list(ContactRequest.objects.due(now).order_by("created_at").values_list("pk", flat=True))
    sent = 0
    for position, pk in enumerate(ids):
        try:
            outcome = send_notifications(pk)
        except Exception as error:  # one bad row must not stop the others
            logger.error("Contact request %s: not sent: %s", pk, describe_error(error))
            continue
        sent += outcome is Outcome.SENT
        if outcome is Outcome.UNREACHABLE:
            logger.warning(
                "Mail server unreachable: %d other contact request(s) wait for the next run",
                len(ids) - position - 1,
            )
            break
    return len(ids), sent


class BackgroundSender:
    """A thread of the web process that sends new requests' emails after the response.

    One thread and a queue per process, started on first use (and again in a forked
    gunicorn worker): however slow the mail server, no visitor's request waits for it.
    After the server was unreachable, the thread leaves requests to the retry command
    for a minute rather than queueing them behind EMAIL_TIMEOUT each."""

    PAUSE_SECONDS = 60
    QUEUE_SIZE = 1000

    def __init__(self):
        self._lock = threading.Lock()
        self._queue = None
        self._thread = None
        self._pid = None
        self._paused_until = 0.0

    def submit(self, pk):
        with self._lock:
            if self._pid != os.getpid() or not self._thread.is_alive():
                self._queue = queue.Queue(maxsize=self.QUEUE_SIZE)
                self._thread = threading.Thread(
                    target=self._run, args=(self._queue,), name="contact-emails", daemon=True
                )
                self._thread.start()
                self._pid = os.getpid()
            pending = self._queue
        try:
            pending.put_nowait(pk)
        except queue.Full:
            logger.warning("Contact request %s: left to send_pending_notifications", pk)

    def _run(self, pending):
        while True:
            pk = pending.get()
            try:
                if time.monotonic() >= self._paused_until:
                    if send_notifications(pk) is Outcome.UNREACHABLE:
                        self._paused_until = time.monotonic() + self.PAUSE_SECONDS
            except Exception as error:  # the row stays pending for the retry command
                logger.error("Contact request %s: not sent: %s", pk, describe_error(error))
            finally:
                connections.close_all()  # this thread's own connections
                pending.task_done()

    def wait(self, timeout):
        """Wait until every request handed over so far was handled; False on timeout."""
        pending = self._queue
        if pending is None or self._pid != os.getpid():
            return True
        deadline = time.monotonic() + timeout
        with pending.all_tasks_done:
            while pending.unfinished_tasks:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    return False
                pending.all_tasks_done.wait(remaining)
        return True


background_sender = BackgroundSender()


# A worker that exits (gunicorn recycles them) first finishes the email it is sending, for
# a few seconds at most; the rest stays pending for the retry command.
atexit.register(background_sender.wait, 5)
