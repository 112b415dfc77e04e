"""The podcasts' lines of the admin home's « À faire » list (mocsite.todo)."""

from django.utils.translation import gettext_lazy as _

from mocsite.todo import Todo, missing_translation_check

from .models import Episode, Series

EPISODES_WITHOUT_AUDIO = Todo(
    Episode,
    _("episodes without a recording"),
    lambda queryset: queryset.filter(audio_file="", audio_url=""),
    _("without a recording"),
)
SERIES_WITHOUT_ARTWORK = Todo(
    Series,
    _("podcast series without artwork (podcast directories refuse their feeds)"),
    lambda queryset: queryset.filter(artwork=""),
    _("without artwork"),
)

CHECKS = [
    EPISODES_WITHOUT_AUDIO,
    SERIES_WITHOUT_ARTWORK,
    missing_translation_check(Series),
    missing_translation_check(Episode),
]
