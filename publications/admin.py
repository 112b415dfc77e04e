"""Admin for publications (with file import and add-by-identifier) and talks."""

from functools import wraps

from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from mocsite.admin import BaseTranslationAdmin
from mocsite.admin_comfort import AdminComfortMixin
from mocsite.admin_editing import SafeEditingMixin
from mocsite.admin_history import HistoryAdminMixin
from mocsite.admin_publishing import PublishingAdminMixin

from . import admin_views
from .importers import taken_identifiers
from .models import Publication, Talk


class PublicationForm(forms.ModelForm):
    """Says which publication already has a PMID, PMCID or DOI, with a link to it, instead
    of the database's constraint name."""

    def clean(self):
        cleaned_data = super().clean()
        candidate = Publication(
            **{field: cleaned_data.get(field) or "" for field in ("pmid", "pmcid", "doi")}
        )
        candidate.normalise_identifiers()  # as save() will store them
        taken = taken_identifiers(
            {"pmid": candidate.pmid, "pmcid": candidate.pmcid, "doi": candidate.doi},
            exclude_pk=self.instance.pk,
        )
        for label, value, other in taken:
            self.add_error(
                label.lower(),
                format_html(
                    '{} <a href="{}">{}</a>',
                    gettext("A publication already has the %(identifier)s %(value)s:")
                    % {"identifier": label, "value": value},
                    reverse("admin:publications_publication_change", args=[other.pk]),
                    other.title,
                ),
            )
        return cleaned_data


@admin.register(Publication)
class PublicationAdmin(
    SafeEditingMixin, PublishingAdminMixin, AdminComfortMixin, HistoryAdminMixin, admin.ModelAdmin
):
    """A publication has no translated field (its title stays as published), so this is a
    plain ModelAdmin rather than BaseTranslationAdmin."""

    form = PublicationForm

    list_display = ("title", "journal", "display_date", "pmid", "doi", "is_published")
    list_filter = ("is_published", "date_precision", "team_authors", "diseases")
    search_fields = ("title", "authors", "journal", "pmid", "pmcid", "doi")
    date_hierarchy = "date"
    filter_horizontal = ("team_authors", "diseases")
    change_list_template = "admin/publications/publication/change_list.html"
    fieldsets = (
        (
            None,
            {
                "fields": (
                    "title",
                    "language",
                    "authors",
                    "team_authors",
                    "journal",
                    "volume",
                    "issue",
                    "pages",
                )
            },
        ),
        (_("Date"), {"fields": ("date", "date_precision", "date_end", "date_text")}),
        (_("Identifiers"), {"fields": ("pmid", "pmcid", "doi")}),
        (None, {"fields": ("diseases", "is_published")}),
    )

    @admin.display(description=_("date"), ordering="date")
    def display_date(self, obj):
        return obj.display_date

    def has_import_permission(self, request):
        """Importing creates publications and updates existing ones."""
        return self.has_add_permission(request) and self.has_change_permission(request)

    def _import_view(self, view):
        @wraps(view)
        def guarded(request, *args, **kwargs):
            if not self.has_import_permission(request):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return self.admin_site.admin_view(guarded)

    def changelist_view(self, request, extra_context=None):
        context = {"can_import": self.has_import_permission(request), **(extra_context or {})}
        return super().changelist_view(request, context)

    def get_urls(self):
        opts = self.model._meta
        name = f"{opts.app_label}_{opts.model_name}"
        return [
            path("import/", self._import_view(admin_views.import_file), name=f"{name}_import"),
            path(
                "add-by-identifier/",
                self._import_view(admin_views.add_by_identifier),
                name=f"{name}_fetch",
            ),
            path(
                "import/confirm/",
                self._import_view(admin_views.confirm_import),
                name=f"{name}_import_confirm",
            ),
        ] + super().get_urls()


@admin.register(Talk)
class TalkAdmin(BaseTranslationAdmin):
    list_display = (
        "title",
        "event",
        "speakers",
        "display_date",
        "kind",
        "language",
        "is_published",
        "missing_translations",
    )
    list_filter = ("kind", "language", "is_published", "team_speakers")
    search_fields = ("title", "translated_title_fr", "translated_title_en", "event", "speakers")
    filter_horizontal = ("team_speakers",)
    fieldsets = (
        (
            None,
            {
                "fields": (
                    "title",
                    "language",
                    "translated_title",
                    "event",
                    "kind",
                    "speakers",
                    "team_speakers",
                    "note",
                )
            },
        ),
        (_("Date"), {"fields": ("date", "date_precision", "date_end", "date_text")}),
        (None, {"fields": ("is_published",)}),
    )

    @admin.display(description=_("date"), ordering="date")
    def display_date(self, obj):
        return obj.display_date
