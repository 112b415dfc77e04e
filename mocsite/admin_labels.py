"""French all through the admin: names for the technical apps (which give none that can be
translated), help texts on the shared fields, the staff member's own admin language, and
the technical menus kept for superusers."""

from django.apps import apps
from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext_lazy as _

# Apps only superusers see in the menus (sign-in records, second-factor devices…).
TECHNICAL_APPS = {"axes", "otp_totp", "otp_static", "otp_hotp", "sessions", "mocsite"}

# Fields only superusers see on the forms (an episode's identifier in the feeds).
TECHNICAL_FIELDS = {"guid"}

APP_NAMES = {
    "axes": _("Sign-in security"),
    "otp_totp": _("Second factor"),
}
MODEL_NAMES = {
    ("otp_totp", "totpdevice"): (_("authenticator app (TOTP)"), _("authenticator apps (TOTP)")),
}

# Help texts the admin forms give shared fields that have none of their own.
FIELD_HELP = {
    "ordering": _(
        "Position in the lists: lower numbers come first. You can also drag the rows of the list."
    ),
    "is_published": _("Unticked, the item is hidden from every public page (kept here)."),
    ("podcasts.episode", "published_on"): _(
        "The episode appears on the site and in the feeds from this day; empty: at once."
    ),
}


def name_technical_apps():
    """Gives the technical apps and models translatable names (called once, at start)."""
    for label, name in APP_NAMES.items():
        try:
            apps.get_app_config(label).verbose_name = name
        except LookupError:
            continue
    for (label, model_name), (singular, plural) in MODEL_NAMES.items():
        try:
            opts = apps.get_model(label, model_name)._meta
        except LookupError:
            continue
        opts.verbose_name, opts.verbose_name_plural = singular, plural


def help_text_for(model, field):
    if field.help_text:
        return None
    return FIELD_HELP.get((model._meta.label_lower, field.name)) or FIELD_HELP.get(field.name)


def admin_language(user):
    """The language the user chose for the admin, or None (not chosen, or signed out)."""
    if user.is_authenticated:
        preference = getattr(user, "admin_preference", None)
        if preference and preference.language in dict(settings.LANGUAGES):
            return preference.language
    return None


class AdminLanguageMiddleware:
    """Admin pages in the staff member's chosen language, whatever their browser asks
    for; without a choice, Django's (the language cookie, then the browser's, then
    French). After the authentication middleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path_info.startswith("/admin/"):
            return self.get_response(request)
        language = admin_language(request.user)
        if language is None:
            return self.get_response(request)
        with translation.override(language):
            request.LANGUAGE_CODE = language
            response = self.get_response(request)
            response.headers["Content-Language"] = language
        return response
