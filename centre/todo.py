"""The centre's lines of the admin home's « À faire » list (mocsite.todo)."""

from datetime import timedelta

from django.conf import settings
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from mocsite.todo import Item, Todo, can_view, changelist_url, missing_translation_check

from .models import (
    CareProtocol,
    Centre,
    ContactRecipient,
    ContactRequest,
    Disease,
    Event,
    KeyFigure,
    Mission,
    Network,
    PageIntro,
    Person,
    Registry,
    Specialty,
    Trial,
)

# A trial's ClinicalTrials.gov status is checked again after this many days.
TRIAL_STATUS_MAX_AGE_DAYS = 90


def no_contact_recipient(request):
    """Nobody is told of new contact requests: no active recipient and no fallback."""
    if not can_view(request, ContactRecipient) or settings.CONTACT_FALLBACK_RECIPIENTS:
        return None
    if ContactRecipient.objects.filter(is_active=True).exists():
        return None
    return Item(
        label=_(
            "No recipient is set for contact requests: nobody is notified of new "
            "messages. Add an address."
        ),
        url=changelist_url(ContactRecipient),
        section="warning",
    )


def _waiting(queryset):
    limit = timezone.now() - timedelta(days=settings.CONTACT_WAITING_DAYS)
    return queryset.filter(
        status__in=[ContactRequest.Status.NEW, ContactRequest.Status.IN_PROGRESS],
        created_at__lt=limit,
    )


def _past_in_preparation(queryset):
    return queryset.filter(status=Event.Status.IN_PREPARATION, last_day__lt=timezone.localdate())


def _trial_status_unchecked(queryset):
    limit = timezone.now() - timedelta(days=TRIAL_STATUS_MAX_AGE_DAYS)
    return queryset.filter(Q(status_checked_at__isnull=True) | Q(status_checked_at__lt=limit))


CONTACT_REQUESTS_WAITING = Todo(
    ContactRequest,
    lambda: (
        ngettext(
            "contact requests waiting for an answer for more than %(days)d day",
            "contact requests waiting for an answer for more than %(days)d days",
            settings.CONTACT_WAITING_DAYS,
        )
        % {"days": settings.CONTACT_WAITING_DAYS}
    ),
    _waiting,
    _("waiting too long"),
    parameter="waiting",
    section="warning",
)
NOTIFICATIONS_FAILED = Todo(
    ContactRequest,
    _("contact requests whose emails could not be sent (given up)"),
    lambda queryset: queryset.sending_failed(),
    link={"emails": "failed"},  # the inbox's own filter
    section="warning",
)
KEY_FIGURES_WITHOUT_VALUE = Todo(
    KeyFigure,
    _("key figures without a value"),
    lambda queryset: queryset.filter(value=""),
    _("without a value"),
)
PAST_EVENTS_IN_PREPARATION = Todo(
    Event,
    _("past events still “in preparation”"),
    _past_in_preparation,
    _("past, still in preparation"),
)
TRIALS_UNCHECKED = Todo(
    Trial,
    _("clinical trials whose status was not checked for 90 days"),
    _trial_status_unchecked,
    _("status not checked for 90 days"),
)

# Pages staff should read again after this many days (« Confirmer la relecture »).
REVIEW_MAX_AGE_DAYS = 365


def _not_reviewed(queryset):
    limit = timezone.localdate() - timedelta(days=REVIEW_MAX_AGE_DAYS)
    return queryset.filter(Q(last_reviewed_on__isnull=True) | Q(last_reviewed_on__lt=limit))


def _empty(*names):
    """Rows where each of the fields is empty in every language."""
    condition = Q()
    for name in names:
        for code, _language in settings.LANGUAGES:
            condition &= Q(**{f"{name}_{code}": ""}) | Q(**{f"{name}_{code}__isnull": True})
    return condition


DISEASES_NOT_REVIEWED = Todo(
    Disease,
    _("disease pages not reviewed for a year"),
    lambda queryset: _not_reviewed(queryset.filter(is_published=True)),
    _("not reviewed for a year"),
    parameter="review",
)
PROTOCOLS_NOT_REVIEWED = Todo(
    CareProtocol,
    _("care protocols not reviewed for a year"),
    lambda queryset: _not_reviewed(queryset.filter(is_published=True)),
    _("not reviewed for a year"),
    parameter="review",
)
CENTRE_NOT_REVIEWED = Todo(
    Centre,
    _("centre pages not reviewed for a year"),
    _not_reviewed,
    _("not reviewed for a year"),
    parameter="review",
)
DISEASES_WITHOUT_SUMMARY = Todo(
    Disease,
    _("disease pages without a summary for patients or for professionals"),
    lambda queryset: queryset.filter(is_published=True).filter(
        _empty("summary_patients") | _empty("summary_professionals")
    ),
    _("a summary is missing"),
    parameter="summary",
)
DISEASES_WITHOUT_EMERGENCY_SHEET = Todo(
    Disease,
    _("diseases without an emergency sheet"),
    lambda queryset: queryset.filter(is_published=True).filter(
        _empty("emergency_must_know", "emergency_avoid", "emergency_contacts")
    ),
    _("no emergency sheet"),
    parameter="emergency",
)
CENTRE_WITHOUT_MSSANTE = Todo(
    Centre,
    _("no MSSanté address for referring physicians (the referral page omits it)"),
    lambda queryset: queryset.filter(mssante_address=""),
    _("no MSSanté address"),
    parameter="mssante",
)

CHECKS = [
    no_contact_recipient,
    CONTACT_REQUESTS_WAITING,
    NOTIFICATIONS_FAILED,
    KEY_FIGURES_WITHOUT_VALUE,
    PAST_EVENTS_IN_PREPARATION,
    TRIALS_UNCHECKED,
    DISEASES_NOT_REVIEWED,
    PROTOCOLS_NOT_REVIEWED,
    CENTRE_NOT_REVIEWED,
    DISEASES_WITHOUT_SUMMARY,
    DISEASES_WITHOUT_EMERGENCY_SHEET,
    CENTRE_WITHOUT_MSSANTE,
    *(
        missing_translation_check(model)
        for model in (
            Centre,
            Person,
            Mission,
            Specialty,
            Network,
            Disease,
            KeyFigure,
            PageIntro,
            CareProtocol,
            Trial,
            Registry,
            Event,
        )
    ),
]
