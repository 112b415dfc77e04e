"""The registry of what is searchable, and the index that follows every change to it.

Each app describes its documents in its own `search.py` (a Document subclass per kind)
and registers them from its AppConfig.ready(). Registering connects the signals that
keep the index in step: a save (which is also how staff publish and unpublish), a
delete, a change of the many-to-many relations an entry shows, and a change of a row
that an entry shows part of (a disease's name in its trials' entries). Whatever changes
rows without signals (queryset.update(), bulk_create(), loaddata) needs
`manage.py rebuild_search_index` afterwards.
"""

import logging
import re
from collections import Counter
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import F
from django.db.models.signals import m2m_changed, post_delete, post_migrate, post_save, pre_delete
from django.utils import translation

from mocsite.models import ALWAYS, Publishable, SearchEntry, SearchTerm, ignoring_schedule

from . import text

logger = logging.getLogger(__name__)
LANGUAGES = [code for code, _name in settings.LANGUAGES]
FIELD_NAMES = ("title", "alt", "keywords", "body", "meta")
# Rows written per statement (and words per IN list: SQLite limits parameters).
BATCH = 500


@dataclass
class Fields:
    """What a document says in one language. `alt` holds other names (aliases, acronyms),
    one per line: they rank as the title does. `meta` is the line shown under a result."""

    title: str = ""
    alt: str = ""
    keywords: str = ""
    body: str = ""
    meta: str = ""


def join(*parts):
    """Text parts, the empty ones left out."""
    return "\n".join(str(p) for p in parts if p)


class Document:
    """One kind of searchable page. Subclasses say which rows, what text, which address.

    `public()` is the truth about what may be found: the model's own published()
    queryset, so the search hides exactly what the site hides.
    """

    model = None
    kind = ""
    label = ""  # one result of the kind ("Disease")
    plural = ""  # the kind's filter ("Diseases")
    priority = 100  # lower first, when two results rank the same
    # Offered A to Z on the page that has no result (the diseases).
    browse = False
    # Many-to-many fields of the model whose rows the entry shows.
    m2m = ()

    def items(self):
        """Every row, hidden ones too (their entries are kept, not visible)."""
        return self.model._base_manager.all()

    def public(self):
        return self.model.objects.published()

    def key(self, item):
        return f"{self.model._meta.label_lower}:{item.pk}"

    def content_object(self, item):
        return item

    def visibility(self, item, public_pks=None):
        """(visible now or on a later day, that day or None)."""
        if public_pks is not None:
            return item.pk in public_pks, None
        with ignoring_schedule():
            return self.public().filter(pk=item.pk).exists(), None

    def fields(self, item):
        """Fields of `item` in the active language."""
        raise NotImplementedError

    def url(self, item):
        return item.get_absolute_url()

    def identifiers(self, item):
        return []

    def date(self, item):
        return None

    def watched(self):
        """{other model: function(row) -> rows of this document that show it}."""
        return {}

    def refresh(self, items):
        """The rows among `items` that still exist, read again."""
        return self.items().filter(pk__in=[item.pk for item in items])


class Registry:
    def __init__(self):
        self.documents = {}

    def __iter__(self):
        return iter(sorted(self.documents.values(), key=lambda d: (d.priority, d.kind)))

    def get(self, kind):
        return self.documents.get(kind)

    def for_model(self, model):
        return [d for d in self if d.model is model]


registry = Registry()
# Inside deferred(): the changes seen, so the index is rebuilt once at the end.
_held = ContextVar("search_index_held", default=None)


@contextmanager
def deferred():
    """Rows saved in bulk (the seed) without indexing each save: the index is rebuilt
    once at the end if anything it follows changed, inside the caller's transaction."""
    if _held.get() is not None:
        yield
        return
    changes = []
    token = _held.set(changes)
    try:
        yield
    finally:
        _held.reset(token)
    if changes:
        rebuild()


def _holding():
    changes = _held.get()
    if changes is None:
        return False
    if not changes:
        changes.append(True)
    return True


def register(document):
    """Make a Document searchable and keep its entries in step with its rows."""
    if document.kind in registry.documents:
        return document
    registry.documents[document.kind] = document
    uid = f"search:{document.kind}"
    if document.model is not None:
        post_save.connect(_saved, sender=document.model, dispatch_uid=f"{uid}:save")
        post_delete.connect(_deleted, sender=document.model, dispatch_uid=f"{uid}:delete")
        for name in document.m2m:
            through = getattr(document.model, name).through
            m2m_changed.connect(_relation_changed, sender=through, dispatch_uid=f"{uid}:{name}")
    for model in document.watched():
        uid = f"search:watch:{model._meta.label_lower}"
        post_save.connect(_watched_saved, sender=model, dispatch_uid=f"{uid}:save")
        pre_delete.connect(_watched_deleting, sender=model, dispatch_uid=f"{uid}:pre")
        post_delete.connect(_watched_deleted, sender=model, dispatch_uid=f"{uid}:delete")
    post_migrate.connect(_build_if_empty, dispatch_uid="search:build-if-empty")
    return document


# -- Signals ----------------------------------------------------------------------------------


def _saved(sender, instance, raw=False, **kwargs):
    if raw:  # loaddata: related rows may not exist yet (rebuild afterwards)
        return
    if _holding():
        return
    for document in registry.for_model(sender):
        index(document, [instance])


def _deleted(sender, instance, **kwargs):
    if _holding():
        return
    for document in registry.for_model(sender):
        remove(document.key(instance))


def _relation_changed(sender, instance, action, reverse, model, pk_set, **kwargs):
    if _holding():
        return
    if not action.startswith("post_") and action != "pre_clear":
        return
    for document in registry:
        if document.model is None or sender not in _throughs(document):
            continue
        if isinstance(instance, document.model):
            if action != "pre_clear":
                index(document, [instance])
        elif action == "pre_clear":
            # The rows losing `instance` are only known before the clear.
            instance._search_cleared = list(_reverse_rows(document, sender, instance))
        else:
            rows = getattr(instance, "_search_cleared", None)
            if rows is None:
                rows = list(document.model._base_manager.filter(pk__in=pk_set or ()))
            index(document, rows)


def _throughs(document):
    return {getattr(document.model, name).through for name in document.m2m}


def _reverse_rows(document, through, instance):
    for name in document.m2m:
        if getattr(document.model, name).through is through:
            return document.model._base_manager.filter(**{name: instance})
    return []


def _watched_saved(sender, instance, raw=False, **kwargs):
    if raw:
        return
    if _holding():
        return
    for document in registry:
        show = document.watched().get(sender)
        if show is not None:
            index(document, list(show(instance)))


def _watched_deleting(sender, instance, **kwargs):
    if _holding():
        return
    # Before the delete: relations with on_delete=SET_NULL are gone afterwards.
    instance._search_dependents = [
        (document, list(show(instance)))
        for document in registry
        if (show := document.watched().get(sender)) is not None
    ]


def _watched_deleted(sender, instance, **kwargs):
    if _holding():
        return
    # Rows deleted with it (on_delete=CASCADE) left the index through their own signal.
    for document, rows in getattr(instance, "_search_dependents", []):
        if rows:
            index(document, list(document.refresh(rows)))


def _build_if_empty(sender, **kwargs):
    """After `migrate` (and a test database's flush): an index never built is built, so an
    existing site gets its index on the upgrade that brings the search."""
    if sender.label != "mocsite":
        return
    using = kwargs.get("using", "default")
    if using != "default" or SearchEntry.objects.exists():
        return
    rebuild()


# -- Building entries -----------------------------------------------------------------------


def _backend():
    from .engine import backend

    return backend()


def build(document, item, visible, visible_from):
    """The SearchEntry of `item` (not saved) and its words with their written forms."""
    entry = SearchEntry(
        key=document.key(item),
        kind=document.kind,
        priority=document.priority,
        visible=visible,
        visible_from=visible_from,
        date=document.date(item),
    )
    obj = document.content_object(item)
    if isinstance(obj, Publishable):
        entry.live_from, entry.live_until = obj.live_window()
    if obj is not None:
        entry.content_type = ContentType.objects.get_for_model(type(obj), for_concrete_model=False)
        entry.object_id = obj.pk
    forms = {}
    names = []
    for language in LANGUAGES:
        with translation.override(language):
            fields = document.fields(item)
            # Lazy translations are read in this language, here.
            values = {name: str(getattr(fields, name) or "") for name in FIELD_NAMES}
            setattr(entry, f"url_{language}", document.url(item))
        for name, value in values.items():
            # Spaces folded, but not the no-break ones French sets before « ? » and « : ».
            setattr(entry, f"{name}_{language}", re.sub(r"[ \t\r\n]+", " ", value).strip())
        names.append(values["title"])
        names += [line for line in values["alt"].splitlines() if line.strip()]
        for name in ("title", "alt", "keywords", "body"):
            for word, written in text.written_forms(values[name]).items():
                forms.setdefault(word, written)
    folded_names = dict.fromkeys(" ".join(text.words(n)) for n in names)
    entry.names = "|" + "|".join(n for n in folded_names if n) + "|"
    keys = dict.fromkeys(text.identifier_key(i) for i in document.identifiers(item) if i)
    entry.identifiers = f" {' '.join(k for k in keys if k)} "
    entry.words = " ".join(sorted(forms))
    _backend().prepare(entry)
    return entry, forms


# What an entry holds that a change of its row can alter.
CONTENT = [f"{name}_{code}" for name in (*FIELD_NAMES, "url") for code in LANGUAGES] + [
    "kind",
    "priority",
    "identifiers",
    "names",
    "words",
    "date",
    "visible",
    "visible_from",
    "live_from",
    "live_until",
]


def index(document, items):
    """(Re)index rows of a document, each visible or not as its public() says. Entries
    that come out the same are left alone (a change to the centre's profile alters one of
    its pages, not the thirteen)."""
    items = list(items)
    if not items:
        return
    public_pks = None
    if document.model is not None:
        pks = [item.pk for item in items]
        with ignoring_schedule():  # the entry carries the times (engine.visible_now)
            public = document.public().filter(pk__in=pks)
            public_pks = set(public.values_list("pk", flat=True))
    built = [build(document, item, *document.visibility(item, public_pks)) for item in items]
    keys = [entry.key for entry, _forms in built]
    old = {
        row["key"]: row
        for row in SearchEntry.objects.filter(key__in=keys).values("pk", *CONTENT, "key")
    }
    vocabulary = Vocabulary()
    changed = []
    for entry, forms in built:
        previous = old.get(entry.key)
        if previous and all(previous[name] == getattr(entry, name) for name in CONTENT):
            continue
        if previous:
            entry.pk = previous["pk"]
            entry.save(force_update=True)
        else:
            entry.save(force_insert=True)
        changed.append(entry.pk)
        vocabulary.change(previous, entry, forms)
    if changed:
        _backend().saved(changed)
    vocabulary.save()


def remove(key):
    old = SearchEntry.objects.filter(key=key).values("pk", "visible", "visible_from", "words")
    old = old.first()
    if old is None:
        return
    SearchEntry.objects.filter(pk=old["pk"]).delete()
    vocabulary = Vocabulary()
    vocabulary.change(old, None, {})
    vocabulary.save()


def _term_day(visible_from):
    return visible_from or ALWAYS


class Vocabulary:
    """Counts of the words entries gained or lost (only visible entries count), written
    in a few statements."""

    def __init__(self):
        self.delta = Counter()  # (word, day) -> change of the number of entries
        self.forms = {}

    def change(self, old, entry, forms):
        before = set(old["words"].split()) if old and old["visible"] else set()
        after = set(entry.words.split()) if entry is not None and entry.visible else set()
        old_day = _term_day(old["visible_from"]) if old else ALWAYS
        new_day = _term_day(entry.visible_from) if entry is not None else ALWAYS
        if old_day == new_day:
            before, after = before - after, after - before
        for word in before:
            self.delta[word, old_day] -= 1
        for word in after:
            self.delta[word, new_day] += 1
            self.forms.setdefault(word, forms.get(word, word))

    def save(self):
        by_change = {}
        for (word, day), change in self.delta.items():
            if change:
                by_change.setdefault((change, day), []).append(word)
        terms = SearchTerm.objects
        for (change, day), found in sorted(by_change.items()):
            for chunk in _chunks(sorted(found)):
                if change > 0:
                    terms.bulk_create(
                        [_term(word, self.forms.get(word, word), day, 0) for word in chunk],
                        ignore_conflicts=True,
                    )
                terms.filter(visible_from=day, word__in=chunk).update(entries=F("entries") + change)
        if any(change < 0 for change, _day in by_change):
            terms.filter(entries__lte=0).delete()


def _term(word, written, day, entries):
    return SearchTerm(
        word=word,
        display=written[: text.VOCABULARY_MAX_LENGTH],
        length=len(word),
        visible_from=day,
        entries=entries,
    )


def _chunks(values, size=BATCH):
    for start in range(0, len(values), size):
        yield values[start : start + size]


def rebuild():
    """The whole index, built again from every registered document's rows."""
    with transaction.atomic():
        SearchEntry.objects.all().delete()
        SearchTerm.objects.all().delete()
        entries, counts, written = [], Counter(), {}
        for document in registry:
            public_pks = None
            if document.model is not None:
                with ignoring_schedule():
                    public_pks = set(document.public().values_list("pk", flat=True))
            for item in document.items():
                visible, visible_from = document.visibility(item, public_pks)
                entry, forms = build(document, item, visible, visible_from)
                entries.append(entry)
                if visible:
                    day = _term_day(visible_from)
                    for word in entry.words.split():
                        counts[word, day] += 1
                        written.setdefault(word, forms.get(word, word))
        SearchEntry.objects.bulk_create(entries, batch_size=BATCH)
        SearchTerm.objects.bulk_create(
            [_term(word, written[word], day, n) for (word, day), n in counts.items()],
            batch_size=BATCH,
        )
        _backend().saved(None)
    logger.info("Search index rebuilt: %d entries, %d words", len(entries), len(counts))
    return len(entries)
