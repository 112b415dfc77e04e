"""Podcast series (one per focus disease) and their episodes."""

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from centre.models import Disease, Person
from mocsite.gender import gender_field, speaker_label
from mocsite.models import Ordered, Publishable, PublishedQuerySet, paragraphs, published_q
from mocsite.uploads import CheckedFileField, CheckedImageField, UploadTo

from .validators import (
    audio_content_type,
    inspect_audio,
    validate_audio_upload,
    validate_podcast_artwork,
)

# Podcasting 2.0's namespace for podcast:guid, a UUIDv5 of the feed's address.
PODCAST_GUID_NAMESPACE = uuid.UUID("ead4c236-bf58-58c6-a2c6-a6b28d128cb6")


def podcast_guid(feed_url):
    """podcast:guid of a feed address: the scheme and trailing slashes stripped off."""
    return str(uuid.uuid5(PODCAST_GUID_NAMESPACE, feed_url.split("://", 1)[-1].rstrip("/")))


class SeriesQuerySet(PublishedQuerySet):
    def with_episode_count(self):
        """Number of published episodes, in the same query as the series."""
        today = timezone.localdate()
        published = published_q("episodes__") & (
            Q(episodes__published_on__isnull=True) | Q(episodes__published_on__lte=today)
        )
        return self.annotate(episode_count=Count("episodes", filter=published))

    def for_listing(self):
        return self.published().select_related("disease").with_episode_count()


class Series(Publishable, Ordered):
    disease = models.OneToOneField(
        Disease,
        on_delete=models.PROTECT,
        related_name="podcast_series",
        verbose_name=_("disease"),
    )
    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(
        _("slug"), max_length=200, unique=True, help_text=_("The last part of the page's address.")
    )
    description = models.TextField(_("description"), blank=True)
    artwork = CheckedImageField(
        _("artwork"),
        upload_to=UploadTo("podcasts/artwork"),
        blank=True,
        validators=[validate_podcast_artwork],
        width_field="artwork_width",
        height_field="artwork_height",
        help_text=_("Square JPEG or PNG, 1400 to 3000 pixels wide: podcast apps show it."),
    )
    artwork_width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    artwork_height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    artwork_alt = models.CharField(_("artwork description"), max_length=200, blank=True)
    # Each language's feed is a podcast of its own, identified by podcast:guid: made once
    # from the feed's first public address (on SITE_URL) and kept, so that a new title or
    # slug, or a move to another address, leaves the podcast the same for directories.
    feed_guids = models.JSONField(default=dict, blank=True, editable=False)

    objects = SeriesQuerySet.as_manager()

    class Meta:
        verbose_name = _("podcast series")
        verbose_name_plural = _("podcast series")
        ordering = ["ordering", "pk"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("podcasts:series", kwargs={"slug": self.slug})

    def get_feed_url(self):
        return reverse("podcasts:feed", kwargs={"slug": self.slug})

    def save(self, *args, **kwargs):
        if settings.SITE_URL:
            for code, _name in settings.LANGUAGES:
                if code not in self.feed_guids:
                    with translation.override(code):
                        self.feed_guids[code] = podcast_guid(
                            settings.SITE_URL + self.get_feed_url()
                        )
        super().save(*args, **kwargs)

    def podcast_guid(self, feed_url):
        """This language's podcast:guid; one not made yet (no SITE_URL when the series
        was saved) is the guid of `feed_url`, the address the feed is read at."""
        return self.feed_guids.get(translation.get_language()) or podcast_guid(feed_url)


class EpisodeQuerySet(PublishedQuerySet):
    def published(self):
        return self.filter(
            Q(published_on__isnull=True) | Q(published_on__lte=timezone.localdate()),
            published_q(),
            published_q("series__"),
        )

    def with_audio(self):
        return self.exclude(audio_file="", audio_url="")

    def for_listing(self):
        return self.select_related("series", "speaker_person")


class Episode(Ordered, Publishable):
    series = models.ForeignKey(
        Series, on_delete=models.CASCADE, related_name="episodes", verbose_name=_("series")
    )
    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(
        _("slug"), max_length=200, unique=True, help_text=_("The last part of the page's address.")
    )
    questions = models.TextField(
        _("questions answered"),
        blank=True,
        help_text=_("One question per line."),
    )
    speaker_name = models.CharField(
        _("speaker"), max_length=200, help_text=_("As it should be shown, with title.")
    )
    speaker_description = models.TextField(
        _("speaker's role and affiliation"),
        blank=True,
    )
    speaker_gender = gender_field()
    speaker_person = models.ForeignKey(
        Person,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="podcast_episodes",
        verbose_name=_("speaker in the team"),
        help_text=_("When the speaker is a member of the centre's team."),
    )
    audio_file = CheckedFileField(
        _("audio file"),
        upload_to=UploadTo("podcasts/audio", name_field="title"),
        blank=True,
        validators=[validate_audio_upload],
        content_type_of=audio_content_type,
        help_text=_("MP3, M4A (AAC) or Ogg (Opus). Its duration and size are read from the file."),
    )
    audio_url = models.URLField(
        _("external audio address"),
        blank=True,
        help_text=_("Only when the recording is hosted elsewhere and no file is uploaded."),
    )
    audio_mime_type = models.CharField(
        _("audio type"),
        max_length=50,
        blank=True,
        help_text=_(
            "Filled from the uploaded file; for an external address, for example audio/mpeg."
        ),
    )
    duration = models.PositiveIntegerField(
        _("duration (seconds)"),
        null=True,
        blank=True,
        help_text=_("Filled from the uploaded file."),
    )
    file_size = models.PositiveBigIntegerField(
        _("file size (bytes)"),
        null=True,
        blank=True,
        help_text=_("Filled from the uploaded file."),
    )
    transcript = models.TextField(
        _("transcript"), blank=True, help_text=_("Paragraphs separated by a blank line.")
    )
    published_on = models.DateField(_("publication date"), null=True, blank=True)
    # The feed item's guid: podcast apps identify an episode by it, so it never changes.
    guid = models.UUIDField(
        _("identifier in the feeds (GUID)"), default=uuid.uuid4, unique=True, editable=False
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = EpisodeQuerySet.as_manager()

    class Meta:
        verbose_name = _("episode")
        verbose_name_plural = _("episodes")
        ordering = ["series__ordering", "series_id", "ordering", "pk"]

    def __str__(self):
        return self.title

    @property
    def is_live(self):
        """Visible now: its own schedule, its publication date and its series'."""
        return (
            super().is_live
            and (self.published_on is None or self.published_on <= timezone.localdate())
            and self.series.is_live
        )

    def live_window(self):
        starts, ends = self.series.live_window()
        own_start, own_end = super().live_window()
        start = max(filter(None, (starts, own_start)), default=None)
        end = min(filter(None, (ends, own_end)), default=None)
        return start, end

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        if "audio_file" in field_names:
            # The recording whose facts (type, duration, size) the row holds.
            instance._inspected_audio = instance.audio_file.name
        return instance

    def save(self, *args, **kwargs):
        audio = self.audio_file
        if audio and self._audio_facts_stale(audio):
            try:
                info = inspect_audio(audio)
            except OSError:  # a stored name whose file is not in storage: nothing to read
                info = None
            finally:
                if audio._committed:
                    audio.close()
            if info:
                self.audio_mime_type = info.mime_type
                self.duration = info.duration
                self.file_size = info.size
        elif not self.audio_file and not self.audio_url:
            # The recording was removed: its facts go with it.
            self.audio_mime_type, self.duration, self.file_size = "", None, None
        super().save(*args, **kwargs)
        self._inspected_audio = self.audio_file.name if self.audio_file else None

    def _audio_facts_stale(self, audio):
        """Whether the facts must be read from the file: a new upload, or a file stored
        by code (`episode.audio_file.save(name, content)` stores it before calling
        save()), or facts missing."""
        return (
            not audio._committed
            or audio.name != getattr(self, "_inspected_audio", None)
            or self.duration is None
            or self.file_size is None
            or not self.audio_mime_type
        )

    def get_absolute_url(self):
        return reverse(
            "podcasts:episode", kwargs={"series_slug": self.series.slug, "slug": self.slug}
        )

    def clean(self):
        if self.audio_url and not self.audio_file and not self.audio_mime_type:
            raise ValidationError(
                {
                    "audio_mime_type": _(
                        "Give the type of the external recording, for example audio/mpeg."
                    )
                }
            )

    @property
    def audio_src(self):
        """The recording's address, or "" while it is not online."""
        if self.audio_file:
            return self.audio_file.url
        return self.audio_url

    @property
    def has_audio(self):
        return bool(self.audio_file or self.audio_url)

    @property
    def speaker_label(self):
        """« Intervenante », « Intervenant » or the neutral wording (mocsite.gender)."""
        gender = self.speaker_gender or (
            self.speaker_person.grammatical_gender if self.speaker_person else ""
        )
        return speaker_label([gender])

    @property
    def question_list(self):
        return [line.strip() for line in self.questions.splitlines() if line.strip()]

    @property
    def transcript_paragraphs(self):
        return paragraphs(self.transcript)

    @property
    def duration_hms(self):
        """HH:MM:SS, as itunes:duration wants it."""
        if self.duration is None:
            return ""
        hours, rest = divmod(self.duration, 3600)
        minutes, seconds = divmod(rest, 60)
        return f"{hours:02d}:{minutes:02d}:{seconds:02d}"

    @property
    def duration_iso(self):
        """ISO 8601 duration for schema.org and the <time> element."""
        if self.duration is None:
            return ""
        minutes, seconds = divmod(self.duration, 60)
        return f"PT{minutes}M{seconds}S"

    @property
    def duration_minutes(self):
        if self.duration is None:
            return None
        return max(1, round(self.duration / 60))

    @property
    def download_name(self):
        return self.audio_file.name.rsplit("/", 1)[-1] if self.audio_file else ""


def published_episodes(series):
    """The published episodes of `series`, in its order (the pk last: a stable order,
    so each episode is on exactly one page of the series)."""
    return (
        Episode.objects.published()
        .filter(series=series)
        .select_related("speaker_person")
        .order_by("ordering", "pk")
    )
