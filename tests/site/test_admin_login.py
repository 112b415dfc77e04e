"""Admin sign-in behind the reverse proxy: one client-address rule, lock-outs by username
*and* address that say how long they last, and the one-step second factor (issue 12, items
6 and 12). Every sign-in goes through the real admin login form."""

import re
from datetime import timedelta

import pytest
from axes.helpers import get_client_ip_address
from axes.models import AccessAttempt
from django.db.models import F
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from centre import contact
from mocsite.client import client_address

pytestmark = pytest.mark.django_db

PROXY = "10.0.0.2"  # nginx, as gunicorn sees it
HOSPITAL = "203.0.113.7"  # a hospital's shared outgoing address
PASSWORD = "correct-horse-battery"


@pytest.fixture(autouse=True)
def behind_proxy(settings):
    settings.BEHIND_PROXY = True
    settings.AXES_FAILURE_LIMIT = 5
    settings.AXES_COOLOFF_TIME = 1


@pytest.fixture
def editor(django_user_model):
    return django_user_model.objects.create_user(
        "editor", "editor@example.org", PASSWORD, is_staff=True, is_superuser=True
    )


@pytest.fixture
def colleague(django_user_model):
    return django_user_model.objects.create_user(
        "colleague", "colleague@example.org", PASSWORD, is_staff=True, is_superuser=True
    )


def sign_in(client, username, password, address=HOSPITAL, forged="198.18.0.1", **fields):
    """POST the admin login form through nginx, which appends the visitor's address to
    whatever X-Forwarded-For the visitor sent."""
    return client.post(
        reverse("admin:login"),
        {"username": username, "password": password, **fields},
        headers={"x-forwarded-for": f"{forged}, {address}"},
        REMOTE_ADDR=PROXY,
    )


def fail_five_times(client, username, address=HOSPITAL):
    for attempt in range(5):
        response = sign_in(client, username, "wrong", address, forged=f"192.0.2.{attempt}")
    return response


def signed_in(client):
    return client.get(reverse("admin:index")).status_code == 200


# The client-address rule


def request_from(remote_addr, forwarded=None):
    headers = {} if forwarded is None else {"x-forwarded-for": forwarded}
    return RequestFactory().get("/", REMOTE_ADDR=remote_addr, headers=headers)


@pytest.mark.parametrize(
    ("forwarded", "expected"),
    [
        (f"forged, {HOSPITAL}", HOSPITAL),
        (f"forged,{HOSPITAL}", HOSPITAL),
        (f"  {HOSPITAL}  ", HOSPITAL),
        ("unknown, 2001:DB8:0::1", "2001:db8::1"),
        ("[2001:db8::1]:443", "2001:db8::1"),
        (f"{HOSPITAL}:51234", HOSPITAL),
        ("::ffff:203.0.113.7", HOSPITAL),
        # Nothing usable from the proxy: the proxy's own address, never garbage.
        (None, PROXY),
        ("", PROXY),
        ("   ", PROXY),
        (f"{HOSPITAL}, ", PROXY),
        ("not-an-address", PROXY),
        ("fe80::1%eth0", PROXY),
        ("x" * 5000, PROXY),
    ],
)
def test_client_address_behind_the_proxy(forwarded, expected):
    assert client_address(request_from(PROXY, forwarded)) == expected


def test_client_address_without_proxy_ignores_forwarded_for(settings):
    settings.BEHIND_PROXY = False
    assert client_address(request_from("192.0.2.5", HOSPITAL)) == "192.0.2.5"
    assert client_address(request_from("2001:DB8::5")) == "2001:db8::5"
    assert client_address(request_from("")) == ""


def test_axes_and_the_contact_rate_limit_use_the_same_address(settings):
    settings.CONTACT_RATE_LIMIT = 2
    request = request_from(PROXY, f"forged, {HOSPITAL}")
    assert get_client_ip_address(request) == client_address(request) == HOSPITAL
    for forged in ("192.0.2.1", "192.0.2.2"):
        contact.count_submission(request_from(PROXY, f"{forged}, {HOSPITAL}"))
    # A forged first entry does not reset the count; another visitor has their own.
    assert contact.is_rate_limited(request_from(PROXY, f"192.0.2.3, {HOSPITAL}"))
    assert not contact.is_rate_limited(request_from(PROXY, f"{HOSPITAL}, 198.51.100.4"))


# Lock-outs (django-axes)


def test_random_usernames_lock_nobody_else(client, editor):
    for attempt in range(5):
        sign_in(client, f"guess-{attempt}", "password", forged=f"192.0.2.{attempt}")
    assert sign_in(client, "editor", PASSWORD).status_code == 302
    assert signed_in(client)


def test_typos_lock_only_that_person_at_that_address(client, editor, colleague):
    response = fail_five_times(client, "editor")
    assert response.status_code == 429
    # Counted against the visitor, not the proxy, whatever the visitor put first.
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {HOSPITAL}
    assert sign_in(client, "editor", PASSWORD).status_code == 429
    assert sign_in(client, "editor", PASSWORD, forged="192.0.2.99").status_code == 429
    # The colleague behind the same address, and the editor from home, still get in.
    assert sign_in(client, "colleague", PASSWORD).status_code == 302
    client.logout()
    assert sign_in(client, "editor", PASSWORD, address="198.51.100.9").status_code == 302


def test_lockout_page_says_when_sign_in_reopens(client, editor):
    response = fail_five_times(client, "editor")
    attempt = AccessAttempt.objects.get()
    reopens = timezone.localtime(attempt.attempt_time + timedelta(hours=1)).strftime("%H:%M")
    text = " ".join(response.content.decode().split())
    assert "Connexion temporairement bloquée" in text
    assert f"Vous pourrez vous reconnecter à {reopens}, dans 59 minutes" in text
    assert "MOC" in text  # the admin's own header, not Django's

    response = client.post(
        reverse("admin:login"),
        {"username": "editor", "password": PASSWORD},
        headers={"x-forwarded-for": HOSPITAL, "accept-language": "en"},
        REMOTE_ADDR=PROXY,
    )
    text = " ".join(response.content.decode().split())
    assert response.status_code == 429
    assert "Sign-in temporarily blocked" in text
    assert "You can sign in again at" in text
    assert "in 59 minutes" in text


def test_refused_attempts_do_not_extend_the_lock(client, editor):
    fail_five_times(client, "editor")
    ends = AccessAttempt.objects.get().attempt_time
    for _ in range(3):
        assert sign_in(client, "editor", "wrong-again").status_code == 429
    assert AccessAttempt.objects.get().attempt_time == ends
    # Once the cool-off has passed, as the page promised, the right password works.
    AccessAttempt.objects.update(attempt_time=F("attempt_time") - timedelta(minutes=61))
    assert sign_in(client, "editor", PASSWORD).status_code == 302


# The second factor (DJANGO_ADMIN_OTP)


@pytest.fixture
def otp_required(settings):
    settings.ADMIN_OTP_REQUIRED = True


def add_device(user, name="Pixel of the editor"):
    return TOTPDevice.objects.create(user=user, name=name, confirmed=True)


def code(device):
    return (
        f"{TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift).token():06d}"
    )


def error_notes(response):
    return re.findall(r'<p class="errornote">\s*(.*?)\s*</p>', response.content.decode(), re.S)


def test_sign_in_with_password_and_code_in_one_step(otp_required, client, editor):
    device = add_device(editor)
    page = client.get(reverse("admin:login")).content.decode()
    assert 'name="otp_token"' in page
    assert "otp_device" not in page
    response = sign_in(client, "editor", PASSWORD, otp_token=code(device))
    assert response.status_code == 302, error_notes(response)
    assert signed_in(client)


def test_a_code_is_accepted_once_only(otp_required, client, editor):
    token = code(add_device(editor))
    assert sign_in(client, "editor", PASSWORD, otp_token=token).status_code == 302
    client.logout()
    assert sign_in(client, "editor", PASSWORD, otp_token=token).status_code == 200
    assert not signed_in(client)


def test_wrong_password_and_wrong_code_look_the_same(otp_required, client, editor):
    device = add_device(editor)
    wrong_password = sign_in(client, "editor", "wrong", otp_token=code(device))
    wrong_code = sign_in(client, "editor", PASSWORD, otp_token="000000")
    no_code = sign_in(client, "editor", PASSWORD)
    for response in (wrong_password, wrong_code, no_code):
        assert response.status_code == 200
        page = response.content.decode()
        assert "Pixel of the editor" not in page  # no device list
        assert "otp_device" not in page
        assert PASSWORD not in page  # the password field is not filled back in
    assert error_notes(wrong_password) == error_notes(wrong_code) == error_notes(no_code)
    assert error_notes(wrong_code) == [
        "Veuillez saisir correctement le nom d’utilisateur, le mot de passe et le code "
        "d’authentification d’un compte autorisé. Le nom d’utilisateur et le mot de passe "
        "peuvent être sensibles à la casse."
    ]
    assert not signed_in(client)


def test_wrong_codes_count_towards_the_lockout(otp_required, client, editor):
    device = add_device(editor)
    for _ in range(4):
        assert sign_in(client, "editor", PASSWORD, otp_token="000000").status_code == 200
    assert sign_in(client, "editor", PASSWORD, otp_token="000000").status_code == 429
    assert sign_in(client, "editor", PASSWORD, otp_token=code(device)).status_code == 429


def test_with_several_devices_the_code_chooses(otp_required, client, editor):
    phone, tablet = add_device(editor), add_device(editor, "tablet")
    response = sign_in(client, "editor", PASSWORD, otp_token=code(tablet))
    assert response.status_code == 302, error_notes(response)
    phone.refresh_from_db()
    assert phone.throttling_failure_count == 0  # the unused device is not throttled


def test_staff_without_a_device_is_told_what_to_do(otp_required, client, editor):
    response = sign_in(client, "editor", PASSWORD)
    assert response.status_code == 200
    assert error_notes(response) == [
        "Votre compte n’a pas encore d’appareil d’authentification, et l’administration en "
        "exige un. Demandez à un administrateur du site de vous créer un appareil TOTP "
        "(«\u00a0TOTP device\u00a0»), scannez son QR code avec une application "
        "d’authentification, puis connectez-vous avec le code à 6 chiffres qu’elle montre."
    ]
    assert not signed_in(client)
    english = client.post(
        reverse("admin:login"),
        {"username": "editor", "password": PASSWORD},
        headers={"accept-language": "en"},
    )
    assert "Your account has no authentication device yet" in english.content.decode()
    # …but only to someone who knows the password.
    assert "appareil" not in " ".join(error_notes(sign_in(client, "editor", "wrong")))
