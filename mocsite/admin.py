"""The admin site (titles, optional second factor, new contact requests on the index) and
the base class of the apps' content admins (French/English tabs)."""

from django.conf import settings
from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from django_otp.admin import OTPAdminAuthenticationForm
from modeltranslation.admin import TabbedTranslationAdmin
from modeltranslation.translator import translator


class MocAdminSite(admin.AdminSite):
    site_header = _("MOC website administration")
    site_title = _("MOC administration")
    index_title = _("Site content and contact requests")
    index_template = "admin/moc_index.html"

    # With DJANGO_ADMIN_OTP on, the login form also asks for the one-time password of the
    # user's registered device, and only verified sessions get in.
    @property
    def login_form(self):
        return OTPAdminAuthenticationForm if settings.ADMIN_OTP_REQUIRED else None

    @property
    def login_template(self):
        return "otp/admin111/login.html" if settings.ADMIN_OTP_REQUIRED else None

    def has_permission(self, request):
        allowed = super().has_permission(request)
        if allowed and settings.ADMIN_OTP_REQUIRED:
            return request.user.is_verified()
        return allowed

    def index(self, request, extra_context=None):
        from centre.models import ContactRequest

        context = dict(extra_context or {})
        if request.user.has_perm("centre.view_contactrequest"):
            context["new_contact_requests"] = ContactRequest.objects.filter(
                status=ContactRequest.Status.NEW
            ).count()
        return super().index(request, context)


class TranslationStatusMixin:
    """Adds a list column naming the languages in which some translated field is empty."""

    @admin.display(description=_("missing translations"))
    def missing_translations(self, obj):
        options = translator.get_options_for_model(type(obj))
        missing = []
        for code, name in settings.LANGUAGES:
            for field in options.fields:
                original = getattr(obj, f"{field}_fr", "") or getattr(obj, f"{field}_en", "")
                if original and not getattr(obj, f"{field}_{code}", ""):
                    missing.append(str(name))
                    break
        return ", ".join(missing) or "—"


class BaseTranslationAdmin(TranslationStatusMixin, TabbedTranslationAdmin):
    pass
