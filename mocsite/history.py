"""Versions of the content (django-reversion) and the redirects of moved addresses.

Every public content model is registered with django-reversion: each save made through the
admin (mocsite.admin_history.HistoryAdminMixin) is a revision (who, when, the admin's
change message) holding the item's fields in both languages and its many-to-many links.

Relations that point at an item from elsewhere (a disease's care protocols, events and
publications; a series' episodes) are not followed on every save: restoring an old version
of a disease would otherwise roll back every publication linked to it. They are saved with
the item's last version when it is deleted (snapshot_before_delete), so recovering it puts
them back as they were at that moment: the episodes deleted with their series, the links
from protocols, events and publications.

Existing content gets its first version from `manage.py createinitialrevisions`
(docs/history.md), which the seed loading and the deploy step run.
"""

import reversion
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core import serializers
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save
from django.utils import timezone
from django.utils.translation import gettext
from reversion.models import Revision, Version

from . import redirects
from .reverting import brought_back, is_reverting

# The public content types (app_label.model), each with the reverse relations saved with
# its last version when it is deleted, so that recovering it restores them.
CONTENT_MODELS = {
    "centre.centre": (),
    "centre.mission": (),
    "centre.specialty": (),
    "centre.network": (),
    "centre.keyfigure": (),
    "centre.pageintro": (),
    "centre.disease": (
        "care_protocols",
        "trials",
        "registries",
        "events",
        "publications",
        "questions",
    ),
    "centre.diseasequestion": (),
    "centre.glossaryterm": (),
    "centre.person": ("events", "publications", "talks", "podcast_episodes"),
    "centre.careprotocol": (),
    "centre.trial": (),
    "centre.registry": (),
    "centre.event": (),
    "publications.publication": (),
    "publications.talk": (),
    "podcasts.series": ("episodes",),
    "podcasts.episode": (),
}

# Models whose public address is made of a slug: a change of it leaves a redirect.
ADDRESSED_MODELS = (
    "centre.disease",
    "centre.person",
    "centre.event",
    "centre.trial",
    "podcasts.series",
    "podcasts.episode",
)


_VERSIONED_FIELDS = {}


def versioned_fields(model):
    """The names of the fields kept in each version of the model."""
    return _VERSIONED_FIELDS.get(model, ())


def content_models():
    return [apps.get_model(label) for label in CONTENT_MODELS]


def _translated_originals(model):
    """The untranslated column modeltranslation keeps beside `name_fr`/`name_en`: not
    versioned, since it mirrors one of the languages and would overwrite it on restore."""
    try:
        from modeltranslation.translator import NotRegistered, translator
    except ImportError:  # pragma: no cover
        return set()
    try:
        return set(translator.get_options_for_model(model).fields)
    except NotRegistered:
        return set()


def register_content():
    for model in content_models():
        if reversion.is_registered(model):
            continue
        originals = _translated_originals(model)
        fields = [
            field.name
            for field in model._meta.get_fields()
            if (field.concrete or field.many_to_many)
            and field.name not in originals
            and not field.auto_created
        ]
        fields.append(model._meta.pk.name)
        _VERSIONED_FIELDS[model] = fields
        reversion.register(model, fields=fields)


def snapshot_before_delete(obj, user=None):
    """A last version of `obj`, with the rows that point at it, just before it is deleted.

    Written at once (not at the end of a reversion block, which keeps only the versions of
    rows that still exist then), so it works inside the admin's own revision blocks.
    """
    rows = [obj]
    for name in CONTENT_MODELS.get(obj._meta.label_lower, ()):
        rows.extend(related for related in getattr(obj, name).all())
    rows = [row for row in rows if reversion.is_registered(type(row))]
    revision = Revision.objects.create(
        date_created=timezone.now(),
        user=user if user is not None and user.is_authenticated else None,
        comment=gettext("Deleted"),
    )
    Version.objects.bulk_create(_version(revision, row) for row in rows)
    return revision


def _version(revision, row):
    model = type(row)
    return Version(
        revision=revision,
        content_type=ContentType.objects.get_for_model(model),
        object_id=str(row.pk),
        db=row._state.db or "default",
        format="json",
        serialized_data=serializers.serialize("json", (row,), fields=_VERSIONED_FIELDS[model]),
        object_repr=str(row),
    )


def _existing(model, pks):
    """The pks (as given) of rows that exist, or that the restore in progress brings back."""
    restored = {pk for pk in pks if brought_back(model, pk)}
    found = set(model._base_manager.filter(pk__in=set(pks) - restored).values_list("pk", flat=True))
    return restored | found


def _drop_missing_links(sender, instance, action, model, pk_set, **kwargs):
    """m2m_changed, while restoring: a version may name rows deleted since (a publication's
    team author who left); the link to them is dropped rather than failing the restore."""
    if action == "pre_add" and pk_set and is_reverting():
        pk_set.intersection_update(_existing(model, pk_set))


def _drop_missing_foreign_keys(sender, instance, **kwargs):
    """pre_save, while restoring: a link to a row deleted since is emptied (the links that
    may be empty; the others are refused by the database, and the restore with them)."""
    if not is_reverting():
        return
    for field in instance._meta.concrete_fields:
        if field.many_to_one and field.null:
            value = getattr(instance, field.attname)
            if value is not None and not _existing(field.related_model, [value]):
                setattr(instance, field.attname, None)


def connect():
    register_content()
    for model in content_models():
        pre_save.connect(_drop_missing_foreign_keys, sender=model, dispatch_uid=f"restore-{model}")
    m2m_changed.connect(_drop_missing_links, dispatch_uid="restore-m2m")
    for label in ADDRESSED_MODELS:
        model = apps.get_model(label)
        pre_save.connect(redirects.remember_addresses, sender=model, dispatch_uid=f"moved-{label}")
        post_save.connect(
            redirects.redirect_moved_addresses, sender=model, dispatch_uid=f"moved-post-{label}"
        )
    redirect = apps.get_model("mocsite.redirect")
    post_save.connect(redirects.redirects_changed, sender=redirect, dispatch_uid="redirect-save")
    post_delete.connect(redirects.redirects_changed, sender=redirect, dispatch_uid="redirect-del")
