"""The index follows every change to what is searchable.

Each app describes its documents in its own `search.py` (a Document subclass per kind,
mocsite.search.documents) and registers them from its AppConfig.ready(). Registering
connects the signals that keep the index in step: a save (which is also how staff publish
and unpublish), a delete, a change of the many-to-many relations an entry shows, and a
change of a row that an entry shows part of (a disease's name in its trials' entries).
Whatever changes rows without signals (queryset.update(), bulk_create(), loaddata) needs
`manage.py rebuild_search_index` afterwards.
"""

import re
from contextlib import contextmanager
from contextvars import ContextVar

from django.db.models.signals import m2m_changed, post_delete, post_migrate, post_save, pre_delete

from mocsite.models import SearchEntry

from .documents import Document, Fields, join, registry
from .entries import build, index, rebuild, remove

__all__ = ["Document", "Fields", "build", "index", "join", "rebuild", "register", "registry"]


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
    if not re.fullmatch(r"[a-z]+", document.kind):
        # The ranking names the kinds in its SQL (mocsite.search.engine.candidates).
        raise ValueError(f"A document's kind is a lower-case word: {document.kind!r}")
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
