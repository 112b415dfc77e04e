"""Contact-request emails: a capped retry queue with backoff that no bad row can block,
failures staff can see, and logs without messages or visitors' addresses.

The mail servers are stand-ins the tests start on a free loopback port (StandInSMTP).
"""

import email
import email.policy
import logging
import smtplib
import socket
import subprocess
import sys
import threading
import time
from datetime import timedelta
from pathlib import Path

import pytest
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.urls import reverse
from django.utils import timezone

from centre import notifications
from centre.models import ContactRecipient, ContactRequest
from tests.centre.test_contact import (  # noqa: F401 (fixtures)
    _contact_settings,
    contact_url,
    send_pending,
    valid_data,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def recipient(db):
    return ContactRecipient.objects.create(email="moc-staff@example.org", name="MOC")


BASE_DIR = Path(__file__).resolve().parents[2]


class StandInSMTP:
    """A mail server on a free loopback port, in threads of the test's own process.

    hang=True: it accepts the TCP connection and never says a word (a hung server).
    Otherwise it speaks enough SMTP for smtplib, keeps every message, refuses the
    recipients in `refuse` as a real server does (their address in the reply), and waits
    `delay` seconds before accepting each message (a slow server)."""

    def __init__(self, hang=False, delay=0.0, refuse=()):
        self.hang, self.delay, self.refuse = hang, delay, set(refuse)
        self.messages = []
        self._lock = threading.Lock()
        self._connections = []
        self._listener = socket.create_server(("127.0.0.1", 0), backlog=64)
        self.port = self._listener.getsockname()[1]
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self):
        while True:
            try:
                connection, _address = self._listener.accept()
            except OSError:  # closed
                return
            self._connections.append(connection)
            if not self.hang:
                threading.Thread(target=self._serve, args=(connection,), daemon=True).start()

    def _serve(self, connection):
        reader = connection.makefile("rb")

        def reply(line):
            connection.sendall(line.encode() + b"\r\n")

        try:
            reply("220 stand-in ESMTP")
            recipients = []
            for raw in reader:
                line = raw.decode("utf-8", "replace").strip()
                verb = line[:4].upper()
                if verb in ("EHLO", "HELO"):
                    reply("250 stand-in")
                elif verb == "MAIL":
                    recipients = []
                    reply("250 2.1.0 OK")
                elif verb == "RCPT":
                    address = line.partition(":")[2].strip().strip("<>")
                    if address in self.refuse:
                        reply(f"550 5.1.1 <{address}>: Recipient address rejected")
                    else:
                        recipients.append(address)
                        reply("250 2.1.5 OK")
                elif verb == "DATA":
                    reply("354 End data with <CR><LF>.<CR><LF>")
                    data = b"".join(iter(lambda: reader.readline(), b".\r\n"))
                    time.sleep(self.delay)
                    with self._lock:
                        self.messages.append(
                            (
                                recipients,
                                email.message_from_bytes(data, policy=email.policy.default),
                            )
                        )
                    reply("250 2.0.0 queued")
                elif verb == "QUIT":
                    reply("221 2.0.0 bye")
                    break
                else:  # RSET, NOOP
                    reply("250 2.0.0 OK")
        except OSError:
            pass
        finally:
            connection.close()

    def sent_to(self):
        with self._lock:
            return sorted(
                address for recipients, _message in self.messages for address in recipients
            )

    def close(self):
        self._listener.close()
        for connection in self._connections:
            try:
                connection.close()
            except OSError:
                pass


@pytest.fixture
def smtp_settings(settings):
    def use(server):
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST = "127.0.0.1"
        settings.EMAIL_PORT = server.port
        settings.EMAIL_USE_TLS = False
        settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
        settings.EMAIL_TIMEOUT = 1
        return server

    servers = []
    yield lambda server: servers.append(server) or use(server)
    for server in servers:
        server.close()


def make_due():
    """As if the retry delay had passed."""
    ContactRequest.objects.filter(next_attempt_at__isnull=False).update(
        next_attempt_at=timezone.now() - timedelta(seconds=1)
    )


class FailingBackend(BaseEmailBackend):
    def send_messages(self, messages):
        raise ConnectionRefusedError("SMTP server down")


# Item 3: capped attempts, exponential backoff, the final failure visible to staff ---------


def test_attempts_back_off_then_give_up_and_staff_see_it(
    seeded, client, recipient, settings, staff_client
):
    settings.CONTACT_SEND_MAX_ATTEMPTS = 4
    settings.CONTACT_SEND_RETRY_SECONDS = 60
    settings.EMAIL_BACKEND = f"{__name__}.FailingBackend"
    assert client.post(contact_url("fr"), valid_data()).status_code == 303
    saved = ContactRequest.objects.get()
    delays = []
    for _ in range(10):  # far more runs than attempts: the cap holds
        send_pending()
        saved.refresh_from_db()
        if saved.next_attempt_at:
            delays.append(round((saved.next_attempt_at - saved.updated_at).total_seconds()))
        send_pending()  # at once: still waiting, no attempt
        assert ContactRequest.objects.get().notification_attempts == saved.notification_attempts
        make_due()
    saved.refresh_from_db()
    assert delays == [60, 120, 240]  # doubled after each failure
    assert saved.notification_attempts == 4
    assert saved.sending_failed_at is not None
    assert "SMTP server down" in saved.last_error
    assert list(ContactRequest.objects.sending_failed()) == [saved]

    inbox = reverse("admin:centre_contactrequest_changelist")
    html = staff_client.get(inbox).content.decode()
    assert 'id="contact-sending-failed"' in html
    assert "n’ont pas pu être envoyés, même après plusieurs tentatives" in html
    failed = staff_client.get(inbox + "?emails=failed").content.decode()
    assert saved.subject in failed

    # Once the server works again, staff send them again: sent once, and only once.
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    response = staff_client.post(
        inbox, {"action": "send_again", "_selected_action": [saved.pk]}, follow=True
    )
    assert response.status_code == 200
    saved.refresh_from_db()
    assert saved.sending_failed_at is None and saved.notification_attempts == 0
    send_pending()
    send_pending()
    assert [message.to for message in mail.outbox] == [
        ["moc-staff@example.org"],
        ["jeanne@example.org"],
    ]
    assert 'id="contact-sending-failed"' not in staff_client.get(inbox).content.decode()


def test_a_request_that_breaks_sending_does_not_stop_the_others(
    seeded, client, recipient, monkeypatch
):
    for index in range(3):
        data = valid_data(email=f"visitor{index}@example.org", subject=f"Question {index}")
        assert client.post(contact_url("fr"), data).status_code == 303
    bad = ContactRequest.objects.get(subject="Question 0")  # the first in line
    real = notifications.send_notifications

    def fails_for_one(pk):
        if pk == bad.pk:
            raise RuntimeError("database hiccup on this row")
        return real(pk)

    monkeypatch.setattr(notifications, "send_notifications", fails_for_one)
    output = send_pending()  # no exception: the command ends normally
    assert "3 contact request(s) due, 2 fully sent" in output
    sent = sorted(address for message in mail.outbox for address in message.to)
    assert sent.count("moc-staff@example.org") == 2
    assert "visitor1@example.org" in sent and "visitor2@example.org" in sent
    assert "visitor0@example.org" not in sent


def test_an_error_inside_one_request_is_recorded_on_it(seeded, client, recipient, monkeypatch):
    for index in range(2):
        data = valid_data(email=f"visitor{index}@example.org", subject=f"Question {index}")
        client.post(contact_url("fr"), data)
    real = notifications._acknowledgement

    def broken_for_visitor0(contact_request):
        if contact_request.email == "visitor0@example.org":
            raise ValueError("template exploded")
        return real(contact_request)

    monkeypatch.setattr(notifications, "_acknowledgement", broken_for_visitor0)
    send_pending()
    broken = ContactRequest.objects.get(email="visitor0@example.org")
    fine = ContactRequest.objects.get(email="visitor1@example.org")
    assert broken.notified_at and broken.acknowledged_at is None
    assert "template exploded" in broken.last_error
    assert broken.notification_attempts == 1 and broken.next_attempt_at is not None
    assert fine.notified_at and fine.acknowledged_at


def test_a_poisoned_row_is_given_up_and_never_resent(seeded, client, recipient):
    """The row of the issue: 32,767 attempts (the column's maximum), its acknowledgement
    already sent before the save failed. It is given up, not sent again; the others go."""
    client.post(contact_url("fr"), valid_data(email="poisoned@example.org"))
    client.post(contact_url("fr"), valid_data(email="fine@example.org"))
    ContactRequest.objects.filter(email="poisoned@example.org").update(notification_attempts=32767)
    send_pending()
    send_pending()
    poisoned = ContactRequest.objects.get(email="poisoned@example.org")
    assert poisoned.sending_failed_at is not None
    assert poisoned.notification_attempts == 32767
    sent = sorted(address for message in mail.outbox for address in message.to)
    assert sent == ["fine@example.org", "moc-staff@example.org"]


def test_unreachable_server_stops_the_run_at_the_first_request(
    seeded, client, recipient, smtp_settings
):
    """A hung server costs one EMAIL_TIMEOUT per run, not one per pending request."""
    for index in range(4):
        client.post(contact_url("fr"), valid_data(email=f"v{index}@example.org"))
    smtp_settings(StandInSMTP(hang=True))
    started = time.monotonic()
    send_pending()
    assert time.monotonic() - started < 3  # EMAIL_TIMEOUT is 1 s
    attempts = sorted(ContactRequest.objects.values_list("notification_attempts", flat=True))
    assert attempts == [0, 0, 0, 1]
    tried = ContactRequest.objects.get(notification_attempts=1)
    assert "SMTPServerDisconnected" in tried.last_error or "timed out" in tried.last_error
    assert tried.notified_at is None and tried.acknowledged_at is None


# Item 5: logs without message bodies or visitors' addresses -------------------------------


def test_smtp_errors_do_not_log_the_visitors_address(
    seeded, client, recipient, smtp_settings, caplog
):
    server = smtp_settings(StandInSMTP(refuse={"secret.visitor@example.org"}))
    client.post(contact_url("fr"), valid_data(email="secret.visitor@example.org"))
    with caplog.at_level(logging.DEBUG):
        send_pending()
    saved = ContactRequest.objects.get()
    assert saved.notified_at is not None  # the staff notification went through
    assert saved.acknowledged_at is None
    assert "SMTPRecipientsRefused" in saved.last_error and "550" in saved.last_error
    assert server.sent_to() == ["moc-staff@example.org"]
    assert "acknowledgement not sent" in caplog.text
    assert "secret.visitor" not in caplog.text
    assert "secret.visitor" not in saved.last_error


def test_default_backend_delivers_nothing_says_so_and_logs_no_message(
    seeded, client, recipient, settings, caplog, capsys
):
    """Django's console backend printed every message (the visitor's text, health data
    included) into the logs and let requests be marked notified: the default backend
    does neither, and `check --deploy` warns about it (test_deploy_check_*)."""
    settings.EMAIL_BACKEND = "centre.notifications.NoDeliveryEmailBackend"
    message = "Mon traitement par bisphosphonates me cause des douleurs, marqueur-7f3a."
    client.post(contact_url("fr"), valid_data(message=message, email="private@example.org"))
    capsys.readouterr()
    with caplog.at_level(logging.DEBUG):
        send_pending()
    captured = capsys.readouterr()
    logged = caplog.text + captured.out + captured.err
    assert "no EMAIL_BACKEND is configured" in logged
    for secret in ("marqueur-7f3a", "bisphosphonates", "private@example.org", "moc-staff@"):
        assert secret not in logged
    saved = ContactRequest.objects.get()
    assert saved.notified_at is None and saved.acknowledged_at is None  # not marked sent
    assert "NotDelivered" in saved.last_error


def test_describe_error_hides_addresses():
    refused = smtplib.SMTPRecipientsRefused(
        {"a.person@example.org": (550, b"5.1.1 <a.person@example.org>: unknown user")}
    )
    assert notifications.describe_error(refused) == "SMTPRecipientsRefused: recipient refused (550)"
    sender = smtplib.SMTPSenderRefused(553, b"<moc@example.org> not allowed", "moc@example.org")
    assert "@" not in notifications.describe_error(sender)
    assert "@" not in notifications.describe_error(
        ValueError("Invalid address x@y.org\nBcc: z@w.org")
    )


def deploy_check(**env):
    from tests.site.test_security import production_env

    environment = production_env(**env)
    for name in ("EMAIL_BACKEND", "EMAIL_HOST", "EMAIL_TIMEOUT", "DEFAULT_FROM_EMAIL"):
        if name not in env:
            environment.pop(name, None)
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy"],
        cwd=BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )
    return result.stdout + result.stderr


def test_deploy_check_warns_when_production_would_deliver_no_email():
    output = deploy_check()
    assert "mocsite.W001" in output  # the default backend delivers nothing
    assert "mocsite.W003" in output  # webmaster@localhost
    output = deploy_check(EMAIL_BACKEND="django.core.mail.backends.console.EmailBackend")
    assert "mocsite.W001" in output


def test_deploy_check_is_quiet_with_smtp_settings():
    output = deploy_check(
        EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
        EMAIL_HOST="smtp.example.org",
        DEFAULT_FROM_EMAIL="MOC <contact@moc.example.org>",
    )
    assert "mocsite.W" not in output
    output = deploy_check(
        EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
        EMAIL_TIMEOUT="0",
        DEFAULT_FROM_EMAIL="contact@moc.example.org",
    )
    assert "mocsite.W002" in output
