"""Security headers, `check --deploy`, admin lock-out and the optional second factor."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse

pytestmark = pytest.mark.django_db

BASE_DIR = Path(settings.BASE_DIR)


def csp_directives(response):
    header = response["Content-Security-Policy"]
    return {part.split()[0]: part.split()[1:] for part in header.split(";") if part.strip()}


@pytest.mark.parametrize(
    "path",
    [
        "/fr/",
        "/en/diseases/hypophosphatasia/",
        "/fr/contact/",
        "/en/publications/",
        "/fr/podcasts/",
    ],
)
def test_security_headers_on_public_pages(seeded, client, path):
    response = client.get(path, secure=True)
    assert response.status_code == 200
    directives = csp_directives(response)
    assert directives["default-src"] == ["'self'"]
    assert directives["object-src"] == ["'none'"]
    assert directives["frame-ancestors"] == ["'none'"]
    for name in ("script-src", "style-src"):
        assert "'unsafe-inline'" not in directives[name]
        assert "'unsafe-eval'" not in directives[name]
    assert response["Strict-Transport-Security"].startswith("max-age=31536000")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert "camera=()" in response["Permissions-Policy"]
    assert "geolocation=()" in response["Permissions-Policy"]
    assert "Server" not in response and "X-Powered-By" not in response


def test_json_ld_is_a_data_block_and_no_inline_script_may_run(seeded, client):
    """JSON-LD is data, which the policy does not govern: no nonce, so every visitor gets
    the same bytes. The policy allows no inline script at all (tests/browser checks that
    a browser refuses an injected one)."""
    response = client.get("/en/diseases/hypophosphatasia/")
    policy = response["Content-Security-Policy"]
    assert "nonce-" not in policy and "unsafe-inline" not in policy
    assert "script-src 'self'" in policy
    html = response.content.decode()
    assert re.findall(r'<script type="application/ld\+json">', html)
    assert "<script>" not in html


def test_no_inline_script_or_style_in_templates():
    for path in (BASE_DIR / "templates").rglob("*.html"):
        text = path.read_text()
        assert not re.search(r"<script(?![^>]*\bsrc=)(?![^>]*application/ld\+json)[^>]*>", text), (
            path
        )
        assert ' style="' not in text, path
        assert not re.search(r"\son[a-z]+=\"", text), path


def test_admin_is_never_indexed(client):
    response = client.get("/admin/login/")
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert "Disallow: /admin/" in client.get("/robots.txt").content.decode()


def production_env(**extra):
    env = {key: value for key, value in os.environ.items() if not key.startswith("DJANGO_")}
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "mocsite.settings",
            "DJANGO_SECRET_KEY": "x7#Kp2!vQ9zL@m4Rt8&Wy1^Nc6*Hd3%Fb5Gj0Sa-Ue2Io9Px7Lk4Mn1Bv8Cz5",
            "DJANGO_ALLOWED_HOSTS": "moc.example.org",
            "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "EMAIL_HOST": "smtp.moc.example.org",
            "DEFAULT_FROM_EMAIL": "moc@moc.example.org",
            **extra,
        }
    )
    return env


def test_check_deploy_warns_when_no_email_would_leave():
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=BASE_DIR,
        env={
            **production_env(),
            "EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend",
        },
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "mocsite.W001" in result.stdout + result.stderr


def test_check_deploy_passes_with_production_environment():
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=BASE_DIR,
        env=production_env(),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_check_deploy_flags_a_missing_secret_key():
    env = production_env()
    del env["DJANGO_SECRET_KEY"]
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "security.W009" in result.stdout + result.stderr


def test_production_cookies_are_secure_httponly_and_samesite():
    code = (
        "from django.conf import settings as s; print(s.SESSION_COOKIE_SECURE, "
        "s.CSRF_COOKIE_SECURE, s.SESSION_COOKIE_HTTPONLY, s.CSRF_COOKIE_HTTPONLY, "
        "s.SESSION_COOKIE_SAMESITE, s.CSRF_COOKIE_SAMESITE, s.DEBUG, s.SECURE_SSL_REDIRECT)"
    )
    result = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        cwd=BASE_DIR,
        env=production_env(),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.stdout.split() == ["True", "True", "True", "True", "Lax", "Lax", "False", "True"]


def test_gunicorn_hides_its_version():
    text = (BASE_DIR / "gunicorn.conf.py").read_text()
    assert 'gunicorn.SERVER = "undisclosed"' in text


@pytest.fixture
def staff_user(django_user_model):
    return django_user_model.objects.create_user(
        "editor",
        "editor@example.org",
        "correct-horse-battery",
        is_staff=True,
        is_superuser=True,
    )


def login(client, username, password, **extra):
    return client.post(
        reverse("admin:login"),
        {"username": username, "password": password, **extra},
        REMOTE_ADDR=extra.pop("REMOTE_ADDR", "192.0.2.10"),
    )


def test_account_is_locked_out_after_repeated_failures(client, staff_user, settings, caplog):
    settings.AXES_FAILURE_LIMIT = 3
    for _ in range(3):
        response = login(client, "editor", "wrong-password")
    assert response.status_code == 429
    assert (
        "temporarily blocked" in response.content.decode()
        or "temporairement bloquée" in response.content.decode()
    )
    # Even the right password is refused while locked out…
    assert login(client, "editor", "correct-horse-battery").status_code == 429
    assert any("AXES" in record.getMessage() for record in caplog.records)
    # …until an administrator unlocks the account.
    call_command("axes_reset", verbosity=0)
    response = login(client, "editor", "correct-horse-battery")
    assert response.status_code == 302


def test_staff_passwords_are_validated(staff_client):
    from django.contrib.auth.models import User

    user = User.objects.get(username="staff")
    response = staff_client.post(
        reverse("admin:auth_user_password_change", args=[user.pk]),
        {"password1": "short", "password2": "short"},
    )
    assert response.status_code == 200
    assert user.check_password("a-long-test-password")


def test_second_factor_when_required(client, staff_user, settings):
    from django_otp.oath import TOTP
    from django_otp.plugins.otp_totp.models import TOTPDevice

    settings.ADMIN_OTP_REQUIRED = True
    # A password alone no longer opens the admin.
    response = login(client, "editor", "correct-horse-battery")
    assert response.status_code == 200
    assert not client.get(reverse("admin:index")).status_code == 200
    device = TOTPDevice.objects.create(user=staff_user, name="phone", confirmed=True)
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    response = login(
        client,
        "editor",
        "correct-horse-battery",
        otp_device=device.persistent_id,
        otp_token=f"{totp.token():06d}",
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert client.get(reverse("admin:index")).status_code == 200
