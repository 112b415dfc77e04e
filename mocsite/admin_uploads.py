"""A file chosen in an admin form survives the form's other errors.

A browser never sends a file twice: when the form comes back with an error elsewhere, the
photo, PDF or audio file staff chose is gone, and saving again would store the item without
it. So, when a bound form has errors, each file it received (and that passed its own field's
checks) is put aside in a temporary area of the default storage, under a random name, and
the re-displayed form carries a signed token for it in a hidden input next to the file
field, with the file's name. Sent back without a new file, the token brings the file back as
if it had been uploaded again, so it goes through the field's and the model's usual checks
and is stored under its final name on save; the temporary copy is then deleted. Copies left
behind by forms never saved are removed after a day, the next time a file is put aside.

The temporary area is in the default storage (not on one server's disk) so it works with
several app servers; its names are random and never linked from the site.
"""

import logging
import os
import uuid
from datetime import timedelta

from django.contrib.admin.widgets import AdminFileWidget
from django.core import signing
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from django.db import models
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)

DIRECTORY = "admin-uploads"
SALT = "mocsite.admin_uploads"
KEEP_FOR = timedelta(days=1)
TOKEN_SUFFIX = "__kept"


def put_aside(upload):
    """Store an upload in the temporary area; returns the signed token that brings it back."""
    _remove_stale()
    upload.seek(0)
    day = timezone.now().strftime("%Y%m%d")
    path = default_storage.save(f"{DIRECTORY}/{day}/{uuid.uuid4().hex}", upload)
    return signing.dumps(
        {"path": path, "name": upload.name, "type": getattr(upload, "content_type", "")},
        salt=SALT,
    )


def bring_back(token):
    """The upload a token stands for, or None (altered, expired or already removed)."""
    try:
        kept = signing.loads(token, salt=SALT, max_age=KEEP_FOR)
        path = kept["path"]
    except (signing.BadSignature, KeyError, TypeError):
        return None
    if not path.startswith(f"{DIRECTORY}/") or not default_storage.exists(path):
        return None
    return UploadedFile(
        file=default_storage.open(path, "rb"),
        name=kept["name"],
        content_type=kept["type"] or None,
        size=default_storage.size(path),
    )


def discard(token):
    try:
        path = signing.loads(token, salt=SALT)["path"]
    except (signing.BadSignature, KeyError, TypeError):
        return
    if path.startswith(f"{DIRECTORY}/"):
        default_storage.delete(path)


def _remove_stale():
    """Delete the copies of days before yesterday (forms never saved)."""
    oldest_kept = (timezone.now() - KEEP_FOR).strftime("%Y%m%d")
    try:
        days, _files = default_storage.listdir(DIRECTORY)
    except (FileNotFoundError, NotImplementedError):
        return
    for day in days:
        if day < oldest_kept:
            try:
                _dirs, files = default_storage.listdir(f"{DIRECTORY}/{day}")
                for name in files:
                    default_storage.delete(f"{DIRECTORY}/{day}/{name}")
                _remove_directory(f"{DIRECTORY}/{day}")
            except OSError:
                logger.warning("Cannot remove the stale uploads of %s", day, exc_info=True)


def _remove_directory(name):
    """On a file system, the emptied directory too (object storage has none)."""
    try:
        os.rmdir(default_storage.path(name))
    except (NotImplementedError, OSError):
        pass


class KeptFileWidget(AdminFileWidget):
    """The admin's file input, plus the hidden token of a file put aside and its name."""

    kept_token = None
    kept_name = ""

    def value_from_datadict(self, data, files, name):
        upload = super().value_from_datadict(data, files, name)
        if upload is not None:  # a new file, or "clear" ticked
            return upload
        token = data.get(name + TOKEN_SUFFIX)
        if not token:
            return None
        if token != self.kept_token:
            kept = bring_back(token)
            if kept is None:
                return None
            self.kept_token, self.kept_name, self._kept = token, kept.name, kept
        self._kept.seek(0)
        return self._kept

    def render(self, name, value, attrs=None, renderer=None):
        html = super().render(name, value, attrs, renderer)
        if not self.kept_token:
            return html
        return format_html(
            '{}<input type="hidden" name="{}" value="{}"><p class="help kept-upload">{}</p>',
            html,
            name + TOKEN_SUFFIX,
            self.kept_token,
            _(
                "The file “%(name)s” you chose is kept: it will be saved with the form. "
                "Choose another file only to replace it."
            )
            % {"name": self.kept_name},
        )


class KeptUploadsFormMixin:
    def full_clean(self):
        super().full_clean()
        if not (self.is_bound and self._errors):
            return
        for name, field in self.fields.items():
            widget = field.widget
            if not isinstance(widget, KeptFileWidget) or name in self._errors:
                continue
            upload = self.files.get(self.add_prefix(name))
            if upload:  # a new file: put it aside (a file brought back already is)
                widget.kept_token, widget.kept_name = put_aside(upload), upload.name

    def discard_kept_uploads(self):
        for field in self.fields.values():
            widget = field.widget
            # The open copy is still read after the save (the admin's change message);
            # it is closed when the request's form goes away.
            if isinstance(widget, KeptFileWidget) and widget.kept_token:
                discard(widget.kept_token)


class KeptUploadsMixin:
    """For ModelAdmins: every file field of the form keeps its file across errors."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if isinstance(db_field, models.FileField):
            kwargs["widget"] = KeptFileWidget
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def get_form(self, request, obj=None, **kwargs):
        base = kwargs.get("form", self.form)
        kwargs["form"] = type(base.__name__, (KeptUploadsFormMixin, base), {})
        return super().get_form(request, obj, **kwargs)

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if isinstance(form, KeptUploadsFormMixin):
            form.discard_kept_uploads()
