"""Two people editing the same item: the second save never silently erases the first.

The change form carries, in a hidden signed field, the stored values of its fields when it
was opened. On save they are compared with the values stored now:

- a field only the other person changed keeps their value (the form's untouched value is
  not written back), and a message says so after the save;
- a field both changed differently stops the save: the form comes back with, for each such
  field (each language is its own field), what it read when the form was opened, what the
  other person saved and what this person entered, and who saved meanwhile. Saving again
  then applies this person's values knowingly.

The admin's change lists with editable columns do the same row by row
(mocsite.admin_editing, which also has SafeEditingMixin, what every content admin uses).

A form or list posted without the hidden values (a script, an old page) is saved as before.
"""

from datetime import UTC, date, datetime, time
from decimal import Decimal

from django import forms
from django.contrib import messages
from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core import signing
from django.core.exceptions import NON_FIELD_ERRORS, FieldDoesNotExist
from django.db import models
from django.db.models.fields.files import FieldFile
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.formats import date_format
from django.utils.text import Truncator
from django.utils.translation import gettext as _

FIELD = "_opened_state"
SALT = "mocsite.admin_conflicts"


def _canonical(value):
    """A comparable, readable text for a form or model value."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, FieldFile):
        return value.name or ""
    if hasattr(value, "read"):  # a new upload
        return f"upload:{getattr(value, 'name', '')}"
    if isinstance(value, models.Model):
        return str(value)
    if isinstance(value, (list, tuple, set, models.QuerySet)):
        return "\n".join(sorted(_canonical(item) for item in value))
    if isinstance(value, datetime) and timezone.is_aware(value):
        value = value.astimezone(UTC)
    if isinstance(value, (datetime, time)):
        return value.replace(microsecond=0, tzinfo=None).isoformat()  # as forms send them
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value.normalize())
    return str(value).replace("\r\n", "\n").strip()


def stored_state(form):
    """{field name: canonical stored value} for the form's fields that are model fields."""
    instance, state = form.instance, {}
    for name in form.fields:
        try:
            field = instance._meta.get_field(name)
        except FieldDoesNotExist:  # a form-only field
            continue
        if field.many_to_many:
            value = list(getattr(instance, name).all()) if instance.pk else []
        elif field.is_relation:
            value = getattr(instance, name, None)
        else:
            value = getattr(instance, field.attname, None)
        state[name] = _canonical(value)
    return state


def _sign(state, opened_at):
    return signing.dumps({"state": state, "at": opened_at}, salt=SALT, compress=True)


def saved_by_opener(token, name, value):
    """The opened values `token` with `name` now stored as `value` by the person who opened
    the page (the ordering they dragged, saved at once): their own save is no conflict.
    None if the token is not one of ours."""
    try:
        opened = signing.loads(token, salt=SALT)
    except (signing.BadSignature, TypeError):
        return None
    if name not in opened.get("state", {}):
        return None
    opened["state"][name] = _canonical(value)
    return _sign(opened["state"], opened["at"])


def _readable(form, name, canonical):
    if canonical == "":
        return _("(empty)")
    field = form.fields[name]
    if isinstance(field, forms.BooleanField) or isinstance(field, forms.NullBooleanField):
        return _("yes") if canonical == "1" else _("no")
    choices = getattr(field, "choices", None)
    if choices is not None and not isinstance(field, forms.ModelChoiceField):
        labels = {str(key): label for key, label in choices}
        canonical = str(labels.get(canonical, canonical))
    return Truncator(canonical.replace("\n", " · ")).chars(200)


class ConflictFormMixin:
    # Picked up by the form metaclass, as a field declared on the form would be.
    declared_fields = {FIELD: forms.CharField(widget=forms.HiddenInput, required=False)}
    kept = ()  # fields only the other person changed: their value was kept
    announces_merges = True  # a message after the save names the fields kept

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._stored = {}
        if self.instance.pk:
            self._stored = stored_state(self)
            self.fields[FIELD].initial = _sign(self._stored, timezone.now().isoformat())

    @property
    def merged_fields(self):
        return [str(self.fields[name].label or name) for name in self.kept]

    @property
    def changed_data(self):
        """What this person changed: not the opened values (signed anew on each page), nor
        the fields whose other person's value was kept."""
        return [name for name in super().changed_data if name != FIELD and name not in self.kept]

    def clean(self):
        cleaned_data = super().clean()
        token = self.data.get(self.add_prefix(FIELD)) if self.is_bound else None
        if not (self.instance.pk and token):
            return cleaned_data
        try:
            opened = signing.loads(token, salt=SALT)
        except signing.BadSignature:
            return cleaned_data
        opened_state, opened_at = opened["state"], opened["at"]
        conflicts, kept = [], []
        for name, stored in self._stored.items():
            if name not in opened_state or opened_state[name] == stored:
                continue  # nobody else changed it
            if name not in cleaned_data:
                continue  # an error on the field itself: shown already
            submitted = _canonical(cleaned_data[name])
            if submitted == stored:
                continue
            if submitted == opened_state[name]:
                cleaned_data[name] = self._current_value(name)  # keep the other's change
                kept.append(name)
            else:
                conflicts.append((name, opened_state[name], stored, submitted))
        self.kept = kept
        if conflicts:
            # Acknowledged: saving again applies this person's values to these fields.
            for name, _opened, stored, _submitted in conflicts:
                opened_state[name] = stored
            self.data = self.data.copy()
            self.data[self.add_prefix(FIELD)] = _sign(opened_state, opened_at)
            lines = (
                [self._who(opened_at)]
                + [
                    _(
                        "“%(field)s” read “%(opened)s” when you opened this page; it now "
                        "reads “%(stored)s”; you entered “%(submitted)s”."
                    )
                    % {
                        "field": self.fields[name].label or name,
                        "opened": _readable(self, name, opened_value),
                        "stored": _readable(self, name, stored),
                        "submitted": _readable(self, name, submitted),
                    }
                    for name, opened_value, stored, submitted in conflicts
                ]
                + [self.conflict_advice()]
            )
            # A list's code is not given to its items: each carries it (has_conflict).
            raise forms.ValidationError(
                [forms.ValidationError(line, code="edit_conflict") for line in lines]
            )
        return cleaned_data

    def _current_value(self, name):
        field = self.instance._meta.get_field(name)
        if field.many_to_many:
            return list(getattr(self.instance, name).all())
        return getattr(self.instance, name)

    def _who(self, opened_at):
        since = parse_datetime(opened_at)
        entries = LogEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(self.instance, for_concrete_model=False),
            object_id=str(self.instance.pk),
            action_time__gt=since,
        ).select_related("user")
        names = sorted({e.user.get_full_name() or e.user.get_username() for e in entries})
        when = date_format(timezone.localtime(since), "DATETIME_FORMAT")
        return self.saved_meanwhile(", ".join(names), when)

    def saved_meanwhile(self, names, when):
        if names:
            return _(
                "%(names)s saved this item after you opened it (%(when)s), and changed fields "
                "you changed too: nothing was saved."
            ) % {"names": names, "when": when}
        return _(
            "Someone else saved this item after you opened it (%(when)s), and changed fields "
            "you changed too: nothing was saved."
        ) % {"when": when}

    def conflict_advice(self):
        return _(
            "Check these fields (your values are in the form), then save again to keep your "
            "version."
        )

    def has_conflict(self):
        return self.has_error(NON_FIELD_ERRORS, "edit_conflict")


class ConflictMixin:
    """For ModelAdmins: change forms and change lists detect and show concurrent edits."""

    def get_form(self, request, obj=None, **kwargs):
        base = kwargs.get("form", self.form)
        kwargs["form"] = type(base.__name__, (ConflictFormMixin, base), {})
        return super().get_form(request, obj, **kwargs)

    def get_fieldsets(self, request, obj=None):
        fieldsets = list(super().get_fieldsets(request, obj))
        if obj is None:
            return fieldsets
        named = {name for _title, options in fieldsets for name in _flat(options["fields"])}
        if FIELD not in named:
            fieldsets.append((None, {"fields": [FIELD], "classes": ["hidden"]}))
        return fieldsets

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if getattr(form, "merged_fields", None) and form.announces_merges:
            self.message_user(
                request,
                _("Someone else changed %(fields)s while you were editing: their change was kept.")
                % {
                    "fields": ", ".join(
                        _("“%(field)s”") % {"field": label} for label in form.merged_fields
                    )
                },
                messages.WARNING,
            )


def _flat(fields):
    for name in fields:
        if isinstance(name, (list, tuple)):
            yield from name
        else:
            yield name
