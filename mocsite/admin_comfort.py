"""Editing comfort in the admin, as one mixin of every content admin (AdminComfortMixin):

- an « Aperçu » toggle under each long text that the site formats (mocsite.rich_text),
  rendered by the site's own renderer (MocAdminSite's rich-text preview view);
- thumbnails of photos in lists and forms, a player under an episode's recording;
- ordered lists: a new item is placed last, and rows are put in order by drag and drop
  (a POST to the list's `reorder/` address, which needs the change permission).
"""

import json

from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.db.models import Max
from django.http import HttpResponseBadRequest, JsonResponse
from django.urls import path, reverse_lazy
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from .admin_conflicts import saved_by_opener
from .admin_labels import TECHNICAL_FIELDS, help_text_for
from .admin_uploads import KeptFileWidget
from .images import renditions, stored_width

# The long texts the site renders with `rich_text` (app.model -> {field: mode}); "br":
# a single line break is a line break.
RICH_TEXT_FIELDS = {
    "centre.centre": {
        "description": "",
        "organisation": "",
        "classification": "",
        "contact_guidance": "br",
        "emergency_guidance": "br",
        "referral_patients": "",
        "referral_expertise": "",
        "referral_documents": "",
        "referral_difficult_cases": "",
        "transition_text": "",
    },
    "centre.pageintro": {"text": ""},
    "centre.network": {"description": ""},
    "centre.person": {"bio": "br"},
    "centre.disease": {
        "summary_patients": "br",
        "summary_professionals": "br",
        "treatments": "br",
        "emergency_must_know": "br",
        "emergency_avoid": "br",
        "emergency_contacts": "br",
    },
    "centre.diseasequestion": {"answer": ""},
    "centre.glossaryterm": {"definition": "br"},
    "centre.event": {"description": "br"},
    "centre.registry": {"description": "br"},
    "podcasts.series": {"description": ""},
    "podcasts.episode": {"transcript": "br"},
}

THUMBNAIL_WIDTH = 160


def _original_field(db_field):
    """The model field a modeltranslation column (bio_fr) translates, or the field."""
    return getattr(db_field, "translated_field", db_field)


def _without(fields, hidden):
    kept = []
    for field in fields:
        if isinstance(field, (list, tuple)):
            field = type(field)(f for f in field if f not in hidden)
            if field:
                kept.append(field)
        elif field not in hidden:
            kept.append(field)
    return kept


def thumbnail_url(fieldfile):
    """The smallest rendition of an image wide enough for a thumbnail, or the image."""
    if not fieldfile:
        return ""
    choices = renditions(fieldfile.name, stored_width(fieldfile))
    for width, webp, _fallback in choices:
        if width >= THUMBNAIL_WIDTH:
            return fieldfile.storage.url(webp)
    return fieldfile.url


class RichTextarea(forms.Textarea):
    """A textarea with its preview toggle (static/js/admin_rich_text.js)."""

    def __init__(self, mode="", attrs=None):
        attrs = {
            "data-rich-text": mode,
            "data-preview-url": reverse_lazy("admin:rich_text_preview"),
            "data-preview-label": _("Preview"),
            "data-hide-label": _("Hide the preview"),
            **(attrs or {}),
        }
        super().__init__(attrs)


class ImagePreviewWidget(KeptFileWidget):
    """The file input (which keeps a chosen file across errors), with a thumbnail of the
    current image."""

    template_name = "admin/widgets/image_preview_input.html"

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        committed = bool(value) and getattr(value, "_committed", True)
        context["widget"]["thumbnail_url"] = thumbnail_url(value) if committed else ""
        return context


class AudioPreviewWidget(KeptFileWidget):
    """The file input (which keeps a chosen file across errors), with a player of the
    current recording."""

    template_name = "admin/widgets/audio_preview_input.html"

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        committed = bool(value) and getattr(value, "_committed", True)
        context["widget"]["audio_url"] = value.url if committed else ""
        return context


class RichTextMixin:
    """The formatting toolbar and preview on the long texts of RICH_TEXT_FIELDS, and the
    help texts: for a model's admin and for its inlines (a disease's questions)."""

    class Media:
        css = {"all": ["css/admin.css"]}
        js = ["js/admin_rich_text.js"]

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = _original_field(db_field)
        help_text = help_text_for(self.model, field)
        if help_text and "help_text" not in kwargs:
            kwargs["help_text"] = help_text
        rich = RICH_TEXT_FIELDS.get(self.model._meta.label_lower, {})
        if isinstance(field, models.TextField) and field.name in rich:
            kwargs["widget"] = RichTextarea(rich[field.name])
        return super().formfield_for_dbfield(db_field, request, **kwargs)


class AdminComfortMixin(RichTextMixin):
    class Media:
        css = {"all": ["css/admin.css"]}
        js = ["js/admin_rich_text.js", "js/admin_ordering.js"]

    # -- Forms: previews, thumbnails, the player --------------------------------------

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = _original_field(db_field)
        if isinstance(field, models.ImageField):
            kwargs["widget"] = ImagePreviewWidget
        elif isinstance(field, models.FileField) and field.name.startswith("audio"):
            kwargs["widget"] = AudioPreviewWidget
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def get_fieldsets(self, request, obj=None):
        """Without the technical fields (TECHNICAL_FIELDS) but for superusers."""
        fieldsets = super().get_fieldsets(request, obj)
        if request.user.is_superuser:
            return fieldsets
        return [
            (name, {**options, "fields": _without(options["fields"], TECHNICAL_FIELDS)})
            for name, options in fieldsets
        ]

    # -- Lists: a thumbnail column --------------------------------------------------------

    def _image_field(self):
        return next(
            (f.name for f in self.model._meta.fields if isinstance(f, models.ImageField)), None
        )

    def get_list_display(self, request):
        display = list(super().get_list_display(request))
        if self._image_field() and "admin_thumbnail" not in display:
            display.insert(1, "admin_thumbnail")
        return display

    @admin.display(description=_("picture"))
    def admin_thumbnail(self, obj):
        url = thumbnail_url(getattr(obj, self._image_field()))
        if not url:
            return "—"
        return format_html('<img class="admin-thumbnail" src="{}" alt="">', url)

    # -- Ordering: new items last, drag and drop ------------------------------------------

    def _is_ordered(self):
        return any(f.name == "ordering" for f in self.model._meta.fields)

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        if self._is_ordered() and "ordering" not in initial:
            top = self.model._default_manager.aggregate(top=Max("ordering"))["top"]
            initial["ordering"] = 0 if top is None else top + 1
        return initial

    def get_urls(self):
        urls = super().get_urls()
        if not self._is_ordered():
            return urls
        opts = self.model._meta
        return [
            path(
                "reorder/",
                self.admin_site.admin_view(self.reorder_view),
                name=f"{opts.app_label}_{opts.model_name}_reorder",
            ),
            *urls,
        ]

    def reorder_view(self, request):
        return _reorder(request, self)


@require_POST
def _reorder(request, model_admin):
    """Puts the rows given (`{"order": [pk, …]}`, as now shown) in that order, reusing
    their own order values so that rows not shown keep their place; saved one by one
    (the page cache is emptied by the save signal).

    `"opened": {pk: token}` are the rows' opened values (mocsite.admin_conflicts): they
    come back with the new order values in them, so that saving the list afterwards does
    not take this person's own drag for someone else's change."""
    if not model_admin.has_change_permission(request):
        raise PermissionDenied
    try:
        posted = json.loads(request.body)
        order = [int(pk) for pk in posted["order"]]
        opened = {int(pk): token for pk, token in dict(posted.get("opened") or {}).items()}
    except (ValueError, KeyError, TypeError, AttributeError):
        return HttpResponseBadRequest(_("The new order could not be read."))
    manager = model_admin.model._default_manager
    with transaction.atomic():
        rows = {row.pk: row for row in manager.select_for_update().filter(pk__in=order)}
        if len(rows) != len(order) or len(set(order)) != len(order):
            return HttpResponseBadRequest(_("Some of these items no longer exist."))
        values = sorted(row.ordering for row in rows.values())
        for index in range(1, len(values)):
            values[index] = max(values[index], values[index - 1] + 1)
        for pk, value in zip(order, values, strict=True):
            row = rows[pk]
            if row.ordering != value:
                row.ordering = value
                row.save(update_fields=["ordering"])
    tokens = {
        str(pk): token
        for pk in order
        if pk in opened and (token := saved_by_opener(opened[pk], "ordering", rows[pk].ordering))
    }
    return JsonResponse(
        {"ordering": {str(pk): rows[pk].ordering for pk in order}, "opened": tokens}
    )
