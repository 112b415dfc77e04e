"""The staff inbox of contact requests, and the addresses notified of them."""

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.template.defaultfilters import linebreaksbr
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from mocsite.admin_editing import SafeEditingMixin

from .. import contact, todo
from ..models import ContactRecipient, ContactRequest


class StatusFilter(admin.SimpleListFilter):
    """The status filter, except that the inbox hides suspected spam unless asked for it:
    staff review it under its own choice and release what is not spam."""

    title = _("status")
    # The parameter of Django's own status filter: the admin index links to it.
    parameter_name = "status__exact"
    EVERYTHING = "all"

    def lookups(self, request, model_admin):
        return [*ContactRequest.Status.choices, (self.EVERYTHING, _("all, suspected spam too"))]

    def choices(self, changelist):
        for index, choice in enumerate(super().choices(changelist)):
            if index == 0:
                choice["display"] = _("all but suspected spam")
            yield choice

    def queryset(self, request, queryset):
        value = self.value()
        if value == self.EVERYTHING:
            return queryset
        if value:
            return queryset.filter(status=value)
        return queryset.exclude(status=ContactRequest.Status.SUSPECTED)


class EmailsFilter(admin.SimpleListFilter):
    title = _("emails")
    parameter_name = "emails"

    def lookups(self, request, model_admin):
        return [("sent", _("sent")), ("pending", _("being sent")), ("failed", _("given up"))]

    def queryset(self, request, queryset):
        if self.value() == "sent":
            return queryset.filter(notified_at__isnull=False, acknowledged_at__isnull=False)
        if self.value() == "pending":
            return queryset.pending().filter(sending_failed_at__isnull=True)
        if self.value() == "failed":
            return queryset.sending_failed()
        return queryset


@admin.register(ContactRecipient)
class ContactRecipientAdmin(SafeEditingMixin, admin.ModelAdmin):
    list_display = ("email", "name", "is_active")
    list_filter = ("is_active",)
    search_fields = ("email", "name")


@admin.register(ContactRequest)
class ContactRequestAdmin(SafeEditingMixin, admin.ModelAdmin):
    """The staff inbox: triage (status, assignment, notes); the message itself is read-only."""

    list_display = (
        "created_at",
        "status",
        "subject",
        "name",
        "sender_type",
        "assigned_to",
        "email_status",
    )
    list_filter = (
        StatusFilter,
        EmailsFilter,
        "sender_type",
        "language",
        "assigned_to",
        todo.CONTACT_REQUESTS_WAITING.list_filter,
    )
    list_select_related = ("assigned_to",)
    search_fields = ("name", "email", "subject", "message")
    date_hierarchy = "created_at"
    actions = ["mark_in_progress", "mark_answered", "mark_spam", "release", "send_again"]
    fieldsets = (
        (_("Triage"), {"fields": ("status", "assigned_to", "internal_notes")}),
        (
            _("Request"),
            {
                "fields": (
                    "created_at",
                    "name",
                    "email",
                    "phone",
                    "sender_type",
                    "language",
                    "subject",
                    "message_text",
                    "consent_at",
                    "spam_signals",
                )
            },
        ),
        (
            _("Emails"),
            {
                "fields": (
                    "notified_at",
                    "acknowledged_at",
                    "notification_attempts",
                    "next_attempt_at",
                    "sending_failed_at",
                    "last_error",
                )
            },
        ),
    )
    readonly_fields = (
        "created_at",
        "name",
        "email",
        "phone",
        "sender_type",
        "language",
        "subject",
        "message_text",
        "consent_at",
        "spam_signals",
        "notified_at",
        "acknowledged_at",
        "notification_attempts",
        "next_attempt_at",
        "sending_failed_at",
        "last_error",
    )

    @admin.display(description=_("message"))
    def message_text(self, obj):
        # Escaped, line breaks kept: a message is plain text, never HTML.
        return linebreaksbr(obj.message)

    @admin.display(description=_("spam signals"))
    def spam_signals(self, obj):
        return obj.get_spam_reasons_display() or "—"

    @admin.display(description=_("emails"))
    def email_status(self, obj):
        if obj.notified_at and obj.acknowledged_at:
            return _("sent")
        if obj.status in ContactRequest.HELD_STATUSES:
            return _("held (spam)")
        if obj.sending_failed_at:
            return _("given up")
        return _("being sent")

    def changelist_view(self, request, extra_context=None):
        context = {
            "sending_failed_count": ContactRequest.objects.sending_failed().count(),
            "suspected_count": ContactRequest.objects.suspected().count(),
            **(extra_context or {}),
        }
        return super().changelist_view(request, context)

    def has_add_permission(self, request):
        return False

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "assigned_to":
            kwargs["queryset"] = get_user_model().objects.filter(is_staff=True, is_active=True)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def _set_status(self, request, queryset, status):
        updated = queryset.update(status=status)
        self.message_user(
            request, ngettext("%d request updated.", "%d requests updated.", updated) % updated
        )

    @admin.action(description=_("Mark as in progress"), permissions=["change"])
    def mark_in_progress(self, request, queryset):
        self._set_status(request, queryset, ContactRequest.Status.IN_PROGRESS)

    @admin.action(description=_("Mark as answered"), permissions=["change"])
    def mark_answered(self, request, queryset):
        self._set_status(request, queryset, ContactRequest.Status.ANSWERED)

    @admin.action(description=_("Mark as spam"), permissions=["change"])
    def mark_spam(self, request, queryset):
        self._set_status(request, queryset, ContactRequest.Status.SPAM)

    @admin.action(
        description=_("Not spam: move to the inbox and send the emails"), permissions=["change"]
    )
    def release(self, request, queryset):
        released = contact.release(queryset)
        self.message_user(
            request,
            ngettext(
                "%d request moved to the inbox; its emails are being sent.",
                "%d requests moved to the inbox; their emails are being sent.",
                released,
            )
            % released,
        )

    @admin.action(description=_("Send the emails again"), permissions=["change"])
    def send_again(self, request, queryset):
        count = contact.send_again(queryset)
        self.message_user(
            request,
            ngettext(
                "The emails of %d request are being sent again.",
                "The emails of %d requests are being sent again.",
                count,
            )
            % count,
        )
