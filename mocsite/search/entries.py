"""The index's rows: an entry per document row and language pair, and the vocabulary of
the visible entries' words (for typos and suggestions), kept in step change by change or
built again whole."""

import logging
import re
from collections import Counter

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import F
from django.utils import translation

from mocsite.models import ALWAYS, Publishable, SearchEntry, SearchTerm, ignoring_schedule

from . import text
from .documents import registry

logger = logging.getLogger(__name__)
LANGUAGES = [code for code, _name in settings.LANGUAGES]
FIELD_NAMES = ("title", "alt", "keywords", "body", "meta")
# Rows written per statement (and words per IN list: SQLite limits parameters).
BATCH = 500


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
