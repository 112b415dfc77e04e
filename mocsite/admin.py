"""The admin site (titles, sign-in with an optional second factor, the lock-out page, new
contact requests on the index) and the base class of the apps' content admins (French/English
tabs)."""

from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_cool_off
from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.signals import user_login_failed
from django.db.models import Max
from django.http import HttpResponse, HttpResponseBadRequest, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone, translation
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django_otp import devices_for_user
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice
from modeltranslation.admin import TabbedTranslationAdmin

from . import admin_history, rich_text
from .admin_comfort import AdminComfortMixin
from .admin_editing import SafeEditingMixin
from .admin_labels import TECHNICAL_APPS
from .admin_publishing import PublishingAdminMixin
from .todo import MissingTranslationFilter, todo_sections, translated_fields


class StaffLoginForm(AdminAuthenticationForm):
    """Username, password and the 6-digit code of the staff member's device, in one step.

    Nothing about devices is shown or told before the password is verified, and a wrong
    password and a wrong code get the same error. A wrong code counts as a failed login
    for django-axes, like a wrong password, so a known password does not open unlimited
    guesses at the code.
    """

    otp_token = forms.CharField(
        label=_("Authentication code"),
        help_text=_("The 6-digit code shown by the authenticator app on your phone."),
        required=False,
        max_length=16,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )

    error_messages = {
        **AdminAuthenticationForm.error_messages,
        "invalid_login": _(
            "Please enter the correct %(username)s, password and authentication code "
            "for a staff account. Note that the username and password may be "
            "case-sensitive."
        ),
        "no_device": _(
            "Your account has no authentication device yet, and the administration "
            "requires one. Ask a site administrator to add a TOTP device for you, scan "
            "its QR code with an authenticator app, then sign in with the 6-digit code "
            "the app shows."
        ),
    }

    def clean(self):
        super().clean()  # the password (through django-axes) and the staff status
        user = self.user_cache
        if user is None:
            return self.cleaned_data
        devices = list(devices_for_user(user))
        if not devices:
            self.user_cache = None
            raise forms.ValidationError(self.error_messages["no_device"], code="no_device")
        token = "".join(self.cleaned_data.get("otp_token", "").split())
        device = _verified_device(devices, token)
        if device is None:
            self.user_cache = None
            user_login_failed.send(
                sender=__name__,
                credentials={"username": self.cleaned_data["username"]},
                request=self.request,
            )
            raise self.get_invalid_login_error()
        # django_otp's user_logged_in receiver stores it in the session (is_verified()).
        user.otp_device = device
        return self.cleaned_data


def _verified_device(devices, token):
    """The device that accepts the token, if any.

    With several devices, the token is verified only against the device whose code it
    is: verifying it against each in turn would record a failure on every other device
    and throttle them (the reason django-otp asks for a choice). A code that fits none
    is a failure for all.
    """
    candidates = [device for device in devices if _fits(device, token)] or devices
    for device in candidates:
        if device.verify_token(token):
            return device
    return None


def _fits(device, token):
    """Whether a TOTP device would accept the token, without touching its state."""
    if not isinstance(device, TOTPDevice) or not token.isdigit():
        return False
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return totp.verify(int(token), device.tolerance, device.last_t + 1)


def locked_out(request, original_response=None, credentials=None):
    """django-axes' lock-out page (AXES_LOCKOUT_CALLABLE), saying when sign-in reopens."""
    context = {**admin.site.each_context(request), "unlock_at": _unlock_time(request, credentials)}
    return render(
        request, "admin/locked_out.html", context, status=settings.AXES_HTTP_RESPONSE_CODE
    )


def _unlock_time(request, credentials):
    """A cool-off period after the last counted failure (None: until an administrator
    unlocks). Attempts refused during the lock do not extend it
    (AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT is off)."""
    cool_off = get_cool_off(request)
    if cool_off is None:
        return None
    # The database handler's query, so the time follows AXES_LOCKOUT_PARAMETERS.
    get_attempts = getattr(AxesProxyHandler.get_implementation(), "get_user_attempts", None)
    attempts = get_attempts(request, credentials) if get_attempts else []
    last_failures = [queryset.aggregate(last=Max("attempt_time"))["last"] for queryset in attempts]
    return max(filter(None, last_failures), default=timezone.now()) + cool_off


# Characters of a long text the preview renders (far more than any field holds).
PREVIEW_MAX_LENGTH = 100_000


class MocAdminSite(admin.AdminSite):
    site_header = _("MOC website administration")
    site_title = _("MOC administration")
    index_title = _("Site content and contact requests")
    index_template = "admin/moc_index.html"

    # With DJANGO_ADMIN_OTP on, the login form also asks for the code of the user's
    # registered device, and only verified sessions get in.
    @property
    def login_form(self):
        return StaffLoginForm if settings.ADMIN_OTP_REQUIRED else None

    @property
    def login_template(self):
        return "admin/login_otp.html" if settings.ADMIN_OTP_REQUIRED else None

    def has_permission(self, request):
        allowed = super().has_permission(request)
        if allowed and settings.ADMIN_OTP_REQUIRED:
            return request.user.is_verified()
        return allowed

    def get_urls(self):
        preview = path(
            "rich-text-preview/",
            self.admin_view(self.rich_text_preview),
            name="rich_text_preview",
        )
        language = path("language/", self.admin_view(self.choose_language), name="admin_language")
        return [preview, language, *super().get_urls()]

    def get_app_list(self, request, app_label=None):
        """Without the technical apps (sign-in records, devices…) but for superusers."""
        app_list = super().get_app_list(request, app_label)
        if request.user.is_superuser:
            return app_list
        return [app for app in app_list if app["app_label"] not in TECHNICAL_APPS]

    def choose_language(self, request):
        """The staff member's admin language (AdminLanguageMiddleware applies it)."""
        from .models import AdminPreference

        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        language = request.POST.get("language")
        if language not in dict(settings.LANGUAGES):
            return HttpResponseBadRequest(_("Choose one of the languages offered."))
        AdminPreference.objects.update_or_create(user=request.user, defaults={"language": language})
        with translation.override(language):
            messages.success(
                request, translation.gettext("The administration is now shown in this language.")
            )
        return redirect("admin:index")

    def rich_text_preview(self, request):
        """The « Aperçu » of a long text, rendered as the site will (mocsite.rich_text)."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        text = request.POST.get("text", "")[:PREVIEW_MAX_LENGTH]
        html = rich_text.render(text, line_breaks=request.POST.get("mode") == "br")
        if not html:
            html = format_html('<p class="help">{}</p>', _("Nothing to show yet."))
        return HttpResponse(html, content_type="text/html; charset=utf-8")

    def index(self, request, extra_context=None):
        from centre.models import ContactRequest

        context = dict(extra_context or {})
        context["todo_sections"] = todo_sections(request)
        context["admin_languages"] = settings.LANGUAGES
        if request.user.has_perm("centre.view_contactrequest"):
            context["new_contact_requests"] = ContactRequest.objects.filter(
                status=ContactRequest.Status.NEW
            ).count()
        return super().index(request, context)


class TranslationStatusMixin:
    """A list column naming the languages in which some translated text is empty, and the
    « traduction manquante » filter the admin home's list links to."""

    def get_list_filter(self, request):
        return (*super().get_list_filter(request), MissingTranslationFilter)

    @admin.display(description=_("missing translations"))
    def missing_translations(self, obj):
        fields = translated_fields(type(obj))
        missing = []
        for code, name in settings.LANGUAGES:
            for field in fields:
                original = getattr(obj, f"{field}_fr", "") or getattr(obj, f"{field}_en", "")
                if original and not getattr(obj, f"{field}_{code}", ""):
                    missing.append(str(name))
                    break
        return ", ".join(missing) or "—"


class BaseTranslationAdmin(
    SafeEditingMixin,
    PublishingAdminMixin,
    AdminComfortMixin,
    TranslationStatusMixin,
    admin_history.HistoryAdminMixin,
    TabbedTranslationAdmin,
):
    pass
