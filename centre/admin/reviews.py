"""« Confirmer la relecture »: the date and the reviewer of a disease page, a care protocol
or the centre's profile (centre.models.reviews.Reviewed), set only when staff confirm a
review, never on save.

The reviewer is a team member (Person), not the staff account that clicks: visitors and
the JSON-LD `reviewedBy` name a clinician with a public page, and staff accounts stay
admin data that visitors never see.
"""

import reversion
from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from ..models import Person


class ReviewForm(forms.Form):
    reviewer = forms.ModelChoiceField(
        queryset=None,
        label=_("Reviewed by"),
        help_text=_("The team member who reread the text; visitors see the name and date."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reviewer"].queryset = Person.objects.published()


class ReviewAdminMixin:
    """« Confirmer la relecture »: today's date and the reviewer, set only when staff
    confirm a review (a button on the change form, an action on the list), never on save."""

    change_form_template = "admin/history/change_form.html"

    def get_urls(self):
        opts = self.model._meta
        return [
            path(
                "<path:object_id>/review/",
                self.admin_site.admin_view(self.review_view),
                name=f"{opts.app_label}_{opts.model_name}_review",
            )
        ] + super().get_urls()

    def get_actions(self, request):
        actions = super().get_actions(request)
        if self.has_change_permission(request):
            action = ReviewAdminMixin.confirm_review_action
            actions["confirm_review"] = (action, "confirm_review", action.short_description)
        return actions

    def change_view(self, request, object_id, form_url="", extra_context=None):
        opts = self.model._meta
        context = {
            **(extra_context or {}),
            "review_url": reverse(
                f"{self.admin_site.name}:{opts.app_label}_{opts.model_name}_review",
                args=[object_id],
            ),
        }
        return super().change_view(request, object_id, form_url, context)

    def review_view(self, request, object_id):
        obj = get_object_or_404(self.model, pk=unquote(object_id))
        if not self.has_change_permission(request, obj):
            raise PermissionDenied
        return self._review(request, [obj], reverse_change=True)

    @admin.action(description=_("Confirm the review"))
    def confirm_review_action(self, request, queryset):
        return self._review(request, list(queryset), reverse_change=False)

    def _review(self, request, objects, reverse_change):
        opts = self.model._meta
        bound = request.method == "POST" and "reviewer" in request.POST
        form = ReviewForm(request.POST if bound else None)
        if bound and form.is_valid():
            reviewer = form.cleaned_data["reviewer"]
            for obj in objects:
                confirm_review(obj, reviewer, request.user)
            self.message_user(
                request,
                gettext("Review confirmed: %(items)s.") % {"items": ", ".join(map(str, objects))},
                messages.SUCCESS,
            )
            if reverse_change:
                url = reverse(
                    f"{self.admin_site.name}:{opts.app_label}_{opts.model_name}_change",
                    args=[objects[0].pk],
                )
            else:
                url = reverse(
                    f"{self.admin_site.name}:{opts.app_label}_{opts.model_name}_changelist"
                )
            return HttpResponseRedirect(url)
        context = {
            **self.admin_site.each_context(request),
            "title": _("Confirm the review"),
            "opts": opts,
            "objects": objects,
            "form": form,
            "from_action": not reverse_change,
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "admin/history/confirm_review.html", context)


def confirm_review(obj, reviewer, user):
    """Today (Europe/Paris) and the reviewer on `obj`, as a version of its own."""
    with transaction.atomic(), reversion.create_revision():
        obj.last_reviewed_on = timezone.localdate()
        obj.last_reviewed_by = reviewer
        obj.save(update_fields=["last_reviewed_on", "last_reviewed_by"])
        reversion.set_user(user)
        reversion.set_comment(
            gettext("Review confirmed by %(reviewer)s") % {"reviewer": reviewer.display_name}
        )
