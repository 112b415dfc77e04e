"""Uploaded files are stored under generated names, with an extension taken from their content.

A visitor can never reach a file by its original name (which may carry personal data,
spaces, or a misleading `.html`/`.php` suffix), and the server, a reverse proxy or object
storage always announces the right Content-Type, because the extension is the one of what
the file really is, found by the checks of mocsite.validators / podcasts.validators.

Models use CheckedFileField / CheckedImageField with `upload_to=UploadTo("team")`: every
save of a new file, from the admin, a form or code (`person.photo.save(name, content)`),
checks its content and size, so nothing reaches storage unchecked. Images are also
re-encoded without their metadata and given responsive renditions (mocsite.images).
"""

import logging
import uuid
from pathlib import PurePosixPath

from django.conf import settings
from django.db.models.fields.files import FieldFile, FileField, ImageField, ImageFieldFile
from django.utils.deconstruct import deconstructible
from django.utils.text import slugify

logger = logging.getLogger(__name__)

# MIME type of checked content -> extension of the stored file.
EXTENSIONS = {
    "image/jpeg": "jpg",
    "image/png": "png",
    "image/webp": "webp",
    "image/gif": "gif",
    "application/pdf": "pdf",
    "audio/mpeg": "mp3",
    "audio/mp4": "m4a",
    "audio/aac": "aac",
    "audio/ogg": "ogg",
}
# Longest readable part of a stored name (UploadTo's name_field).
READABLE_NAME_LENGTH = 80
# Extension -> the Content-Type the file is served with (mocsite.media.serve_media).
CONTENT_TYPES = {extension: mime for mime, extension in EXTENSIONS.items()}


@deconstructible
class UploadTo:
    """upload_to callable: `<directory>/<uuid4 hex>.<extension>`, never the original name.

    The checked fields below hand it a name whose extension was derived from the content;
    any other extension becomes "bin", served as an opaque download.

    With `name_field` (documents and recordings visitors save), the file gets a readable
    name in a directory of its own: `pnds/<uuid4 hex>/osteogenese-imparfaite.pdf`, from
    the row's field in the site's first language (`prefix` and `suffix` around it). A
    browser saves a file under the last part of its address whatever serves it (Django,
    nginx, object storage, a CDN), so the name survives every deployment.
    """

    def __init__(self, directory, name_field=None, prefix="", suffix=""):
        self.directory = directory.strip("/")
        self.name_field = name_field
        self.prefix = prefix
        self.suffix = suffix

    def __call__(self, instance, filename):
        extension = PurePosixPath(filename).suffix.lower().lstrip(".")
        if extension not in CONTENT_TYPES:
            extension = "bin"
        if self.name_field is None:
            return f"{self.directory}/{uuid.uuid4().hex}.{extension}"
        return f"{self.directory}/{uuid.uuid4().hex}/{self.readable_name(instance)}.{extension}"

    def readable_name(self, instance):
        language = settings.LANGUAGE_CODE
        value = getattr(instance, f"{self.name_field}_{language}", None)
        if value is None:
            value = getattr(instance, self.name_field, "")
        value = slugify(str(value or ""))
        words = value.split("-")
        # "PNDS" before a title that already says "PNDS" is said once.
        parts = [slugify(part) for part in (self.prefix, self.suffix)]
        prefix, suffix = (part if part and part not in words else "" for part in parts)
        name = "-".join(part for part in (prefix, value, suffix) if part)
        return name[:READABLE_NAME_LENGTH].strip("-") or "document"

    def __eq__(self, other):
        return isinstance(other, UploadTo) and (
            other.directory,
            other.name_field,
            other.prefix,
            other.suffix,
        ) == (self.directory, self.name_field, self.prefix, self.suffix)


def _name_for(content_type):
    return f"upload.{EXTENSIONS[content_type]}"


class CheckedFieldFile(FieldFile):
    def save(self, name, content, save=True):
        content_type = self.field.content_type_of(content)  # ValidationError if refused
        super().save(_name_for(content_type), content, save)


class CheckedFileField(FileField):
    """A FileField whose files are checked by `content_type_of(file) -> MIME type`."""

    attr_class = CheckedFieldFile

    def __init__(self, *args, content_type_of=None, **kwargs):
        self.content_type_of = content_type_of
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs["content_type_of"] = self.content_type_of
        return name, path, args, kwargs


class CheckedImageFieldFile(ImageFieldFile):
    def save(self, name, content, save=True):
        from . import images

        cleaned = images.clean_image(content)  # ValidationError if refused
        super().save(_name_for(cleaned.content_type), cleaned.file, save=False)
        images.make_renditions(self.storage, self.name, cleaned.image)
        if save:
            self.instance.save()


class CheckedImageField(ImageField):
    """An ImageField whose uploads are checked, stripped of metadata and given renditions.

    Give it width_field/height_field: the responsive_image tag reads the size from the
    row, so no page ever opens an image file.
    """

    attr_class = CheckedImageFieldFile

    def pre_save(self, model_instance, add):
        file = super().pre_save(model_instance, add)  # stores a new upload
        if file and file._committed:
            from . import images

            try:
                images.ensure_renditions(file)
            except OSError:
                logger.warning("Cannot make the renditions of %s", file.name, exc_info=True)
        return file

    def update_dimension_fields(self, instance, force=False, *args, **kwargs):
        # Django fills width/height from the file when a row is loaded and they are
        # empty, opening the image on every page view (and failing if it went missing):
        # they are only taken from the file when a file is assigned.
        if not force:
            return
        try:
            super().update_dimension_fields(instance, True, *args, **kwargs)
        except OSError:
            logger.warning(
                "Cannot read the size of %s", getattr(instance, self.attname), exc_info=True
            )
