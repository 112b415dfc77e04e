"""Fields translated with django-modeltranslation (a `_fr` and an `_en` column each)."""

from modeltranslation.translator import TranslationOptions, register

from .models import Episode, Series


@register(Series)
class SeriesTranslationOptions(TranslationOptions):
    fields = ("title", "slug", "description", "artwork_alt")


@register(Episode)
class EpisodeTranslationOptions(TranslationOptions):
    # The transcript is translated too: each language's page and feed has its own.
    fields = ("title", "slug", "questions", "speaker_name", "speaker_description", "transcript")
