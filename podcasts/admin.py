"""Admin for podcast series and episodes, with French/English tabs."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from mocsite.admin import BaseTranslationAdmin

from . import todo
from .models import Episode, Series


@admin.register(Series)
class SeriesAdmin(BaseTranslationAdmin):
    list_display = ("title", "disease", "is_published", "ordering", "missing_translations")
    list_editable = ("ordering",)
    list_filter = ("is_published", todo.SERIES_WITHOUT_ARTWORK.list_filter)
    list_select_related = ("disease",)
    search_fields = ("title_fr", "title_en")
    prepopulated_fields = {"slug": ("title",)}


@admin.register(Episode)
class EpisodeAdmin(BaseTranslationAdmin):
    list_display = (
        "title",
        "series",
        "speaker_name",
        "has_audio_column",
        "is_published",
        "ordering",
        "missing_translations",
    )
    list_editable = ("ordering",)
    list_filter = ("series", "is_published", todo.EPISODES_WITHOUT_AUDIO.list_filter)
    list_select_related = ("series",)
    search_fields = ("title_fr", "title_en", "speaker_name", "questions_fr", "questions_en")
    prepopulated_fields = {"slug": ("title",)}
    readonly_fields = ("guid",)
    fieldsets = (
        (
            None,
            {
                "fields": (
                    "series",
                    "title",
                    "slug",
                    "questions",
                    "published_on",
                    "ordering",
                    "is_published",
                )
            },
        ),
        (
            _("Speaker"),
            {"fields": ("speaker_name", "speaker_gender", "speaker_description", "speaker_person")},
        ),
        (
            _("Recording"),
            {
                "fields": (
                    "audio_file",
                    "audio_url",
                    "audio_mime_type",
                    "duration",
                    "file_size",
                    "guid",
                )
            },
        ),
        (_("Transcript"), {"fields": ("transcript",)}),
    )

    @admin.display(description=_("recording online"), boolean=True)
    def has_audio_column(self, obj):
        return obj.has_audio
