"""Admin for publications (with file import and add-by-identifier) and talks."""

from django.contrib import admin
from django.urls import path
from django.utils.translation import gettext_lazy as _

from mocsite.admin import BaseTranslationAdmin
from mocsite.admin_publishing import PublishingAdminMixin

from . import admin_views
from .models import Publication, Talk


@admin.register(Publication)
class PublicationAdmin(PublishingAdminMixin, admin.ModelAdmin):
    """A publication has no translated field (its title stays as published), so this is a
    plain ModelAdmin rather than BaseTranslationAdmin."""

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

    def get_urls(self):
        opts = self.model._meta
        name = f"{opts.app_label}_{opts.model_name}"
        return [
            path(
                "import/",
                self.admin_site.admin_view(admin_views.import_file),
                name=f"{name}_import",
            ),
            path(
                "add-by-identifier/",
                self.admin_site.admin_view(admin_views.add_by_identifier),
                name=f"{name}_fetch",
            ),
            path(
                "import/confirm/",
                self.admin_site.admin_view(admin_views.confirm_import),
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
