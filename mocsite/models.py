"""What the apps' models share: published content, staff ordering, paragraphs, file sizes.

Besides these querysets, abstract models and helpers, mocsite has the tables of the site
search's index (SearchEntry, SearchTerm), which every app's documents fill.
"""

import contextlib
import contextvars
import datetime
import re

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.db import connection, models
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format
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


# Set by ignoring_schedule(): published() then asks only for the "published" box.
_schedule_ignored = contextvars.ContextVar("schedule_ignored", default=False)


@contextlib.contextmanager
def ignoring_schedule():
    """published() without the go-live and expiry times: for the search index, whose
    entries carry the times and are filtered by them at query time."""
    token = _schedule_ignored.set(True)
    try:
        yield
    finally:
        _schedule_ignored.reset(token)


def published_q(prefix="", now=None):
    """The condition of a live row (`prefix` reaches it through a relation: "series__"):
    its "published" box ticked, its go-live time passed and its expiry time not reached,
    at the time of the query (no save and no cron make a scheduled item appear)."""
    if _schedule_ignored.get():
        return Q(**{f"{prefix}is_published": True})
    now = now or timezone.now()
    return (
        Q(**{f"{prefix}is_published": True})
        & (Q(**{f"{prefix}go_live_at__isnull": True}) | Q(**{f"{prefix}go_live_at__lte": now}))
        & (Q(**{f"{prefix}expire_at__isnull": True}) | Q(**{f"{prefix}expire_at__gt": now}))
    )


def published_sql(alias, now=None):
    """published_q() in SQL, for a raw query: (condition, params) on the table aliased
    `alias` (already quoted). The columns are Publishable's."""
    if _schedule_ignored.get():
        return f"{alias}.is_published", []
    now = connection.ops.adapt_datetimefield_value(now or timezone.now())
    condition = (
        f"{alias}.is_published"
        f" AND ({alias}.go_live_at IS NULL OR {alias}.go_live_at <= %s)"
        f" AND ({alias}.expire_at IS NULL OR {alias}.expire_at > %s)"
    )
    return condition, [now, now]


def any_slug_q(slug):
    """Rows whose slug, in any of the site's languages, is `slug`."""
    match = Q()
    for code, _name in settings.LANGUAGES:
        match |= Q(**{f"slug_{code}": slug})
    return match


class PublishedQuerySet(models.QuerySet):
    """Content staff can hold back from the site with its "published" box, or schedule
    with a go-live and an expiry time."""

    def published(self):
        return self.filter(published_q())

    def by_any_slug(self, slug):
        """The row whose slug, in any of the site's languages, is `slug`, or None.

        A visitor may follow an address in the other language (a shared link, the
        language switch of an older page); the view then redirects to this language's
        own address.
        """
        return self.filter(any_slug_q(slug)).first()


class Publishable(models.Model):
    """Content with a "published" box and a schedule: unticked, before its go-live time or
    from its expiry time on, it is hidden from every public page (mocsite.admin_publishing
    has the staff's side: drafts, preview, the state shown in lists)."""

    is_published = models.BooleanField(_("published"), default=True)
    go_live_at = models.DateTimeField(
        _("go live at"),
        null=True,
        blank=True,
        db_index=True,
        help_text=_("Paris time. Leave empty to publish at once."),
    )
    expire_at = models.DateTimeField(
        _("expire at"),
        null=True,
        blank=True,
        db_index=True,
        help_text=_("Paris time. Leave empty to keep the item online."),
    )

    objects = PublishedQuerySet.as_manager()

    class Meta:
        abstract = True

    def clean(self):
        super().clean()
        if self.go_live_at and self.expire_at and self.expire_at <= self.go_live_at:
            raise ValidationError(
                {"expire_at": _("The expiry time must come after the go-live time.")}
            )

    @property
    def is_live(self):
        """Whether visitors see it now (what published() says of a row in memory)."""
        now = timezone.now()
        return (
            self.is_published
            and (self.go_live_at is None or self.go_live_at <= now)
            and (self.expire_at is None or self.expire_at > now)
        )

    def live_window(self):
        """(go-live time, expiry time) of what is shown of this row: its own (an episode
        adds its series')."""
        return self.go_live_at, self.expire_at

    @property
    def publishing_state(self):
        """ "draft", "scheduled", "expired" or "published" (the admin's lists)."""
        now = timezone.now()
        if not self.is_published:
            return "draft"
        if self.expire_at is not None and self.expire_at <= now:
            return "expired"
        if self.go_live_at is not None and self.go_live_at > now:
            return "scheduled"
        return "published"

    @property
    def publishing_state_label(self):
        """The state in words, with its date in Paris time ("scheduled for 3 March…")."""
        state = self.publishing_state
        if state == "scheduled":
            return _("scheduled for %(moment)s") % {"moment": paris_time(self.go_live_at)}
        if state == "expired":
            return _("expired on %(moment)s") % {"moment": paris_time(self.expire_at)}
        return {"draft": _("draft"), "published": _("published")}[state]


def paris_time(moment):
    """A date-time as staff read it: the site's time zone (Europe/Paris), named."""
    return date_format(timezone.localtime(moment), "DATETIME_FORMAT") + " (" + _("Paris time") + ")"


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
    (mocsite.search.backends.PostgresBackend). Entries of hidden objects stay, with
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
    # Its go-live and expiry times (mocsite.models.Publishable), read at query time.
    live_from = models.DateTimeField(null=True, blank=True)
    live_until = models.DateTimeField(null=True, blank=True)
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


class Draft(models.Model):
    """The unpublished changes staff saved to a content item ("Save draft"): the change
    form's data as the browser posted it (every field, both languages, related ids), kept
    until staff publish it through the form or discard it. The live row is untouched
    until then (mocsite.admin_publishing)."""

    content_type = models.ForeignKey("contenttypes.ContentType", on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    data = models.JSONField(_("form data"), default=dict)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    updated_at = models.DateTimeField(_("saved at"), auto_now=True)

    class Meta:
        verbose_name = _("draft")
        verbose_name_plural = _("drafts")
        constraints = [
            models.UniqueConstraint(fields=["content_type", "object_id"], name="draft_unique")
        ]

    def __str__(self):
        return f"{self.content_type} #{self.object_id}"
