"""`check --deploy` checks of our own: settings with which the site would run but fail
its visitors quietly."""

from django.conf import settings
from django.core.checks import Warning, register

# Backends that take a message and deliver nothing: contact requests would look handled
# while no staff member hears of them (Django's console backend even logs the messages).
UNDELIVERING_BACKENDS = {
    "centre.notifications.NoDeliveryEmailBackend",
    "django.core.mail.backends.console.EmailBackend",
    "django.core.mail.backends.dummy.EmailBackend",
    "django.core.mail.backends.filebased.EmailBackend",
    "django.core.mail.backends.locmem.EmailBackend",
}


@register("email", deploy=True)
def check_email_delivery(app_configs, **kwargs):
    warnings = []
    if settings.EMAIL_BACKEND in UNDELIVERING_BACKENDS:
        warnings.append(
            Warning(
                f"EMAIL_BACKEND is {settings.EMAIL_BACKEND}, which delivers no email: staff "
                "would never hear of contact requests, visitors get no acknowledgement.",
                hint="Set EMAIL_BACKEND=django.core.mail.backends.smtp.EmailBackend and the "
                "EMAIL_HOST, EMAIL_PORT, EMAIL_HOST_USER, EMAIL_HOST_PASSWORD and "
                "EMAIL_USE_TLS variables of the mail server.",
                id="mocsite.W001",
            )
        )
    elif settings.EMAIL_BACKEND == "django.core.mail.backends.smtp.EmailBackend":
        if not settings.EMAIL_TIMEOUT:
            warnings.append(
                Warning(
                    "EMAIL_TIMEOUT is not set: a mail server that never answers holds the "
                    "sender of contact-request emails for ever.",
                    hint="Set EMAIL_TIMEOUT, in seconds (10 by default).",
                    id="mocsite.W002",
                )
            )
    if settings.DEFAULT_FROM_EMAIL.rpartition("@")[2].rstrip(">").lower() in {
        "localhost",
        "localhost.localdomain",
        "example.com",
    }:
        warnings.append(
            Warning(
                f"DEFAULT_FROM_EMAIL is {settings.DEFAULT_FROM_EMAIL}: mail servers refuse or "
                "file as spam messages from such an address.",
                hint="Set DEFAULT_FROM_EMAIL (and SERVER_EMAIL) to an address of the "
                "centre's domain that the mail server may send from.",
                id="mocsite.W003",
            )
        )
    return warnings
