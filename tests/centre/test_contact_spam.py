"""Spam signals keep a message, never drop it: a visitor who was thanked finds their
message stored. Suspected spam is kept out of the notifications and of the default inbox
view, shown under its own filter, released by staff, and purged sooner."""

import time
from datetime import timedelta
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from centre.forms import new_form_token
from centre.models import ContactRecipient, ContactRequest
from tests.centre.test_contact import (  # noqa: F401 (fixtures)
    _contact_settings,
    contact_url,
    make_handler,
    send_pending,
    thanks_url,
    valid_data,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def recipient(db):
    return ContactRecipient.objects.create(email="moc-staff@example.org", name="MOC")


INBOX = "admin:centre_contactrequest_changelist"


def test_a_fast_persons_message_is_kept_as_suspected_spam(
    seeded, client, recipient, settings, django_capture_on_commit_callbacks
):
    """Autofill and a pasted message take under CONTACT_MIN_FILL_SECONDS: the message
    is stored, flagged, and sent nowhere until staff release it."""
    settings.CONTACT_MIN_FILL_SECONDS = 3
    data = valid_data(form_token=new_form_token(shown_at=time.time() - 1))
    with django_capture_on_commit_callbacks() as handed_over:
        response = client.post(contact_url("fr"), data)
    assert response.status_code == 303
    assert response["Location"] == thanks_url("fr")
    saved = ContactRequest.objects.get()
    assert saved.message == data["message"]
    assert saved.status == ContactRequest.Status.SUSPECTED
    assert saved.spam_reasons == "too_fast"
    assert not [c for c in handed_over if "dispatch" in c.__qualname__]  # not sent
    send_pending()
    assert not mail.outbox  # neither staff nor the (maybe forged) address get an email


def test_a_filled_honeypot_is_kept_flagged(seeded, client, recipient):
    response = client.post(contact_url("fr"), valid_data(website="http://spam.example"))
    assert response.status_code == 303
    saved = ContactRequest.objects.get()
    assert saved.status == ContactRequest.Status.SUSPECTED
    assert saved.spam_reasons == "honeypot"
    send_pending()
    assert not mail.outbox


def test_a_slow_message_is_not_suspected(seeded, client, recipient, settings):
    settings.CONTACT_MIN_FILL_SECONDS = 3
    data = valid_data(form_token=new_form_token(shown_at=time.time() - 4))
    client.post(contact_url("fr"), data)
    assert ContactRequest.objects.get().status == ContactRequest.Status.NEW


def test_suspected_spam_is_out_of_the_inbox_and_staff_release_it(
    seeded, client, recipient, settings, django_user_model
):
    settings.CONTACT_MIN_FILL_SECONDS = 30
    client.post(contact_url("fr"), valid_data(subject="Rendez-vous rapide"))
    settings.CONTACT_MIN_FILL_SECONDS = 0
    client.post(contact_url("fr"), valid_data(subject="Question ordinaire"))
    suspected = ContactRequest.objects.get(subject="Rendez-vous rapide")

    staff = client
    staff.force_login(make_handler(django_user_model))  # the Contact handlers group
    inbox = staff.get(reverse(INBOX)).content.decode()
    assert "Question ordinaire" in inbox
    assert "Rendez-vous rapide" not in inbox  # the default view hides it
    assert 'id="contact-suspected"' in inbox  # but says it is there
    index = staff.get(reverse("admin:index")).content.decode()
    assert "<strong>1</strong>" in index  # one new request: the suspected one is not counted
    filtered = staff.get(reverse(INBOX) + "?status__exact=suspected").content.decode()
    assert "Rendez-vous rapide" in filtered and "Question ordinaire" not in filtered
    change = staff.get(reverse("admin:centre_contactrequest_change", args=[suspected.pk]))
    assert "envoyé trop vite après l’affichage du formulaire" in change.content.decode()

    send_pending()
    assert [message.to for message in mail.outbox] == [
        ["moc-staff@example.org"],
        ["jeanne@example.org"],
    ]  # the ordinary request only
    # The action is sent from the filtered page, as the browser does.
    response = staff.post(
        reverse(INBOX) + "?status__exact=suspected",
        {"action": "release", "_selected_action": [suspected.pk]},
        follow=True,
    )
    assert "1 demande remise dans la boîte de réception" in response.content.decode()
    suspected.refresh_from_db()
    assert suspected.status == ContactRequest.Status.NEW
    send_pending()
    assert len(mail.outbox) == 4
    assert "Rendez-vous rapide" in mail.outbox[2].subject
    assert "Rendez-vous rapide" in staff.get(reverse(INBOX)).content.decode()


def test_staff_marked_spam_is_never_notified(seeded, client, recipient, staff_client):
    client.post(contact_url("fr"), valid_data())
    saved = ContactRequest.objects.get()
    staff_client.post(reverse(INBOX), {"action": "mark_spam", "_selected_action": [saved.pk]})
    send_pending()
    assert not mail.outbox


def test_spam_is_purged_sooner(seeded, settings):
    settings.CONTACT_RETENTION_DAYS = 365
    settings.CONTACT_SPAM_RETENTION_DAYS = 30
    now = timezone.now()
    for days, status, sid in [
        (40, ContactRequest.Status.SUSPECTED, "old-suspected"),
        (40, ContactRequest.Status.SPAM, "old-spam"),
        (10, ContactRequest.Status.SUSPECTED, "recent-suspected"),
        (40, ContactRequest.Status.NEW, "old-but-kept"),
        (400, ContactRequest.Status.ANSWERED, "past-retention"),
    ]:
        ContactRequest.objects.create(
            name="A",
            email="a@example.org",
            sender_type="other",
            subject="S",
            message="M",
            consent_at=now,
            submission_id=sid,
            status=status,
            created_at=now - timedelta(days=days),
        )
    out = StringIO()
    call_command("purge_contact_requests", stdout=out)
    assert "3 contact request(s) deleted (1 older than 365 days, 2 spam" in out.getvalue()
    assert sorted(ContactRequest.objects.values_list("submission_id", flat=True)) == [
        "old-but-kept",
        "recent-suspected",
    ]
