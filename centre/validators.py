"""Upload checks made on the file's content, never on its name alone."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from PIL import Image, UnidentifiedImageError

ACCEPTED_IMAGE_FORMATS = {"JPEG", "PNG", "WEBP", "GIF"}


def _check_size(upload, limit):
    if upload.size is not None and upload.size > limit:
        raise ValidationError(
            _("The file is too large (%(size)s); the limit is %(limit)s."),
            code="too_large",
            params={"size": filesizeformat(upload.size), "limit": filesizeformat(limit)},
        )


def validate_image_upload(upload):
    """Accept only real JPEG, PNG, WebP or GIF images under the size limit."""
    _check_size(upload, settings.MAX_IMAGE_UPLOAD_SIZE)
    position = upload.tell() if hasattr(upload, "tell") else 0
    try:
        upload.seek(0)
        with Image.open(upload) as image:
            image_format = image.format
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as error:
        raise ValidationError(
            _("This file is not a valid image."), code="invalid_image"
        ) from error
    finally:
        upload.seek(position)
    if image_format not in ACCEPTED_IMAGE_FORMATS:
        raise ValidationError(
            _("Unsupported image format; use JPEG, PNG or WebP."), code="image_format"
        )


def validate_pdf_upload(upload):
    """Accept only files that really are PDF documents, under the size limit."""
    _check_size(upload, settings.MAX_DOCUMENT_UPLOAD_SIZE)
    position = upload.tell() if hasattr(upload, "tell") else 0
    try:
        upload.seek(0)
        head = upload.read(1024)
    finally:
        upload.seek(position)
    if not head.lstrip(b"\x00\t\n\r ").startswith(b"%PDF-"):
        raise ValidationError(_("This file is not a PDF document."), code="not_pdf")
