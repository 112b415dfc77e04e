"""What the apps' models share: published content, staff ordering, paragraphs, file sizes.

mocsite has no table of its own: these are querysets, abstract models and helpers.
"""

import re

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

# A blank line (after line endings are made LF: browsers send CRLF from a textarea).
PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n\s*")


def paragraphs(text):
    """The paragraphs of a multi-line text: the one rule for every such field."""
    text = normalize_newlines(text or "")
    return [p.strip() for p in PARAGRAPH_BREAK.split(text) if p.strip()]


def normalize_newlines(text):
    """LF line endings (what the paragraph rule and `linebreaks` expect to be stored)."""
    return text.replace("\r\n", "\n").replace("\r", "\n") if text else text


class PublishedQuerySet(models.QuerySet):
    """Content staff can hold back from the site with its "published" box."""

    def published(self):
        return self.filter(is_published=True)

    def by_any_slug(self, slug):
        """The row whose slug, in any of the site's languages, is `slug`, or None.

        A visitor may follow an address in the other language (a shared link, the
        language switch of an older page); the view then redirects to this language's
        own address.
        """
        match = Q()
        for code, _name in settings.LANGUAGES:
            match |= Q(**{f"slug_{code}": slug})
        return self.filter(match).first()


class Publishable(models.Model):
    """Content with a "published" box: unticked, it is hidden from every public page."""

    is_published = models.BooleanField(_("published"), default=True)

    objects = PublishedQuerySet.as_manager()

    class Meta:
        abstract = True


class Ordered(models.Model):
    """Content staff put in order by hand (lowest first)."""

    ordering = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        abstract = True


def file_size(field_file):
    """The size of an uploaded file, or None when the file is missing from storage."""
    if not field_file:
        return None
    try:
        return field_file.size
    except (OSError, ValueError):
        return None


def repair_line_endings(app_label):
    """A data migration's operation: every text column of the app's models stored with LF
    line endings (text saved from the admin before the paragraph rule knew CRLF)."""

    def repair(apps, schema_editor):
        for model in apps.get_app_config(app_label).get_models():
            names = [f.name for f in model._meta.get_fields() if isinstance(f, models.TextField)]
            if not names:
                continue
            for row in model._base_manager.only("pk", *names).iterator():
                changed = {
                    name: normalize_newlines(getattr(row, name))
                    for name in names
                    if getattr(row, name) and "\r" in getattr(row, name)
                }
                if changed:
                    model._base_manager.filter(pk=row.pk).update(**changed)

    return repair
