"""The admin's safety net: history with compare, restore and recovery of deleted items
(django-reversion and django-reversion-compare), redirects when an item is deleted and the
redirects' own admin.

HistoryAdminMixin is a base of mocsite.admin.BaseTranslationAdmin (and of the few content
admins that are plain ModelAdmins). « Confirmer la relecture » is centre.admin.reviews.
"""

from django import forms
from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.db import transaction
from django.http import QueryDict
from django.urls import Resolver404, resolve
from django.utils.translation import gettext_lazy as _
from reversion_compare.admin import CompareVersionAdmin

from . import history, redirects
from .models import Redirect
from .reverting import reverting

# Models whose deleted items leave a public address behind (the others live on a list page).
REDIRECTABLE = set(history.ADDRESSED_MODELS) | {"publications.publication"}


def _site_path(value):
    """A path of a page of this site, or a ValidationError."""
    value = value.strip()
    if not value.startswith("/") or value.startswith("//"):
        raise forms.ValidationError(
            _("Give a path on this site, starting with /, e.g. /fr/maladies/")
        )
    try:
        resolve(value.split("?", 1)[0])
    except Resolver404:
        raise forms.ValidationError(_("No page of the site has this address.")) from None
    return value


class DeleteRedirectForm(forms.Form):
    """On the delete confirmation: where the deleted item's addresses should lead."""

    redirect_to_item = forms.ModelChoiceField(
        queryset=None,
        required=False,
        label=_("Send its address to"),
        help_text=_("Visitors and links to the deleted page go to this one, in their language."),
    )
    redirect_to_path = forms.CharField(
        required=False,
        max_length=300,
        label=_("or to this address on the site"),
        help_text=_("For example /fr/maladies/ (leave both empty: the old address answers 404)."),
    )

    def __init__(self, obj, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["redirect_to_item"].queryset = type(obj)._default_manager.exclude(pk=obj.pk)

    def clean_redirect_to_path(self):
        value = self.cleaned_data["redirect_to_path"]
        return _site_path(value) if value.strip() else ""

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("redirect_to_item") and cleaned.get("redirect_to_path"):
            raise forms.ValidationError(_("Choose a page or type an address, not both."))
        return cleaned

    @property
    def target(self):
        return self.cleaned_data.get("redirect_to_item") or self.cleaned_data.get(
            "redirect_to_path"
        )


class HistoryAdminMixin(CompareVersionAdmin):
    """Every save is a version; History lists them, compares two (both languages, field by
    field) and restores one; "Recover deleted …" on the list brings a deleted item back
    with its translations and relations. Deleting offers a redirect of its address."""

    history_latest_first = True
    delete_confirmation_template = "admin/history/delete_confirmation.html"

    def compare(self, obj, version1, version2):
        """django-reversion-compare's field-by-field diff, limited to the versioned fields
        that really changed: an empty text saved as "" where the seed left NULL, or a link
        to the same row, is no change to staff."""
        diff, has_unfollowed_fields = super().compare(obj, version1, version2)
        versioned = set(history.versioned_fields(type(obj)))
        before, after = version1.field_dict, version2.field_dict

        def changed(field):
            name = getattr(field, "attname", None)
            if field.name not in versioned or name is None:
                return False
            old, new = before.get(name), after.get(name)
            return (old or None) != (new or None)

        return [entry for entry in diff if changed(entry["field"])], has_unfollowed_fields

    def _reversion_revisionform_view(self, request, version, template_name, extra_context=None):
        # Restore and recover: links to rows deleted since are dropped, addresses that
        # change get their redirects (mocsite.reverting).
        with reverting(version.revision):
            return super()._reversion_revisionform_view(
                request, version, template_name, extra_context
            )

    def _redirect_form(self, request, obj):
        if obj is None or obj._meta.label_lower not in REDIRECTABLE:
            return None
        data = request.POST if request.method == "POST" and "post" in request.POST else None
        return DeleteRedirectForm(obj, data, prefix="redirect")

    def delete_view(self, request, object_id, extra_context=None):
        obj = self.get_object(request, unquote(object_id))
        form = self._redirect_form(request, obj)
        context = {**(extra_context or {}), "redirect_form": form}
        if form is not None and form.is_bound and not form.is_valid():
            # The confirmation again, with the form's errors; Django's delete view deletes
            # on any POST with data, so it is shown the request as a GET.
            request.method = "GET"
            request.POST = QueryDict()
        request._history_redirect_form = form
        return super().delete_view(request, object_id, context)

    def delete_model(self, request, obj):
        form = getattr(request, "_history_redirect_form", None)
        target = form.target if form is not None and form.is_bound else None
        with transaction.atomic():
            history.snapshot_before_delete(obj, request.user)
            if target:
                redirects.redirect_deleted(obj, target)
            super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        with transaction.atomic():
            for obj in queryset:
                history.snapshot_before_delete(obj, request.user)
            super().delete_queryset(request, queryset)


class RedirectForm(forms.ModelForm):
    class Meta:
        model = Redirect
        fields = ("old_path", "new_path")

    def clean_old_path(self):
        value = self.cleaned_data["old_path"].strip()
        if not value.startswith("/") or value.startswith("//"):
            raise forms.ValidationError(
                _("Give a path on this site, starting with /, e.g. /fr/maladies/")
            )
        return value

    def clean_new_path(self):
        return _site_path(self.cleaned_data["new_path"])

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("old_path") and cleaned.get("old_path") == cleaned.get("new_path"):
            raise forms.ValidationError(_("An address cannot lead to itself."))
        return cleaned


class RedirectAdmin(admin.ModelAdmin):
    form = RedirectForm
    list_display = ("old_path", "new_path", "automatic", "created_at")
    list_filter = ("automatic",)
    search_fields = ("old_path", "new_path")
    readonly_fields = ("automatic", "created_at")

    def save_model(self, request, obj, form, change):
        # Staff-made: whatever led to the old address now follows it (no chain, no loop).
        obj.automatic = False
        with transaction.atomic():
            super().save_model(request, obj, form, change)
            Redirect.objects.filter(new_path=obj.old_path).exclude(pk=obj.pk).update(
                new_path=obj.new_path
            )
            Redirect.objects.filter(old_path=obj.new_path).delete()


def register():
    """Called from MocsiteConfig.ready(): registering from
    mocsite.admin itself would run while django.contrib.admin builds its site, and land in
    a site it then throws away."""
    admin.site.register(Redirect, RedirectAdmin)
