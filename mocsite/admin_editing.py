"""Editable change lists (`list_editable`) guarded like the change form, row by row, and
SafeEditingMixin, which gives every content admin all the guards against lost work.

Each row carries the values it was opened with (mocsite.admin_conflicts); a row only the
other person changed is not written at all; a row both changed is not saved and the list
comes back with, on that row, what each side did, the other rows being saved; a row
deleted meanwhile is skipped, and said so. A list posted without the opened values (a
script, an old page) is saved as before.
"""

from django import forms
from django.contrib import messages
from django.contrib.admin.utils import model_ngettext
from django.db import router, transaction
from django.utils.functional import cached_property
from django.utils.html import format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .admin_conflicts import FIELD, ConflictFormMixin, ConflictMixin
from .admin_uploads import KeptUploadsMixin


class ListRowConflictFormMixin(ConflictFormMixin):
    """A row of a change list with editable columns: the same checks, told of a row."""

    deleted_meanwhile = False  # set by ConflictListFormSetMixin
    announces_merges = False  # the list says how many rows kept someone else's changes

    @property
    def changed_data(self):
        return [] if self.deleted_meanwhile else super().changed_data

    def saved_meanwhile(self, names, when):
        if names:
            return _(
                "%(names)s saved this row after you opened the list (%(when)s), and changed "
                "what you changed too: this row was not saved."
            ) % {"names": names, "when": when}
        return _(
            "Someone else saved this row after you opened the list (%(when)s), and changed "
            "what you changed too: this row was not saved."
        ) % {"when": when}

    def conflict_advice(self):
        return _(
            "Check this row (your values are in the list), then save again to keep your version."
        )


class ConflictListFormSetMixin:
    """The formset of a change list with editable columns (ListConflictMixin makes it).

    The change list shows of a row only its pk and editable columns, so the rows' opened
    values are rendered together by `opened_states` (templates/admin/change_list.html),
    each under its row's own prefix, where the row's form reads it."""

    request = None  # set by ListConflictMixin.get_changelist_formset

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.is_bound:
            self.request.list_formset = self  # for ListConflictMixin.changelist_view

    @cached_property
    def guarded(self):
        """Posted from a page that carried the opened values (not a script or an old page)."""
        suffix = f"-{FIELD}"
        return self.is_bound and any(key.endswith(suffix) for key in self.data)

    def _construct_form(self, i, **kwargs):
        form = super()._construct_form(i, **kwargs)
        if self.guarded and i < self.initial_form_count() and form.instance._state.adding:
            # Its pk no longer exists (Django would stop the whole list on the row's hidden
            # pk, with an error nobody sees): nothing to save there, told after the save.
            form.deleted_meanwhile = True
            form.empty_permitted = True  # no validation for a form with nothing changed
        return form

    def opened_states(self):
        return format_html_join("", "{}", ((form[FIELD],) for form in self.forms))

    def reopen(self, form):
        """The row as a newly opened list shows it: its stored values, signed anew."""
        index = self.forms.index(form)
        fresh = self.form(
            instance=form.instance,
            prefix=form.prefix,
            auto_id=self.auto_id,
            error_class=self.error_class,
            use_required_attribute=False,
            renderer=self.renderer,
            **self.get_form_kwargs(index),
        )
        self.add_fields(fresh, index)
        # add_fields would take an unbound row's pk from the queryset's position `index`,
        # which is not the posted row's.
        fresh.fields[self.model._meta.pk.name].initial = form.instance.pk
        self.forms[index] = fresh


class ListConflictMixin:
    """For ModelAdmins with `list_editable`: each row's save checked as a change form's."""

    def get_changelist_form(self, request, **kwargs):
        base = super().get_changelist_form(request, **kwargs)
        return type(base.__name__, (ListRowConflictFormMixin, base), {})

    def get_changelist_formset(self, request, **kwargs):
        base = super().get_changelist_formset(request, **kwargs)
        return type(base.__name__, (ConflictListFormSetMixin, base), {"request": request})

    def changelist_view(self, request, extra_context=None):
        response = super().changelist_view(request, extra_context)
        formset = request.__dict__.pop("list_formset", None)
        if formset is None or not formset.guarded:
            return response
        rows = formset.forms
        conflicting = [form for form in rows if form.has_conflict()]
        others_valid = not formset.non_form_errors() and all(
            not form.errors for form in rows if form not in conflicting
        )
        if conflicting and others_valid:
            # Django saves no row of a list that has an error: the rows that met no
            # conflict are saved as it would have saved them, then shown as stored.
            self._save_list_rows(
                request, [form for form in rows if form not in conflicting and form.has_changed()]
            )
            for form in list(rows):
                if form not in conflicting and not form.deleted_meanwhile:
                    formset.reopen(form)
        self._report_list_rows(request, rows, conflicting)
        cl = getattr(response, "context_data", {}).get("cl")
        if cl is not None and cl.formset is formset:
            # Django pairs the shown rows with the forms by position: the rows come back
            # in the order they were posted (the other person may have reordered them),
            # without those deleted meanwhile.
            rows[:] = [form for form in rows if not form.deleted_meanwhile]
            cl.result_list = [form.instance for form in rows]
        return response

    def _save_list_rows(self, request, forms_to_save):
        """Each row as Django's changelist_view saves it, with the same message."""
        with transaction.atomic(using=router.db_for_write(self.model)):
            for form in forms_to_save:
                obj = self.save_form(request, form, change=True)
                self.save_model(request, obj, form, change=True)
                self.save_related(request, form, formsets=[], change=True)
                self.log_change(request, obj, self.construct_change_message(request, form, None))
        if forms_to_save:
            count = len(forms_to_save)
            self.message_user(
                request,
                ngettext(
                    "%(count)s %(name)s was changed successfully.",
                    "%(count)s %(name)s were changed successfully.",
                    count,
                )
                % {"count": count, "name": model_ngettext(self.opts, count)},
                messages.SUCCESS,
            )

    def _report_list_rows(self, request, rows, conflicting):
        deleted = sum(form.deleted_meanwhile for form in rows)
        kept = sum(bool(form.kept) for form in rows if form not in conflicting)
        if conflicting:
            self.message_user(
                request,
                ngettext(
                    "Someone else saved %(count)s row after you opened this list, and changed "
                    "what you changed too: it was not saved. Its message shows both versions.",
                    "Someone else saved %(count)s rows after you opened this list, and changed "
                    "what you changed too: they were not saved. Their messages show both "
                    "versions.",
                    len(conflicting),
                )
                % {"count": len(conflicting)},
                messages.ERROR,
            )
        if kept:
            self.message_user(
                request,
                ngettext(
                    "Someone else changed %(count)s row while you were editing: their "
                    "changes to what you left untouched were kept.",
                    "Someone else changed %(count)s rows while you were editing: their "
                    "changes to what you left untouched were kept.",
                    kept,
                )
                % {"count": kept},
                messages.WARNING,
            )
        if deleted:
            self.message_user(
                request,
                ngettext(
                    "Someone else deleted %(count)s row of this list after you opened it: "
                    "what you entered on it was not saved.",
                    "Someone else deleted %(count)s rows of this list after you opened it: "
                    "what you entered on them was not saved.",
                    deleted,
                )
                % {"count": deleted},
                messages.WARNING,
            )


class SafeEditingMixin(ConflictMixin, ListConflictMixin, KeptUploadsMixin):
    """What every content admin gets so staff never lose work: concurrent edits shown, files
    kept across errors, and a prompt before leaving a changed form."""

    @property
    def media(self):
        return super().media + forms.Media(js=["admin/js/moc_unsaved_changes.js"])
