"""Upload checks made on the file's content, never on its name alone.

Each `*_content_type` function checks a file completely (content and size) and returns
the MIME type of what it really is: mocsite.uploads names the stored file after it, so the
extension, and the Content-Type the file is later served with, come from the content.
"""

from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from PIL import Image, UnidentifiedImageError

# Pillow format -> MIME type. SVG is absent on purpose: it is a document that can carry
# scripts, not an image Pillow can check (and it is refused as "not a valid image").
ACCEPTED_IMAGE_FORMATS = {
    "JPEG": "image/jpeg",
    "PNG": "image/png",
    "WEBP": "image/webp",
    "GIF": "image/gif",
}
# Pillow's own decompression-bomb limit is about 89 megapixels; photos, logos and
# podcast covers never need that many, and decoding them costs memory on every worker.
MAX_IMAGE_PIXELS = 40_000_000


@dataclass
class ImageInfo:
    format: str
    mime_type: str
    width: int
    height: int


def _check_size(upload, limit):
    size = getattr(upload, "size", None)
    if size is not None and size > limit:
        raise ValidationError(
            _("The file is too large (%(size)s); the limit is %(limit)s."),
            code="too_large",
            params={"size": filesizeformat(size), "limit": filesizeformat(limit)},
        )


def inspect_image(upload):
    """What the image really is (format, MIME type, size in pixels), or ValidationError."""
    _check_size(upload, settings.MAX_IMAGE_UPLOAD_SIZE)
    position = upload.tell() if hasattr(upload, "tell") else 0
    try:
        upload.seek(0)
        with Image.open(upload) as image:
            image_format, (width, height) = image.format, image.size
            animated = getattr(image, "is_animated", False)
            image.verify()
    except (
        UnidentifiedImageError,
        OSError,
        SyntaxError,
        ValueError,
        Image.DecompressionBombError,
    ) as error:
        raise ValidationError(_("This file is not a valid image."), code="invalid_image") from error
    finally:
        upload.seek(position)
    if image_format not in ACCEPTED_IMAGE_FORMATS:
        raise ValidationError(
            _("Unsupported image format; use JPEG, PNG or WebP."), code="image_format"
        )
    if width * height > MAX_IMAGE_PIXELS:
        raise ValidationError(
            _("This image is too large (%(width)s × %(height)s pixels)."),
            code="too_many_pixels",
            params={"width": width, "height": height},
        )
    if animated:
        # Photos, logos and covers are stills; an animation could not be re-encoded
        # to strip its metadata nor given responsive renditions.
        raise ValidationError(
            _("Animated images are not accepted; use a still JPEG, PNG or WebP image."),
            code="animated_image",
        )
    return ImageInfo(image_format, ACCEPTED_IMAGE_FORMATS[image_format], width, height)


def validate_image_upload(upload):
    """Accept only real, still JPEG, PNG, WebP or GIF images under the size limit."""
    if getattr(upload, "_committed", False):
        return  # already stored (the row is re-saved): it was checked when uploaded
    inspect_image(upload)


def image_content_type(upload):
    return inspect_image(upload).mime_type


def pdf_content_type(upload):
    """ "application/pdf" for a real PDF document under the size limit, or ValidationError."""
    _check_size(upload, settings.MAX_DOCUMENT_UPLOAD_SIZE)
    position = upload.tell() if hasattr(upload, "tell") else 0
    try:
        upload.seek(0)
        head = upload.read(1024)
    finally:
        upload.seek(position)
    if not head.lstrip(b"\x00\t\n\r ").startswith(b"%PDF-"):
        raise ValidationError(_("This file is not a PDF document."), code="not_pdf")
    return "application/pdf"


def validate_pdf_upload(upload):
    """Accept only files that really are PDF documents, under the size limit."""
    if getattr(upload, "_committed", False):
        return
    pdf_content_type(upload)
