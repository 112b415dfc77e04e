"""Audio uploads are checked by their content (mutagen parses the file), never by name."""

from dataclasses import dataclass

import mutagen
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from mutagen.aac import AAC
from mutagen.mp3 import MP3
from mutagen.mp4 import MP4
from mutagen.oggopus import OggOpus
from mutagen.oggvorbis import OggVorbis

from mocsite.validators import inspect_image

# Formats every current browser's <audio> and podcast apps play, with the MIME type the
# feed's enclosure and the player's <source> announce.
ACCEPTED_AUDIO_TYPES = {
    MP3: "audio/mpeg",
    MP4: "audio/mp4",
    AAC: "audio/aac",
    OggOpus: "audio/ogg",
    OggVorbis: "audio/ogg",
}


@dataclass
class AudioInfo:
    mime_type: str
    duration: int  # whole seconds, rounded
    size: int  # bytes


def _size_of(upload):
    size = getattr(upload, "size", None)
    if size is None:
        position = upload.tell()
        upload.seek(0, 2)
        size = upload.tell()
        upload.seek(position)
    return size


def inspect_audio(upload):
    """What the file really is: its MIME type, duration and size, or ValidationError."""
    size = _size_of(upload)
    limit = settings.MAX_AUDIO_UPLOAD_SIZE
    if size > limit:
        raise ValidationError(
            _("The file is too large (%(size)s); the limit is %(limit)s."),
            code="too_large",
            params={"size": filesizeformat(size), "limit": filesizeformat(limit)},
        )
    position = upload.tell() if hasattr(upload, "tell") else 0
    try:
        upload.seek(0)
        # mutagen sniffs the content; the name only breaks ties between formats it
        # recognises anyway, so a renamed text or image file is still refused.
        audio = mutagen.File(upload)
    except Exception as error:  # mutagen raises many error types for damaged files
        raise ValidationError(
            _("This file is not a readable audio recording: use MP3, M4A (AAC) or Ogg (Opus)."),
            code="invalid_audio",
        ) from error
    finally:
        upload.seek(position)
    mime_type = ACCEPTED_AUDIO_TYPES.get(type(audio))
    if isinstance(audio, MP4) and not getattr(audio.info, "codec", "").startswith("mp4a"):
        mime_type = None  # ALAC and other MPEG-4 codecs browsers do not all play
    if audio is None or mime_type is None:
        raise ValidationError(
            _("Unsupported audio format: use MP3, M4A (AAC) or Ogg (Opus)."),
            code="audio_format",
        )
    length = getattr(audio.info, "length", 0) or 0
    if length <= 0:
        raise ValidationError(
            _("This recording seems empty: its duration cannot be read."),
            code="audio_empty",
        )
    return AudioInfo(mime_type=mime_type, duration=round(length), size=size)


def validate_audio_upload(upload):
    """Accept only real MP3, M4A/AAC or Ogg Opus/Vorbis recordings under the size limit."""
    if getattr(upload, "_committed", False):
        # A file already stored (the row is re-saved): it was checked when uploaded.
        return
    inspect_audio(upload)


def audio_content_type(upload):
    """The MIME type of a checked recording: mocsite.uploads names the stored file after it."""
    return inspect_audio(upload).mime_type


def validate_podcast_artwork(upload):
    """Podcast apps require a square JPEG or PNG cover of 1400 to 3000 pixels."""
    if getattr(upload, "_committed", False):
        return
    info = inspect_image(upload)
    width, height = info.width, info.height
    if info.format not in {"JPEG", "PNG"} or width != height or not 1400 <= width <= 3000:
        raise ValidationError(
            _(
                "The artwork must be a square JPEG or PNG image of 1400 to 3000 pixels "
                "(this one is %(width)s × %(height)s pixels)."
            ),
            code="artwork_size",
            params={"width": width, "height": height},
        )
