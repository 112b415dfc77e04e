"""Admin for the centre's content, with French/English tabs (modeltranslation)."""

from django.conf import settings
from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TabbedTranslationAdmin
from modeltranslation.translator import translator

from .models import Centre, Disease, KeyFigure, Mission, Network, Person, Specialty


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


@admin.register(Centre)
class CentreAdmin(BaseTranslationAdmin):
    list_display = ("name", "hospital", "phone", "email", "missing_translations")
    fieldsets = (
        (None, {"fields": ("name", "short_name", "tagline", "description", "organisation",
                           "classification")}),
        (_("Address and contact"), {"fields": (
            "hospital", "department", "street_address", "postal_code", "city", "phone",
            "email", "contact_guidance", "emergency_guidance", "welcome_booklet")}),
        (_("Key figures"), {"fields": ("key_figures_note",)}),
        (_("Legal notice, privacy and accessibility"), {"fields": (
            "publisher", "publication_director", "host_name", "host_address", "host_phone",
            "data_controller", "dpo_contact", "accessibility_status",
            "accessibility_audit_date")}),
    )

    def has_add_permission(self, request):
        # A single profile row.
        return not Centre.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Person)
class PersonAdmin(BaseTranslationAdmin):
    list_display = ("display_name", "role", "is_head", "is_published", "ordering",
                    "missing_translations")
    list_editable = ("ordering",)
    list_filter = ("is_head", "is_published")
    search_fields = ("first_name", "last_name", "role_fr", "role_en")
    prepopulated_fields = {"slug": ("first_name", "last_name")}


@admin.register(Mission)
class MissionAdmin(BaseTranslationAdmin):
    list_display = ("__str__", "ordering", "missing_translations")
    list_editable = ("ordering",)
    search_fields = ("text_fr", "text_en")


@admin.register(Specialty)
class SpecialtyAdmin(BaseTranslationAdmin):
    list_display = ("name", "kind", "ordering", "missing_translations")
    list_editable = ("ordering",)
    list_filter = ("kind",)
    search_fields = ("name_fr", "name_en")


@admin.register(Network)
class NetworkAdmin(BaseTranslationAdmin):
    list_display = ("name", "full_name", "url", "ordering", "missing_translations")
    list_editable = ("ordering",)
    search_fields = ("name", "full_name_fr", "full_name_en")


@admin.register(Disease)
class DiseaseAdmin(BaseTranslationAdmin):
    list_display = ("name", "orpha_code", "is_focus", "is_published", "ordering",
                    "missing_translations")
    list_editable = ("ordering",)
    list_filter = ("is_focus", "is_published")
    search_fields = ("name_fr", "name_en", "orpha_code")
    prepopulated_fields = {"slug": ("name",)}


@admin.register(KeyFigure)
class KeyFigureAdmin(BaseTranslationAdmin):
    list_display = ("label", "value", "year", "ordering", "missing_translations")
    list_editable = ("value", "year", "ordering")
    list_filter = ("year",)
    search_fields = ("label_fr", "label_en")
