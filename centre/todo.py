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

CHECKS = [
    no_contact_recipient,
    CONTACT_REQUESTS_WAITING,
    NOTIFICATIONS_FAILED,
    KEY_FIGURES_WITHOUT_VALUE,
    PAST_EVENTS_IN_PREPARATION,
    TRIALS_UNCHECKED,
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
