"""Admin for the centre's content, with French/English tabs (modeltranslation)."""

from io import StringIO

from django.contrib import admin, messages
from django.core.management import CommandError, call_command
from django.utils.translation import gettext_lazy as _

from mocsite.admin import BaseTranslationAdmin

from .. import todo
from ..models import (
    CareProtocol,
    Centre,
    Disease,
    Event,
    KeyFigure,
    Mission,
    Network,
    PageIntro,
    Person,
    Registry,
    Specialty,
    Trial,
)
from .guides import DiseaseQuestionInline
from .reviews import ReviewAdminMixin


@admin.register(Centre)
class CentreAdmin(ReviewAdminMixin, BaseTranslationAdmin):
    list_display = ("name", "hospital", "phone", "email", "missing_translations")
    list_filter = (todo.CENTRE_NOT_REVIEWED.list_filter, todo.CENTRE_WITHOUT_MSSANTE.list_filter)
    fieldsets = (
        (
            None,
            {
                "fields": (
                    "name",
                    "short_name",
                    "tagline",
                    "description",
                    "organisation",
                    "classification",
                )
            },
        ),
        (
            _("Address and contact"),
            {
                "fields": (
                    "hospital",
                    "department",
                    "street_address",
                    "postal_code",
                    "city",
                    "phone",
                    "email",
                    "contact_guidance",
                    "emergency_guidance",
                    "welcome_booklet",
                )
            },
        ),
        (
            _("Referring a patient and moving to adult care"),
            {
                "fields": (
                    "mssante_address",
                    "referral_patients",
                    "referral_expertise",
                    "referral_documents",
                    "referral_difficult_cases",
                    "transition_text",
                    "transition_event",
                )
            },
        ),
        (_("Key figures"), {"fields": ("key_figures_note",)}),
        (
            _("Legal notice, privacy and accessibility"),
            {
                "fields": (
                    "publisher",
                    "publication_director",
                    "host_name",
                    "host_address",
                    "host_phone",
                    "data_controller",
                    "dpo_contact",
                    "accessibility_status",
                    "accessibility_audit_date",
                )
            },
        ),
    )

    def has_add_permission(self, request):
        # A single profile row.
        return not Centre.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Person)
class PersonAdmin(BaseTranslationAdmin):
    list_display = (
        "display_name",
        "role",
        "is_head",
        "is_published",
        "ordering",
        "missing_translations",
    )
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
class DiseaseAdmin(ReviewAdminMixin, BaseTranslationAdmin):
    list_display = (
        "name",
        "orpha_code",
        "is_focus",
        "is_published",
        "ordering",
        "missing_translations",
    )
    list_editable = ("ordering",)
    list_filter = (
        "is_focus",
        "is_published",
        todo.DISEASES_NOT_REVIEWED.list_filter,
        todo.DISEASES_WITHOUT_SUMMARY.list_filter,
        todo.DISEASES_WITHOUT_EMERGENCY_SHEET.list_filter,
    )
    search_fields = ("name_fr", "name_en", "orpha_code")
    prepopulated_fields = {"slug": ("name",)}
    inlines = [DiseaseQuestionInline]


@admin.register(KeyFigure)
class KeyFigureAdmin(BaseTranslationAdmin):
    list_display = ("label", "value", "year", "ordering", "missing_translations")
    list_editable = ("value", "year", "ordering")
    list_filter = ("year", todo.KEY_FIGURES_WITHOUT_VALUE.list_filter)
    search_fields = ("label_fr", "label_en")


@admin.register(PageIntro)
class PageIntroAdmin(BaseTranslationAdmin):
    list_display = ("__str__", "missing_translations")


@admin.register(CareProtocol)
class CareProtocolAdmin(ReviewAdminMixin, BaseTranslationAdmin):
    list_display = ("title", "disease", "year", "is_published", "ordering", "missing_translations")
    list_editable = ("ordering",)
    list_filter = ("is_published", "disease", todo.PROTOCOLS_NOT_REVIEWED.list_filter)
    list_select_related = ("disease",)
    search_fields = ("title_fr", "title_en")
    autocomplete_fields = ("disease",)


@admin.register(Trial)
class TrialAdmin(BaseTranslationAdmin):
    list_display = (
        "nct_id",
        "title",
        "sponsor",
        "disease",
        "status",
        "stated_status",
        "status_checked_at",
        "is_published",
        "missing_translations",
    )
    list_filter = ("status", "is_published", "disease", todo.TRIALS_UNCHECKED.list_filter)
    list_select_related = ("disease",)
    search_fields = ("nct_id", "title_fr", "title_en", "sponsor")
    autocomplete_fields = ("disease",)
    readonly_fields = ("status", "status_checked_at")
    actions = ["refresh_status"]
    fieldsets = (
        (
            None,
            {
                "fields": (
                    "nct_id",
                    "title",
                    "sponsor",
                    "disease",
                    "stated_status",
                    "is_published",
                    "ordering",
                )
            },
        ),
        (
            _("ClinicalTrials.gov"),
            {
                "fields": ("status", "status_checked_at"),
                "description": _(
                    "Filled by the refresh_trials command from "
                    "ClinicalTrials.gov; never typed by hand."
                ),
            },
        ),
    )

    @admin.action(
        description=_("Refresh the status from ClinicalTrials.gov"), permissions=["change"]
    )
    def refresh_status(self, request, queryset):
        nct_ids = list(queryset.values_list("nct_id", flat=True))
        errors = StringIO()
        try:
            call_command("refresh_trials", *nct_ids, stdout=StringIO(), stderr=errors)
        except CommandError as error:
            details = " ".join(errors.getvalue().split("\n"))
            self.message_user(request, f"{error} {details}".strip(), messages.ERROR)
        else:
            self.message_user(
                request, _("Statuses refreshed from ClinicalTrials.gov."), messages.SUCCESS
            )


@admin.register(Registry)
class RegistryAdmin(BaseTranslationAdmin):
    list_display = (
        "name",
        "disease",
        "patients_included",
        "is_published",
        "ordering",
        "missing_translations",
    )
    list_editable = ("ordering",)
    list_filter = ("is_published", "disease")
    list_select_related = ("disease",)
    search_fields = ("name_fr", "name_en")
    autocomplete_fields = ("disease",)


@admin.register(Event)
class EventAdmin(BaseTranslationAdmin):
    list_display = (
        "title",
        "kind",
        "status",
        "start_date",
        "date_precision",
        "location",
        "is_published",
        "missing_translations",
    )
    list_filter = (
        "kind",
        "status",
        "is_online",
        "is_published",
        "diseases",
        todo.PAST_EVENTS_IN_PREPARATION.list_filter,
    )
    list_select_related = ("contact_person",)
    search_fields = ("title_fr", "title_en", "location_fr", "location_en", "contact_name")
    date_hierarchy = "start_date"
    prepopulated_fields = {"slug": ("title",)}
    autocomplete_fields = ("contact_person", "diseases")
    fieldsets = (
        (
            None,
            {
                "fields": (
                    "title",
                    "slug",
                    "kind",
                    "status",
                    "description",
                    "diseases",
                    "is_published",
                )
            },
        ),
        (
            _("Date"),
            {"fields": ("start_date", "end_date", "date_precision", "start_time", "end_time")},
        ),
        (
            _("Place and contact"),
            {
                "fields": (
                    "location",
                    "is_online",
                    "contact_person",
                    "contact_name",
                    "registration_url",
                )
            },
        ),
    )
