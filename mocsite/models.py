"""What the apps' models share: published content, staff ordering, paragraphs, file sizes.

Besides these querysets, abstract models and helpers, mocsite has the tables of the site
search's index (SearchEntry, SearchTerm), which every app's documents fill.
"""

import datetime
import re

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
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


class AdminPreference(models.Model):
    """A staff member's choices for the admin: its language (French unless changed)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="admin_preference"
    )
    language = models.CharField(
        _("language of the administration"), max_length=8, choices=settings.LANGUAGES
    )

    class Meta:
        verbose_name = _("administration preference")
        verbose_name_plural = _("administration preferences")

    def __str__(self):
        return f"{self.user} ({self.language})"


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


# -- The site search's index (mocsite/search/) ----------------------------------------------

# SearchTerm.visible_from of a word that is shown now (a unique constraint treats NULLs
# as distinct, so "no date" is this date rather than NULL).
ALWAYS = datetime.date(2000, 1, 1)


class SearchEntry(models.Model):
    """What the site search knows of one public page: an object of an app (a disease, an
    episode…) or one of the centre's own pages.

    Both languages are kept side by side: a visitor finds a page by its text in either
    language and sees it in the page's own. `folded_*` hold the accent-free word stems the
    SQLite engine matches with LIKE; `vector` is the weighted tsvector PostgreSQL matches
    (titles A, keywords B, body C), with the titles' and the keywords' alone beside it
    (mocsite.search.engine.PostgresBackend). Entries of hidden objects stay, with
    `visible` off, so publishing is a flag change.
    """

    key = models.CharField(max_length=120, unique=True)
    content_type = models.ForeignKey(
        "contenttypes.ContentType", on_delete=models.CASCADE, null=True, blank=True
    )
    object_id = models.PositiveBigIntegerField(null=True, blank=True)
    kind = models.CharField(max_length=20)
    # Order of the kinds when two results rank the same (the registry's order).
    priority = models.PositiveSmallIntegerField(default=0)
    title_fr = models.TextField(blank=True)
    title_en = models.TextField(blank=True)
    # Other names (aliases, acronyms, a talk's translated title): ranked as titles.
    alt_fr = models.TextField(blank=True)
    alt_en = models.TextField(blank=True)
    keywords_fr = models.TextField(blank=True)
    keywords_en = models.TextField(blank=True)
    body_fr = models.TextField(blank=True)
    body_en = models.TextField(blank=True)
    # The line under a result's title (journal and year, speaker…).
    meta_fr = models.TextField(blank=True)
    meta_en = models.TextField(blank=True)
    url_fr = models.CharField(max_length=500, blank=True)
    url_en = models.CharField(max_length=500, blank=True)
    # " 436 nct03118570 " : identifiers, compacted (mocsite.search.text.identifier_key).
    identifiers = models.TextField(blank=True)
    # "|osteogenese imparfaite|oi|" : every name, folded, for exact-name matches.
    names = models.TextField(blank=True)
    # The entry's distinct folded words: what it adds to the vocabulary (SearchTerm).
    words = models.TextField(blank=True)
    folded_title = models.TextField(blank=True)
    folded_keywords = models.TextField(blank=True)
    folded_body = models.TextField(blank=True)
    vector = SearchVectorField(null=True, blank=True)
    vector_title = SearchVectorField(null=True, blank=True)
    vector_keywords = SearchVectorField(null=True, blank=True)
    date = models.DateField(null=True, blank=True)
    visible = models.BooleanField(default=False)
    # A scheduled object: visible from this day on (no save happens on that day).
    visible_from = models.DateField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("search entry")
        verbose_name_plural = _("search entries")
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self):
        return self.key


class SearchTerm(models.Model):
    """A word of the visible entries, with the number of entries using it: the vocabulary
    that typos are corrected against and "did you mean" suggestions are taken from."""

    word = models.CharField(max_length=60)
    # The word as written (accents kept), for suggestions.
    display = models.CharField(max_length=60)
    length = models.PositiveSmallIntegerField()
    visible_from = models.DateField(default=ALWAYS)
    entries = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("search term")
        verbose_name_plural = _("search terms")
        constraints = [
            models.UniqueConstraint(fields=["word", "visible_from"], name="search_term_unique")
        ]
        indexes = [models.Index(fields=["length"])]

    def __str__(self):
        return self.word


class Redirect(models.Model):
    """An address that moved: a visitor asking for `old_path` gets a 301 to `new_path`.

    Made when an item's address changes (mocsite.redirects) or by staff; read only when no
    page answers (RedirectFallbackMiddleware), so pages that exist cost no query. Paths
    carry the language prefix (/fr/maladies/…/).
    """

    old_path = models.CharField(
        _("old address"),
        max_length=300,
        unique=True,
        help_text=_(
            "A path on this site, starting with /fr/ or /en/, e.g. /fr/maladies/ancien-nom/"
        ),
    )
    new_path = models.CharField(
        _("new address"),
        max_length=300,
        help_text=_(
            "Where visitors go instead: a path on this site, e.g. /fr/maladies/nouveau-nom/"
        ),
    )
    automatic = models.BooleanField(
        _("made automatically"), default=False, help_text=_("Made when an address changed.")
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("redirect")
        verbose_name_plural = _("redirects")
        ordering = ["old_path"]

    def __str__(self):
        return f"{self.old_path} → {self.new_path}"
