"""Re-encoding of uploaded images and their responsive renditions, made with Pillow.

An uploaded photo may carry EXIF data (GPS position, camera serial number, date) or XMP
and comments: the stored image is re-encoded from its pixels only, turned upright first
(the orientation lives in EXIF) and keeping its colour profile.

Renditions are made once, when the image is saved, in a few widths (never wider than the
image), as WebP plus a JPEG (or PNG, for images that may be transparent) fallback. Their
names are computed from the image's name and width, so the responsive_image template tag
needs neither a query nor a look at the storage. Everything goes through the field's
storage API (default_storage), so object storage works as the file system does.
"""

import io
import logging
from dataclasses import dataclass
from pathlib import PurePosixPath

from django.conf import settings
from django.core.files.base import ContentFile
from PIL import Image, ImageOps

from .validators import inspect_image

DEFAULT_WIDTHS = (160, 320, 640, 1280)
# Extension of the stored image -> extension of its fallback renditions. A WebP or GIF
# may be transparent, which JPEG cannot show.
FALLBACK_EXTENSIONS = {"jpg": "jpg", "png": "png", "gif": "png", "webp": "png"}
RENDITION_FORMATS = {"webp": "WEBP", "jpg": "JPEG", "png": "PNG"}

logger = logging.getLogger(__name__)


@dataclass
class CleanImage:
    file: ContentFile
    content_type: str
    image: Image.Image


def clean_image(upload):
    """The upload checked (ValidationError otherwise) and re-encoded without metadata."""
    info = inspect_image(upload)
    upload.seek(0)
    with Image.open(upload) as source:
        source.load()
        icc_profile = source.info.get("icc_profile")
        transparency = source.info.get("transparency")
        image = ImageOps.exif_transpose(source)  # a copy, upright
    # Pillow may copy some metadata (XMP, comments) from .info when saving: start clean.
    image.info = {}
    options = {}
    if icc_profile and info.format != "GIF":
        options["icc_profile"] = icc_profile
    if transparency is not None and info.format in {"PNG", "GIF"}:
        options["transparency"] = transparency
    if info.format == "JPEG":
        options.update(quality=90, optimize=True)
    elif info.format == "WEBP":
        options.update(quality=90)
    elif info.format == "PNG":
        options.update(optimize=True)
    buffer = io.BytesIO()
    image.save(buffer, info.format, **options)
    if transparency is not None:
        image.info["transparency"] = transparency  # for the renditions below
    if icc_profile:
        image.info["icc_profile"] = icc_profile
    # Named, so that ImageField reads the width and height from it rather than the storage.
    name = f"image.{info.format.lower()}"
    return CleanImage(ContentFile(buffer.getvalue(), name=name), info.mime_type, image)


def rendition_widths(width):
    """The widths made for an image `width` pixels wide: never wider than the image."""
    if not width:
        return []
    widths = getattr(settings, "IMAGE_RENDITION_WIDTHS", DEFAULT_WIDTHS)
    chosen = {w for w in widths if w < width}
    chosen.add(min(width, max(widths)))
    return sorted(chosen)


def fallback_extension(name):
    return FALLBACK_EXTENSIONS.get(PurePosixPath(name).suffix.lower().lstrip("."), "png")


def rendition_name(name, width, extension):
    """team/ab12.jpg -> team/renditions/ab12-320w.webp"""
    path = PurePosixPath(name)
    return str(path.parent / "renditions" / f"{path.stem}-{width}w.{extension}")


def renditions(name, width):
    """[(width, WebP name, fallback name)] of the image `name`, `width` pixels wide."""
    fallback = fallback_extension(name)
    return [
        (w, rendition_name(name, w, "webp"), rendition_name(name, w, fallback))
        for w in rendition_widths(width)
    ]


def _rendition_source(image):
    """The image in a mode WebP, JPEG and PNG all take (RGB, RGBA or L)."""
    has_alpha = image.mode in {"RGBA", "LA", "PA"} or (
        image.mode == "P" and "transparency" in image.info
    )
    icc_profile = image.info.get("icc_profile")
    if image.mode == "CMYK":
        icc_profile = None  # a CMYK profile does not describe the converted pixels
    if has_alpha and image.mode != "RGBA":
        image = image.convert("RGBA")
    elif not has_alpha and image.mode not in {"RGB", "L"}:
        image = image.convert("RGB")
    return image, icc_profile


def _encode(image, extension, icc_profile):
    options = {"icc_profile": icc_profile} if icc_profile else {}
    if extension == "webp":
        options.update(quality=80, method=4)
    elif extension == "jpg":
        if image.mode == "RGBA":
            image = image.convert("RGB")
        options.update(quality=82, optimize=True, progressive=True)
    else:
        options.update(optimize=True)
    buffer = io.BytesIO()
    image.save(buffer, RENDITION_FORMATS[extension], **options)
    return buffer.getvalue()


def _store(storage, name, data):
    if storage.exists(name):
        storage.delete(name)  # a fixed name: save() would otherwise pick another one
    storage.save(name, ContentFile(data))


def _missing(storage, wanted):
    return [
        (w, webp, fallback)
        for w, webp, fallback in wanted
        if not (storage.exists(webp) and storage.exists(fallback))
    ]


def make_renditions(storage, name, image=None, width=None, only_missing=False):
    """Write the renditions of the stored image `name` (all of them, or the missing ones).

    The image is opened from storage only when there is something to make.
    """
    if only_missing and width and not _missing(storage, renditions(name, width)):
        return 0
    if image is None:
        with storage.open(name, "rb") as handle, Image.open(handle) as opened:
            opened.load()
            image = ImageOps.exif_transpose(opened)
    wanted = renditions(name, image.width)
    if only_missing:
        wanted = _missing(storage, wanted)
    if not wanted:
        return 0
    source, icc_profile = _rendition_source(image)
    count = 0
    for rendition_width, webp_name, fallback_name in wanted:
        height = max(1, round(source.height * rendition_width / source.width))
        resized = (
            source
            if rendition_width == source.width
            else source.resize((rendition_width, height), Image.Resampling.LANCZOS)
        )
        for rendition, extension in (
            (webp_name, "webp"),
            (fallback_name, fallback_extension(name)),
        ):
            _store(storage, rendition, _encode(resized, extension, icc_profile))
            count += 1
    return count


def stored_width(fieldfile):
    """The image's width as recorded on its row (ImageField width_field), or None."""
    width_field = getattr(fieldfile.field, "width_field", None)
    return getattr(fieldfile.instance, width_field, None) if width_field else None


def ensure_renditions(fieldfile, force=False):
    """Make the renditions an image lacks (lost, or new widths); returns how many."""
    if not fieldfile:
        return 0
    return make_renditions(
        fieldfile.storage, fieldfile.name, width=stored_width(fieldfile), only_missing=not force
    )


def backfill(model, field_name, force=False):
    """Record the size and make the missing renditions of `model`'s stored images.

    For images stored before sizes and renditions existed (the migration runs it), after
    media were restored from a backup, or when IMAGE_RENDITION_WIDTHS changed
    (`manage.py make_renditions`). Returns the number of files written.
    """
    field = model._meta.get_field(field_name)
    count = 0
    for row in model._default_manager.exclude(**{field_name: ""}).iterator():
        fieldfile = getattr(row, field_name)
        width = getattr(row, field.width_field)
        try:
            if width and getattr(row, field.height_field) and not force:
                count += ensure_renditions(fieldfile)
                continue
            with (
                fieldfile.storage.open(fieldfile.name, "rb") as handle,
                Image.open(handle) as opened,
            ):
                opened.load()
                image = ImageOps.exif_transpose(opened)
        except OSError:
            logger.warning("Cannot read the image %s", fieldfile.name, exc_info=True)
            continue
        model._default_manager.filter(pk=row.pk).update(
            **{field.width_field: image.width, field.height_field: image.height}
        )
        count += make_renditions(fieldfile.storage, fieldfile.name, image, only_missing=not force)
    return count
