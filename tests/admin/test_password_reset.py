"""« Mot de passe oublié ? » on the admin sign-in: Django's password reset, rate limited,
saying nothing about which accounts exist; the lock-out page says how long it lasts."""

import re

import pytest
from django.core import mail
from django.test import Client

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(django_user_model):
    return django_user_model.objects.create_user(
        "editor", "editor@example.org", "an-old-long-password", is_staff=True
    )


def ask(client, email, address="192.0.2.10"):
    return client.post("/admin/password_reset/", {"email": email}, REMOTE_ADDR=address, follow=True)


def test_sign_in_page_links_to_the_reset_in_french():
    html = Client().get("/admin/login/").content.decode()
    assert '<a href="/admin/password_reset/">Mot de passe oublié\u00a0?</a>' in html


def test_reset_by_email_then_sign_in_with_the_new_password(editor):
    client = Client()
    response = ask(client, "editor@example.org")
    assert response.status_code == 200
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["editor@example.org"]
    link = re.search(r"https?://[^/]+(/admin/reset/\S+/)", mail.outbox[0].body).group(1)
    page = client.get(link, follow=True)
    assert page.status_code == 200
    form_url = page.redirect_chain[-1][0] if page.redirect_chain else link
    done = client.post(
        form_url,
        {
            "new_password1": "a-brand-new-long-passphrase",
            "new_password2": "a-brand-new-long-passphrase",
        },
        follow=True,
    )
    assert done.status_code == 200
    assert "/admin/reset/done/" in done.redirect_chain[-1][0]
    editor.refresh_from_db()
    assert editor.check_password("a-brand-new-long-passphrase")


def test_same_answer_whether_the_account_exists_or_not(editor, django_user_model):
    django_user_model.objects.create_user("visitor", "visitor@example.org", "x-long-password")
    known = ask(Client(), "editor@example.org", address="192.0.2.1")
    unknown = ask(Client(), "nobody@example.org", address="192.0.2.2")
    not_staff = ask(Client(), "visitor@example.org", address="192.0.2.3")
    assert len(mail.outbox) == 1  # only the staff account gets an e-mail

    def text(response):
        html = response.content.decode()
        return re.sub(r"\s+", " ", re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html))

    assert known.redirect_chain == unknown.redirect_chain == not_staff.redirect_chain
    assert text(known) == text(unknown) == text(not_staff)


def test_rate_limited_per_email_address(editor, settings):
    settings.PASSWORD_RESET_LIMIT_PER_EMAIL = 2
    answers = [ask(Client(), "editor@example.org", address=f"192.0.2.{n}") for n in range(4)]
    assert len(mail.outbox) == 2
    assert {a.redirect_chain[-1][0] for a in answers} == {"/admin/password_reset/done/"}


def test_rate_limited_per_client_address(editor, django_user_model, settings):
    settings.PASSWORD_RESET_LIMIT_PER_ADDRESS = 2
    for n in range(3):
        django_user_model.objects.create_user(f"u{n}", f"u{n}@example.org", "x", is_staff=True)
    for n in range(3):
        ask(Client(), f"u{n}@example.org", address="198.51.100.7")
    assert len(mail.outbox) == 2
    ask(Client(), "editor@example.org", address="198.51.100.8")  # another address
    assert len(mail.outbox) == 3
