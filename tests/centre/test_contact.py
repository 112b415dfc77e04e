"""Contact requests: saved before anything else, notified once, abuse refused with a 4xx.

In these tests the request's transaction is never committed (pytest-django's `db`), so the
background sender never runs: the emails leave through `send_pending_notifications`, as
they do whenever the background sender could not send them. test_contact_sending.py and
test_contact_concurrency.py run the background sender, in processes of their own.
"""

import re
import time
from datetime import timedelta
from io import StringIO

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.core.cache import caches
from django.core.mail.backends.base import BaseEmailBackend
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone, translation

from centre.forms import new_form_token
from centre.models import ContactRecipient, ContactRequest

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _contact_settings(settings):
    settings.CONTACT_MIN_FILL_SECONDS = 0
    settings.CONTACT_RATE_LIMIT = 5
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def recipient(db):
    return ContactRecipient.objects.create(email="moc-staff@example.org", name="MOC")


def contact_url(lang="fr"):
    with translation.override(lang):
        return reverse("centre:contact")


def thanks_url(lang="fr"):
    with translation.override(lang):
        return reverse("centre:contact_thanks")


def send_pending():
    """The retry command, as cron runs it every minute."""
    out, err = StringIO(), StringIO()
    call_command("send_pending_notifications", stdout=out, stderr=err)
    return out.getvalue() + err.getvalue()


def valid_data(**overrides):
    data = {
        "name": "Jeanne Dupont",
        "email": "jeanne@example.org",
        "phone": "+33 6 12 34 56 78",
        "sender_type": "patient",
        "subject": "Demande de rendez-vous",
        "message": "Bonjour, je souhaite un rendez-vous pour une ostéogenèse imparfaite.",
        "consent": "on",
        "website": "",
        "form_token": new_form_token(),
    }
    data.update(overrides)
    return data


def test_contact_page_shows_form_notices_and_gdpr(seeded, client):
    response = client.get(contact_url("en"))
    html = response.content.decode()
    assert response.status_code == 200
    for text in [
        "Write to us",
        "Do not send medical records",
        "MSSanté",
        "Legal basis: your consent",
        "deleted 12 months after",
        'name="consent"',
        "In case of emergency",
        'name="website"',
    ]:
        assert text in html
    assert 'aria-describedby="email-help"' in html
    assert re.search(r'<label for="id_name">', html)


def test_full_path_saves_notifies_and_acknowledges(
    seeded, client, recipient, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as handed_over:
        response = client.post(contact_url("en"), valid_data())
    assert response.status_code == 303
    assert response["Location"] == thanks_url("en")
    saved = ContactRequest.objects.get()
    assert saved.name == "Jeanne Dupont"
    assert saved.language == "en"
    assert saved.status == ContactRequest.Status.NEW
    # Nothing is sent inside the visitor's request: it is handed to the background
    # sender once committed, and stays pending (the outbox) until sent.
    assert [callback.__qualname__ for callback in handed_over].count(
        "dispatch.<locals>.<lambda>"
    ) == 1
    assert not mail.outbox
    assert list(ContactRequest.objects.pending()) == [saved]
    send_pending()
    saved.refresh_from_db()
    assert saved.notified_at and saved.acknowledged_at
    assert len(mail.outbox) == 2
    notification, acknowledgement = mail.outbox
    assert notification.to == ["moc-staff@example.org"]
    assert notification.reply_to == ["jeanne@example.org"]
    assert "ostéogenèse imparfaite" in notification.body
    assert f"/admin/centre/contactrequest/{saved.pk}/change/" in notification.body
    assert acknowledgement.to == ["jeanne@example.org"]
    assert "we have received your message" in acknowledgement.subject
    thanks = client.get(response["Location"])
    assert thanks.status_code == 200
    assert "Thank you" in thanks.content.decode()


def test_acknowledgement_is_in_the_visitors_language(seeded, client, recipient):
    client.post(contact_url("fr"), valid_data())
    send_pending()
    acknowledgement = mail.outbox[1]
    assert "nous avons bien reçu votre message" in acknowledgement.subject
    assert "Bonjour Jeanne Dupont" in acknowledgement.body


class FailingBackend(BaseEmailBackend):
    def send_messages(self, messages):
        raise ConnectionRefusedError("SMTP server down")


def make_due():
    """As if the retry delay had passed."""
    ContactRequest.objects.update(next_attempt_at=timezone.now() - timedelta(seconds=1))


def test_mail_failure_keeps_request_and_retries_exactly_once(seeded, client, recipient, settings):
    settings.EMAIL_BACKEND = f"{__name__}.FailingBackend"
    response = client.post(contact_url("fr"), valid_data())
    assert response.status_code == 303  # the visitor still sees the thank-you page
    send_pending()
    saved = ContactRequest.objects.get()
    assert saved.notified_at is None and saved.acknowledged_at is None
    assert "SMTP server down" in saved.last_error
    assert list(ContactRequest.objects.pending_notification()) == [saved]

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    send_pending()
    assert not mail.outbox  # not before the retry delay
    make_due()
    send_pending()
    assert len(mail.outbox) == 2
    saved.refresh_from_db()
    assert saved.notified_at and saved.acknowledged_at
    make_due()
    send_pending()
    assert len(mail.outbox) == 2  # never notified twice


def test_request_without_recipient_stays_pending(seeded, client):
    client.post(contact_url("fr"), valid_data())
    send_pending()
    saved = ContactRequest.objects.get()
    assert saved.notified_at is None
    assert saved.acknowledged_at is not None
    assert "aucun destinataire configuré" in saved.last_error  # staff read it, in French
    ContactRecipient.objects.create(email="later@example.org")
    send_pending()  # waiting for a recipient is no mail failure: no retry delay
    saved.refresh_from_db()
    assert saved.notified_at is not None
    assert [m.to for m in mail.outbox] == [["jeanne@example.org"], ["later@example.org"]]


def test_double_submission_creates_one_request(seeded, client, recipient):
    data = valid_data()
    first = client.post(contact_url("fr"), data)
    second = client.post(contact_url("fr"), data)
    assert first.status_code == second.status_code == 303
    assert ContactRequest.objects.count() == 1
    send_pending()
    assert len(mail.outbox) == 2


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("name", "Eve\r\nBcc: victim@example.org", "This field must fit on one line."),
        ("subject", "Hello\nBcc: victim@example.org", "This field must fit on one line."),
        ("email", "not-an-email", "Enter a valid email address."),
        ("email", "a@example.org\r\nBcc: x@example.org", "Enter a valid email address."),
        ("message", "", "This field is required."),
        ("message", "x" * 6000, "Ensure this value has at most 5000 characters"),
        ("name", "n" * 151, "Ensure this value has at most 150 characters"),
        ("subject", "s" * 201, "Ensure this value has at most 200 characters"),
        ("sender_type", "hacker", "Select a valid choice."),
        ("phone", "call me maybe", "Enter a phone number"),
        ("consent", "", "Please give your consent"),
        ("form_token", "forged", "This form has expired"),
        ("message", "null\x00byte in the message", "Null characters are not allowed."),
    ],
)
def test_bad_input_gets_400_with_clear_message_and_keeps_values(
    seeded, client, field, value, message
):
    data = valid_data(**{field: value})
    if field == "consent":
        del data["consent"]
    response = client.post(contact_url("en"), data)
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html.replace("&#x27;", "'")
    assert 'id="error-summary"' in html
    if field != "form_token":
        assert 'aria-invalid="true"' in html
    assert "Jeanne Dupont" in html or field == "name"  # entered values are kept
    assert ContactRequest.objects.count() == 0
    assert not mail.outbox


def test_errors_are_in_french_on_french_page(seeded, client):
    response = client.post(contact_url("fr"), valid_data(email="pas-une-adresse"))
    assert response.status_code == 400
    assert "Saisissez une adresse de courriel valide." in response.content.decode()


def test_html_and_unicode_are_kept_as_plain_text(seeded, client, recipient, staff_client):
    message = "<script>alert('x')</script> Ça va ? 😀 مرحبا — שלום"
    client.post(contact_url("fr"), valid_data(message=message, name="Zoë <b>Ñ</b>"))
    saved = ContactRequest.objects.get()
    assert saved.message == message
    assert saved.name == "Zoë <b>Ñ</b>"
    page = staff_client.get(reverse("admin:centre_contactrequest_change", args=[saved.pk]))
    html = page.content.decode()
    assert "<script>alert(" not in html
    assert "&lt;script&gt;alert(" in html
    assert "😀 مرحبا — שלום" in html


def test_rate_limit_per_address(seeded, client, recipient, settings):
    settings.CONTACT_RATE_LIMIT = 2
    for _ in range(2):
        assert client.post(contact_url("en"), valid_data()).status_code == 303
    response = client.post(contact_url("en"), valid_data(), REMOTE_ADDR="127.0.0.1")
    assert response.status_code == 429
    assert "Too many messages" in response.content.decode()
    assert "Jeanne Dupont" in response.content.decode()
    assert ContactRequest.objects.count() == 2
    other = client.post(contact_url("en"), valid_data(), REMOTE_ADDR="10.9.8.7")
    assert other.status_code == 303


def test_rate_limit_survives_the_caches_being_emptied(seeded, client, recipient, settings):
    """Junk query strings once evicted the counters from the shared cache: they now live
    in the database, which no cache eviction, flush or restart reaches."""
    settings.CONTACT_RATE_LIMIT = 2
    for _ in range(2):
        assert client.post(contact_url("en"), valid_data()).status_code == 303
    for index in range(50):
        client.get(f"/en/?utm_campaign=junk{index}")
    for alias in settings.CACHES:
        caches[alias].clear()
    response = client.post(contact_url("en"), valid_data())
    assert response.status_code == 429
    assert ContactRequest.objects.count() == 2


def test_rate_limit_window_ends(seeded, client, recipient, settings):
    from centre.models.contact import ContactRateLimit

    settings.CONTACT_RATE_LIMIT = 1
    assert client.post(contact_url("en"), valid_data()).status_code == 303
    assert client.post(contact_url("en"), valid_data()).status_code == 429
    counter = ContactRateLimit.objects.get()
    assert counter.count == 1 and "127.0.0.1" not in counter.key  # no address stored
    ContactRateLimit.objects.update(
        window_started_at=timezone.now() - timedelta(seconds=settings.CONTACT_RATE_WINDOW + 1)
    )
    assert client.post(contact_url("en"), valid_data()).status_code == 303
    assert ContactRequest.objects.count() == 2


def test_huge_body_gets_413(seeded, client, settings):
    settings.CONTACT_MAX_BODY_BYTES = 1000
    response = client.post(contact_url("en"), valid_data(message="x" * 5000))
    assert response.status_code == 413
    assert "Message too long" in response.content.decode()
    assert ContactRequest.objects.count() == 0


def test_too_many_fields_gets_translated_400(seeded, client):
    data = valid_data()
    data.update({f"f{i}": "x" for i in range(1200)})
    response = client.post(contact_url("fr"), data)
    assert response.status_code in (400, 413)
    assert ContactRequest.objects.count() == 0


def test_missing_csrf_token_gets_translated_403(seeded):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    response = strict.post(contact_url("en"), valid_data())
    assert response.status_code == 403
    html = response.content.decode()
    assert "The form could not be sent" in html
    assert '<html lang="en"' in html


def test_thanks_page_sends_nothing(seeded, client, recipient):
    client.post(contact_url("fr"), valid_data())
    send_pending()
    for _ in range(2):
        assert client.get(thanks_url("fr")).status_code == 200
    assert ContactRequest.objects.count() == 1
    assert len(mail.outbox) == 2


def test_purge_respects_retention_and_dry_run(seeded, settings):
    settings.CONTACT_RETENTION_DAYS = 365
    now = timezone.now()
    for days, sid in [(400, "old"), (10, "recent")]:
        ContactRequest.objects.create(
            name="A",
            email="a@example.org",
            sender_type="other",
            subject="S",
            message="M",
            consent_at=now,
            submission_id=sid,
            created_at=now - timedelta(days=days),
        )
    out = StringIO()
    call_command("purge_contact_requests", "--dry-run", stdout=out)
    assert "1 contact request(s)" in out.getvalue()
    assert ContactRequest.objects.count() == 2
    call_command("purge_contact_requests", stdout=StringIO())
    assert list(ContactRequest.objects.values_list("submission_id", flat=True)) == ["recent"]


def test_privacy_page_states_retention(seeded, client, settings):
    settings.CONTACT_RETENTION_DAYS = 365
    html = client.get(reverse("centre:privacy")).content.decode()
    assert 'id="contact-form"' in html
    assert "12 mois" in html


def make_handler(django_user_model):
    user = django_user_model.objects.create_user(
        "handler", "h@example.org", "pw-123456789", is_staff=True
    )
    user.groups.add(Group.objects.get(name="Contact handlers"))
    return user


def test_contact_handlers_group_has_exactly_triage_permissions(db):
    group = Group.objects.get(name="Contact handlers")
    assert sorted(group.permissions.values_list("codename", flat=True)) == [
        "change_contactrequest",
        "view_contactrequest",
    ]


def test_handler_can_triage_but_not_edit_content(seeded, client, django_user_model):
    saved = ContactRequest.objects.create(
        name="A",
        email="a@example.org",
        sender_type="other",
        subject="Sujet",
        message="M",
        consent_at=timezone.now(),
        submission_id="x1",
    )
    handler = make_handler(django_user_model)
    client.force_login(handler)
    index = client.get(reverse("admin:index")).content.decode()
    assert 'id="contact-requests-summary"' in index
    assert "<strong>1</strong>" in index
    changelist = client.get(reverse("admin:centre_contactrequest_changelist"))
    assert changelist.status_code == 200
    assert "Sujet" in changelist.content.decode()
    response = client.post(
        reverse("admin:centre_contactrequest_change", args=[saved.pk]),
        {"status": "in_progress", "assigned_to": handler.pk, "internal_notes": "Rappeler"},
    )
    assert response.status_code == 302
    saved.refresh_from_db()
    assert (saved.status, saved.assigned_to, saved.internal_notes) == (
        "in_progress",
        handler,
        "Rappeler",
    )
    assert saved.message == "M"  # the message itself cannot be changed
    assert client.get(reverse("admin:centre_mission_changelist")).status_code == 403
    assert (
        client.get(reverse("admin:centre_contactrequest_delete", args=[saved.pk])).status_code
        == 403
    )


def test_anonymous_visitor_cannot_see_the_inbox(client):
    response = client.get(reverse("admin:centre_contactrequest_changelist"))
    assert response.status_code == 302


def test_fill_time_uses_token_timestamp(settings):
    from centre.forms import read_form_token

    token = new_form_token()
    shown_at, unique = read_form_token(token)
    assert abs(shown_at - time.time()) < 5
    assert len(unique) == 24
    assert read_form_token(token + "x") is None


def test_quick_resend_after_an_error_is_not_taken_for_a_bot(seeded, client, recipient, settings):
    """A person who fixes an error and sends again at once is not a bot: the fresh token
    of the error page keeps the time the form was first shown."""
    settings.CONTACT_MIN_FILL_SECONDS = 30
    shown_long_ago = new_form_token(shown_at=time.time() - 120)
    response = client.post(contact_url("fr"), valid_data(consent="", form_token=shown_long_ago))
    assert response.status_code == 400
    token = re.search(r'name="form_token" value="([^"]+)"', response.content.decode()).group(1)
    response = client.post(contact_url("fr"), valid_data(form_token=token))
    assert response.status_code == 303
    assert ContactRequest.objects.count() == 1


def test_same_form_resent_with_other_content_is_refused_then_saved(seeded, client, recipient):
    """Back button, edit, send again: the token was used already, so nothing is saved under
    it a second time; the visitor is told so (409) and gets the form back, values kept and
    a fresh token, and sending that saves the new message."""
    data = valid_data()
    assert client.post(contact_url("en"), data).status_code == 303
    edited = {**data, "message": "Finally, another question about my treatment."}
    response = client.post(contact_url("en"), edited)
    assert response.status_code == 409
    html = response.content.decode()
    assert "This form has already been sent" in html
    assert "another question about my treatment" in html
    assert ContactRequest.objects.count() == 1
    token = re.search(r'name="form_token" value="([^"]+)"', html).group(1)
    assert token != data["form_token"]
    assert client.post(contact_url("en"), {**edited, "form_token": token}).status_code == 303
    assert sorted(ContactRequest.objects.values_list("message", flat=True)) == sorted(
        [data["message"], edited["message"]]
    )


def test_reused_token_message_is_translated(seeded, client, recipient):
    data = valid_data()
    client.post(contact_url("fr"), data)
    response = client.post(contact_url("fr"), {**data, "subject": "Autre sujet"})
    assert response.status_code == 409
    assert "Ce formulaire a déjà été envoyé" in response.content.decode()


def test_failure_of_the_background_sender_still_thanks_and_keeps_request(
    seeded, client, recipient, monkeypatch, django_capture_on_commit_callbacks
):
    def broken(pk):
        raise RuntimeError("mail system exploded")

    monkeypatch.setattr("centre.notifications.background_sender.submit", broken)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(contact_url("fr"), valid_data())
    assert response.status_code == 303
    assert response["Location"] == thanks_url("fr")
    assert ContactRequest.objects.pending_notification().count() == 1
    send_pending()
    assert len(mail.outbox) == 2
