"""The staff's publishing workflow in the admin, for every content type: drafts, preview,
the publishing state in the lists, publish/unpublish actions (docs/publishing.md).

- "Save draft" keeps the change form's data, as the browser posted it (every field, both
  languages, related ids), in a mocsite.models.Draft; the live row is not touched. The
  change form then shows the draft with a notice: "Publish" saves it (and ticks
  "published"), "Save" saves it as it is, "Discard the draft" drops it. On a new item,
  "Save draft" saves it unpublished.
- "Preview" validates the form like a save, keeps its data in the session and opens the
  public page in French or English (a GET per language, under /admin/): the form is
  replayed in a transaction that is rolled back after the page is rendered, with the item
  forced live, so the real public view and template show it exactly as visitors would,
  relations included. The response is private, no-store and noindex; visitors get a 404.
- The lists show "draft", "scheduled for…", "expired" or "published" (with a pending
  draft noted) instead of the published tick.
"""

import secrets
from copy import copy

from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.options import csrf_protect_m
from django.contrib.contenttypes.models import ContentType
from django.db import router, transaction
from django.db.models import Exists, OuterRef
from django.forms import FileField
from django.http import Http404, HttpResponseRedirect, QueryDict
from django.template.response import TemplateResponse
from django.urls import path, resolve, reverse
from django.utils import translation
from django.utils.datastructures import MultiValueDict
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache

from .models import Draft, Publishable
from .publishing import private

SCHEDULE_FIELDS = ("is_published", "go_live_at", "expire_at")
# The admin's own form keys, never part of a draft.
CONTROL_KEYS = {
    "csrfmiddlewaretoken",
    "_save",
    "_continue",
    "_addanother",
    "_save_draft",
    "_preview",
    "_publish",
    "_discard_draft",
}
# Public page of the items that have no page of their own (URL names; a page
# introduction's page comes from its `page` field).
PREVIEW_PAGES = {
    "centre.centre": "centre:home",
    "centre.mission": "centre:about",
    "centre.specialty": "centre:about",
    "centre.network": "centre:about",
    "centre.keyfigure": "centre:home",
}
INTRO_PAGES = {
    "care_protocols": "centre:care_protocols",
    "research": "centre:research",
    "events": "centre:event_list",
}
SESSION_PREFIX = "publishing-preview:"
# Previews kept in a session at once (the oldest are dropped).
PREVIEWS_KEPT = 5


def form_data(post):
    """The posted form as JSON: {name: [values]}, without the admin's buttons."""
    return {key: post.getlist(key) for key in post if key not in CONTROL_KEYS}


def as_querydict(data):
    query = QueryDict(mutable=True)
    for key, values in data.items():
        query.setlist(key, values)
    return query


class PublishingAdminMixin:
    """Drafts, preview and the publishing state for a content ModelAdmin."""

    change_form_template = "admin/publishing/change_form.html"

    @property
    def is_publishable(self):
        return issubclass(self.model, Publishable)

    # -- Lists -----------------------------------------------------------------------

    def get_queryset(self, request):
        content_type = ContentType.objects.get_for_model(self.model)
        drafts = Draft.objects.filter(content_type=content_type, object_id=OuterRef("pk"))
        return super().get_queryset(request).annotate(has_draft=Exists(drafts))

    def get_list_display(self, request):
        columns = list(super().get_list_display(request))
        if "is_published" in columns:
            columns[columns.index("is_published")] = "publishing_status"
        elif "publishing_status" not in columns:
            columns.insert(1 if len(columns) > 1 else len(columns), "publishing_status")
        return columns

    @admin.display(description=_("publishing"))
    def publishing_status(self, obj):
        state = obj.publishing_state_label if isinstance(obj, Publishable) else ""
        if getattr(obj, "has_draft", False):
            pending = gettext("draft pending")
            return f"{state} · {pending}" if state else pending
        return state or "—"

    def get_actions(self, request):
        actions = super().get_actions(request)
        if not self.is_publishable or not self.has_change_permission(request):
            return actions
        for name in ("publish_selected", "unpublish_selected"):
            function = getattr(type(self), name)
            actions[name] = (function, name, function.short_description)
        return actions

    def _set_published(self, request, queryset, value):
        # One save per row (not update()): the page cache and the search index follow.
        count = 0
        for item in queryset:
            if item.is_published != value:
                item.is_published = value
                item.save(update_fields=["is_published"])
                count += 1
        return count

    def publish_selected(self, request, queryset):
        count = self._set_published(request, queryset, True)
        self.message_user(request, gettext("Items published: %(count)d.") % {"count": count})

    publish_selected.short_description = _("Publish the selected items")

    def unpublish_selected(self, request, queryset):
        count = self._set_published(request, queryset, False)
        self.message_user(request, gettext("Items unpublished: %(count)d.") % {"count": count})

    unpublish_selected.short_description = _("Unpublish the selected items")

    # -- The change form -------------------------------------------------------------

    def get_fieldsets(self, request, obj=None):
        fieldsets = list(super().get_fieldsets(request, obj))
        if not self.is_publishable:
            return fieldsets
        moved = []
        kept = []
        for name, options in fieldsets:
            fields = [f for f in options.get("fields", ()) if f not in SCHEDULE_FIELDS]
            moved += [f for f in options.get("fields", ()) if f in SCHEDULE_FIELDS]
            if fields:
                kept.append((name, {**options, "fields": fields}))
        shown = [f for f in SCHEDULE_FIELDS if f in moved or f not in self._excluded()]
        description = _(
            "Paris time (Europe/Paris). The item is on the site while “published” is "
            "ticked, from its go-live time and until its expiry time."
        )
        return [*kept, (_("Publishing"), {"fields": shown, "description": description})]

    def _excluded(self):
        return set(self.exclude or ())

    def get_form(self, request, obj=None, **kwargs):
        form_class = super().get_form(request, obj, **kwargs)
        draft = getattr(request, "_publishing_draft", None)
        if draft is None:
            return form_class

        class DraftForm(form_class):
            """The change form showing the draft's values (files stay the live ones)."""

            def __init__(self, *args, **kwargs):
                super().__init__(*args, **kwargs)
                if self.is_bound:
                    return
                saved = form_class(as_querydict(draft.data), instance=self.instance)
                for name, field in self.fields.items():
                    if not isinstance(field, FileField):
                        self.initial[name] = saved[name].data

        return DraftForm

    def _draft_of(self, object_id):
        content_type = ContentType.objects.get_for_model(self.model)
        return Draft.objects.filter(content_type=content_type, object_id=object_id).first()

    @csrf_protect_m
    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        context = dict(extra_context or {})
        context["publishing_publishable"] = self.is_publishable
        if object_id is not None and str(object_id).isdigit():
            draft = self._draft_of(object_id)
            if request.method == "POST" and "_discard_draft" in request.POST:
                if draft is not None and self.has_change_permission(request):
                    draft.delete()
                    self.message_user(request, gettext("The draft was discarded."))
                return HttpResponseRedirect(request.path)
            if request.method == "GET" and draft is not None and "live" not in request.GET:
                request._publishing_draft = draft
                context["publishing_draft"] = draft
            context["publishing_live_url"] = f"{request.path}?live=1"
        if request.method == "POST":
            for action in ("_save_draft", "_preview", "_publish"):
                if action in request.POST:
                    request._publishing_action = action
        return super().changeform_view(request, object_id, form_url, context)

    def _action(self, request):
        return getattr(request, "_publishing_action", None)

    def save_model(self, request, obj, form, change):
        action = self._action(request)
        if action == "_preview" or (action == "_save_draft" and change):
            return  # the live row stays as it is
        if action == "_save_draft" and self.is_publishable:
            obj.is_published = False  # a new item saved as a draft: not on the site
        if action == "_publish" and self.is_publishable:
            obj.is_published = True
        if action == "_preview_render" and self.is_publishable:
            obj.is_published, obj.go_live_at, obj.expire_at = True, None, None
        super().save_model(request, obj, form, change)
        if action != "_preview_render" and change:
            content_type = ContentType.objects.get_for_model(self.model)
            Draft.objects.filter(content_type=content_type, object_id=obj.pk).delete()

    def save_related(self, request, form, formsets, change):
        action = self._action(request)
        if action == "_preview" or (action == "_save_draft" and change):
            # Inlines are kept in the draft, not saved: the change message that follows
            # then reads no saved rows from them.
            for formset in formsets:
                formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
            return
        super().save_related(request, form, formsets, change)

    def log_change(self, request, obj, message):
        if self._action(request) in ("_save_draft", "_preview", "_preview_render"):
            return None
        return super().log_change(request, obj, message)

    def log_addition(self, request, obj, message):
        if self._action(request) in ("_preview", "_preview_render"):
            return None
        return super().log_addition(request, obj, message)

    def response_change(self, request, obj):
        action = self._action(request)
        if action == "_save_draft":
            content_type = ContentType.objects.get_for_model(self.model)
            Draft.objects.update_or_create(
                content_type=content_type,
                object_id=obj.pk,
                defaults={"data": form_data(request.POST), "author": request.user},
            )
            self.message_user(
                request,
                gettext("The draft was saved. The site still shows the published version."),
                messages.SUCCESS,
            )
            return HttpResponseRedirect(request.path)
        if action in ("_preview", "_preview_render"):
            return self._preview_response(request, obj)
        return super().response_change(request, obj)

    def response_add(self, request, obj, post_url_continue=None):
        if self._action(request) in ("_preview", "_preview_render"):
            return self._preview_response(request, obj)
        return super().response_add(request, obj, post_url_continue)

    # -- Preview ---------------------------------------------------------------------

    def get_urls(self):
        opts = self.model._meta
        name = f"{opts.app_label}_{opts.model_name}_preview"
        # Not admin_view(): a visitor gets a 404, not the sign-in page.
        view = never_cache(self.preview_view)
        preview = path("preview/<str:token>/<str:language>/", view, name=name)
        return [preview, *super().get_urls()]

    def _preview_response(self, request, obj):
        if self._action(request) == "_preview_render":
            return self._render_public_page(request, obj)
        # A valid form, not saved: keep its data and open the preview in this language.
        token = secrets.token_urlsafe(12)
        object_id = request.resolver_match.kwargs.get("object_id")
        keys = [key for key in request.session.keys() if key.startswith(SESSION_PREFIX)]
        for key in keys[: max(0, len(keys) - PREVIEWS_KEPT + 1)]:
            del request.session[key]
        request.session[SESSION_PREFIX + token] = {
            "object_id": object_id,
            "data": form_data(request.POST),
            "form_url": request.path,
        }
        opts = self.model._meta
        language = translation.get_language() or "fr"
        url = reverse(
            f"{self.admin_site.name}:{opts.app_label}_{opts.model_name}_preview",
            args=[token, language],
        )
        return HttpResponseRedirect(url, status=303)

    def preview_view(self, request, token, language):
        """The public page with the previewed form, in `language`, for staff only."""
        saved = request.session.get(SESSION_PREFIX + token)
        object_id = saved and saved["object_id"]
        allowed = self.admin_site.has_permission(request) and (
            self.has_change_permission(request) if object_id else self.has_add_permission(request)
        )
        languages = dict(settings.LANGUAGES)
        if saved is None or not allowed or language not in languages:
            raise Http404
        replay = copy(request)
        replay.method = "POST"
        replay._files = MultiValueDict()
        replay.POST = as_querydict(saved["data"])
        replay._publishing_action = "_preview_render"
        replay._preview_language = language
        replay._preview_token = token
        replay._preview_form_url = saved["form_url"]
        with transaction.atomic(using=router.db_for_write(self.model)):
            response = self._changeform_view(replay, object_id, "", {})
            if hasattr(response, "render") and not response.is_rendered:
                response.render()
            transaction.set_rollback(True, using=router.db_for_write(self.model))
        return private(response)

    def get_preview_url(self, obj):
        """The public address showing `obj` (in the active language)."""
        label = obj._meta.label_lower
        if label == "centre.pageintro":
            return reverse(INTRO_PAGES.get(obj.page, "centre:home"))
        if label in PREVIEW_PAGES:
            return reverse(PREVIEW_PAGES[label])
        return obj.get_absolute_url()

    def _render_public_page(self, request, obj):
        language = request._preview_language
        opts = self.model._meta
        with translation.override(language):
            address = self.get_preview_url(obj).split("#", 1)[0]
            match = resolve(address)
            public = copy(request)
            public.method = "GET"
            public.GET = QueryDict()
            public.POST = QueryDict()
            public.path = public.path_info = address
            public.resolver_match = match
            public.LANGUAGE_CODE = language
            public.publishing_preview = {
                "admin_url": request._preview_form_url,
                "languages": [
                    {
                        "code": code,
                        "name": name,
                        "current": code == language,
                        "url": reverse(
                            f"{self.admin_site.name}:{opts.app_label}_{opts.model_name}_preview",
                            args=[request._preview_token, code],
                        ),
                    }
                    for code, name in settings.LANGUAGES
                ],
            }
            response = match.func(public, *match.args, **match.kwargs)
            if isinstance(response, TemplateResponse) and not response.is_rendered:
                response.render()
        return private(response)
