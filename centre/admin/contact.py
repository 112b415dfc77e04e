"""The staff inbox of contact requests, and the addresses notified of them."""

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.template.defaultfilters import linebreaksbr
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from ..models import ContactRecipient, ContactRequest


@admin.register(ContactRecipient)
class ContactRecipientAdmin(admin.ModelAdmin):
    list_display = ("email", "name", "is_active")
    list_filter = ("is_active",)
    search_fields = ("email", "name")


@admin.register(ContactRequest)
class ContactRequestAdmin(admin.ModelAdmin):
    """The staff inbox: triage (status, assignment, notes); the message itself is read-only."""

    list_display = (
        "created_at",
        "status",
        "subject",
        "name",
        "sender_type",
        "assigned_to",
        "is_notified",
    )
    list_filter = (
        "status",
        "sender_type",
        "language",
        "assigned_to",
        ("notified_at", admin.EmptyFieldListFilter),
    )
    list_select_related = ("assigned_to",)
    search_fields = ("name", "email", "subject", "message")
    date_hierarchy = "created_at"
    actions = ["mark_in_progress", "mark_answered", "mark_spam"]
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
                )
            },
        ),
        (
            _("Emails"),
            {"fields": ("notified_at", "acknowledged_at", "notification_attempts", "last_error")},
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
        "notified_at",
        "acknowledged_at",
        "notification_attempts",
        "last_error",
    )

    @admin.display(description=_("message"))
    def message_text(self, obj):
        # Escaped, line breaks kept: a message is plain text, never HTML.
        return linebreaksbr(obj.message)

    @admin.display(description=_("staff notified"), boolean=True)
    def is_notified(self, obj):
        return obj.notified_at is not None

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
