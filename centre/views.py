"""Pages about the centre. Each view fetches what its template needs, nothing more.

Querysets reach the templates wrapped in SimpleLazyObject: building one is not free
(modeltranslation makes a class for each), and a page served from its cached fragments
(mocsite/fragments.py) never looks at them.
"""

import logging
from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.db import IntegrityError, transaction
from django.db.models import Prefetch
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.crypto import get_random_string
from django.utils.decorators import method_decorator
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from django.views.generic import DetailView
from icalendar import Calendar
from icalendar import Event as CalendarEvent

from mocsite.cache import cached_for_request
from mocsite.context_processors import absolute
from mocsite.fragments import render_page, whole_page
from mocsite.pagination import ListAddress, cached_paginator, page_or_404
from mocsite.slugs import cached_by_any_slug
from publications.models import Publication, Talk

from .contact import count_submission, is_rate_limited, send_notifications
from .forms import ContactForm, new_form_token
from .hub import disease_sections
from .models import (
    CareProtocol,
    Centre,
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

logger = logging.getLogger(__name__)


@whole_page
def home(request):
    context = {
        "missions": SimpleLazyObject(Mission.objects.all),
        "focus_diseases": SimpleLazyObject(Disease.objects.focus),
        "key_figures": SimpleLazyObject(KeyFigure.objects.with_value),
        "head": SimpleLazyObject(lambda: Person.objects.published().filter(is_head=True).first()),
    }
    return render_page(request, "centre/home.html", context)


def specialty_groups():
    specialties = list(Specialty.objects.all())
    groups = [
        (label, [s for s in specialties if s.kind == kind])
        for kind, label in Specialty.Kind.choices
    ]
    return [(label, items) for label, items in groups if items]


@whole_page
def about(request):
    context = {
        "specialty_groups": SimpleLazyObject(specialty_groups),
        "missions": SimpleLazyObject(Mission.objects.all),
        "networks": SimpleLazyObject(Network.objects.all),
    }
    return render_page(request, "centre/about.html", context)


# How many of each member's latest publications and talks the team page shows; the
# publication list, filtered by member, has the rest.
TEAM_WORKS_SHOWN = 5
# Members a page of the team list shows: the page keeps its size however large the team.
TEAM_PER_PAGE = 24


def people_with_latest_works():
    """Published members, each with their latest works: two (sliced) prefetch queries in
    all, whatever the number of publications."""
    return Person.objects.published().prefetch_related(
        Prefetch(
            "publications",
            to_attr="latest_publications",
            queryset=Publication.objects.published()[:TEAM_WORKS_SHOWN],
        ),
        Prefetch(
            "talks", to_attr="latest_talks", queryset=Talk.objects.published()[:TEAM_WORKS_SHOWN]
        ),
    )


@whole_page
def team(request):
    """The team, head of the centre first, a page at a time."""
    paginator = cached_paginator(request, "team", people_with_latest_works, TEAM_PER_PAGE)
    page = page_or_404(paginator, request.GET.get("page"))
    ListAddress("centre:team", page_number=page.number).serve(request)
    return render_page(
        request,
        "centre/team.html",
        {
            "people": page.object_list,
            "page_obj": page,
            "paginator": paginator,
            "page_number": page.number,
        },
    )


@whole_page
def person_detail(request, slug):
    """One member: role, biography and latest works."""
    person = cached_for_request(
        request,
        f"object:person:{slug}",
        lambda: people_with_latest_works().filter(slug=slug).first(),
    )
    if person is None:
        raise Http404
    return render_page(request, "centre/person_detail.html", {"person": person})


@whole_page
def disease_list(request):
    return render_page(
        request,
        "centre/disease_list.html",
        {"diseases": SimpleLazyObject(Disease.objects.published)},
    )


def disease_json_ld(request, disease):
    """schema.org MedicalCondition, with the ORPHA code as a MedicalCode when known."""
    data = {
        "@context": "https://schema.org",
        "@type": "MedicalCondition",
        "name": disease.name,
        "url": absolute(request, disease.get_absolute_url()),
    }
    description = disease.summary_professionals or disease.summary_patients
    if description:
        data["description"] = description
    if disease.orpha_code:
        data["code"] = {
            "@type": "MedicalCode",
            "codeValue": str(disease.orpha_code),
            "codingSystem": "ORPHA",
        }
        data["sameAs"] = disease.orphanet_url
    return data


@whole_page
def disease_detail(request, slug):
    disease = cached_by_any_slug(request, "disease", Disease.objects.published, slug)
    if disease is None:
        raise Http404
    if disease.slug != slug:
        # An address in the other language's slug: send to this language's own address.
        return redirect(disease, permanent=True)
    request.translatable_object = disease
    # Lazy: built only when the page's cached fragments (mocsite/fragments.py) are not.
    context = {
        "disease": disease,
        "sections": SimpleLazyObject(lambda: disease_sections(disease)),
        "json_ld": lambda: disease_json_ld(request, disease),
    }
    return render_page(request, "centre/disease_detail.html", context)


@whole_page
def legal_notice(request):
    return render_page(request, "centre/legal_notice.html")


@whole_page
def privacy(request):
    context = {"retention_months": retention_months()}
    return render_page(request, "centre/privacy.html", context)


def retention_months():
    """The contact requests' retention period, in whole months, as the pages state it."""
    return max(1, round(settings.CONTACT_RETENTION_DAYS * 12 / 365))


@whole_page
def accessibility(request):
    return render_page(request, "centre/accessibility.html")


# --- Care and research ------------------------------------------------------------------


@whole_page
def care_protocols(request):
    context = {
        "intro": SimpleLazyObject(lambda: PageIntro.paragraphs_for(PageIntro.Page.CARE_PROTOCOLS)),
        "protocols": SimpleLazyObject(lambda: CareProtocol.objects.published().for_listing()),
    }
    return render_page(request, "centre/care_protocols.html", context)


# schema.org MedicalStudyStatus for each ClinicalTrials.gov overall status it has.
SCHEMA_STUDY_STATUS = {
    Trial.Status.NOT_YET_RECRUITING: "NotYetRecruiting",
    Trial.Status.RECRUITING: "Recruiting",
    Trial.Status.ENROLLING_BY_INVITATION: "EnrollingByInvitation",
    Trial.Status.ACTIVE_NOT_RECRUITING: "ActiveNotRecruiting",
    Trial.Status.SUSPENDED: "Suspended",
    Trial.Status.TERMINATED: "Terminated",
    Trial.Status.COMPLETED: "Completed",
    Trial.Status.WITHDRAWN: "Withdrawn",
}


def trial_json_ld(trial):
    data = {
        "@type": "MedicalTrial",
        "name": trial.title,
        "identifier": trial.nct_id,
        "url": trial.registry_url,
    }
    if trial.sponsor:
        data["sponsor"] = {"@type": "Organization", "name": trial.sponsor}
    if trial.disease:
        data["healthCondition"] = {"@type": "MedicalCondition", "name": trial.disease.name}
    # Only a status ClinicalTrials.gov gave, never the centre's own wording.
    if trial.status in SCHEMA_STUDY_STATUS:
        data["status"] = f"https://schema.org/{SCHEMA_STUDY_STATUS[trial.status]}"
    return data


@whole_page
def research(request):
    trials = SimpleLazyObject(lambda: list(Trial.objects.published().for_listing()))
    context = {
        "intro": SimpleLazyObject(lambda: PageIntro.paragraphs_for(PageIntro.Page.RESEARCH)),
        "trials": trials,
        "registries": SimpleLazyObject(lambda: Registry.objects.published().for_listing()),
        "json_ld": lambda: (
            (
                {
                    "@context": "https://schema.org",
                    "@graph": [trial_json_ld(trial) for trial in trials],
                }
            )
            if trials
            else ""
        ),
    }
    return render_page(request, "centre/research.html", context)


@whole_page
def event_list(request):
    context = {
        "intro": SimpleLazyObject(lambda: PageIntro.paragraphs_for(PageIntro.Page.EVENTS)),
        "upcoming": SimpleLazyObject(lambda: Event.objects.upcoming().for_listing()),
        "undated": SimpleLazyObject(lambda: Event.objects.undated().for_listing()),
        "past": SimpleLazyObject(lambda: Event.objects.past().for_listing()),
    }
    return render_page(request, "centre/event_list.html", context)


def event_json_ld(request, event):
    data = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": event.title,
        "url": absolute(request, event.get_absolute_url()),
        "startDate": event.iso_start,
    }
    if event.iso_end:
        data["endDate"] = event.iso_end
    if event.description:
        data["description"] = event.description
    if event.status == Event.Status.CANCELLED:
        data["eventStatus"] = "https://schema.org/EventCancelled"
    elif event.status == Event.Status.SCHEDULED:
        data["eventStatus"] = "https://schema.org/EventScheduled"
    locations = []
    if event.location:
        locations.append({"@type": "Place", "name": event.location})
    # Attendance mode only when staff said the event is online: a place alone does not
    # prove nobody attends remotely.
    if event.is_online:
        data["eventAttendanceMode"] = "https://schema.org/OnlineEventAttendanceMode"
        if event.registration_url:
            locations.append({"@type": "VirtualLocation", "url": event.registration_url})
    if locations:
        data["location"] = locations[0] if len(locations) == 1 else locations
    if event.registration_url:
        data["offers"] = {"@type": "Offer", "url": event.registration_url}
    return data


@method_decorator(whole_page, name="dispatch")
class EventDetailView(DetailView):
    def get_queryset(self):
        return Event.objects.published().for_listing().prefetch_related("diseases")

    def get_object(self, queryset=None):
        event = super().get_object(queryset)
        self.request.translatable_object = event
        return event

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        event = self.object
        # schema.org wants a start date: an undated event gets no Event markup.
        if event.start_date:
            context["json_ld"] = lambda: event_json_ld(self.request, event)
        return context


def _ics_event(request, event):
    item = CalendarEvent()
    host = settings.SITE_URL.split("://")[-1] or request.get_host()
    item.add("uid", f"event-{event.pk}@{host}")
    item.add("dtstamp", event.updated_at or timezone.now())
    item.add("summary", event.title)
    if event.start_time:
        zone = timezone.get_default_timezone()
        start = timezone.make_aware(datetime.combine(event.start_date, event.start_time), zone)
        item.add("dtstart", start)
        if event.end_time:
            end = timezone.make_aware(
                datetime.combine(event.end_date or event.start_date, event.end_time), zone
            )
            item.add("dtend", end)
    else:
        # All-day events: DTEND is the day after the last one (RFC 5545).
        item.add("dtstart", event.start_date)
        item.add("dtend", event.last_day + timedelta(days=1))
    if event.location or event.is_online:
        place = [event.location] if event.location else []
        if event.is_online:
            place.append(_("Online"))
        item.add("location", ", ".join(place))
    description = [event.description] if event.description else []
    if event.contact:
        description.append(_("Contact: %(name)s") % {"name": event.contact})
    if event.registration_url:
        description.append(_("Registration: %(url)s") % {"url": event.registration_url})
    if description:
        item.add("description", "\n\n".join(description))
    item.add("url", absolute(request, event.get_absolute_url()))
    item.add(
        "status",
        {
            Event.Status.SCHEDULED: "CONFIRMED",
            Event.Status.IN_PREPARATION: "TENTATIVE",
            Event.Status.CANCELLED: "CANCELLED",
        }[event.status],
    )
    return item


def _ics_response(request, events, name, filename):
    cal = Calendar()
    cal.add("prodid", "-//MOC reference centre//mocsite//EN")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", name)
    for event in events:
        cal.add_component(_ics_event(request, event))
    if hasattr(cal, "add_missing_timezones"):
        cal.add_missing_timezones()
    response = HttpResponse(cal.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def event_ics(request, slug):
    event = get_object_or_404(Event.objects.published().for_listing(), slug=slug)
    if not event.has_exact_dates:
        # A calendar entry needs a day; year-only or undated events have none.
        raise Http404
    return _ics_response(request, [event], event.title, f"{event.slug}.ics")


def upcoming_events_ics(request):
    events = [event for event in Event.objects.upcoming().for_listing() if event.has_exact_dates]
    centre = Centre.load()
    name = _("Upcoming events")
    if centre:
        name = f"{centre.short_name} – {name}"
    return _ics_response(request, events, name, "upcoming-events.ics")


def contact(request):
    """Contact details and the contact form.

    A valid request is saved (its own transaction) before any email is attempted, then
    staff are notified; a failed email leaves it pending for send_pending_notifications.
    Bad input gets a 4xx and the form again, with the visitor's values kept.
    """
    if request.method == "POST":
        return _contact_post(request)
    form = ContactForm(initial={"form_token": new_form_token()})
    return _render_contact(request, form)


def _render_contact(request, form, status=200, rate_limited=False):
    context = {
        "form": form,
        "rate_limited": rate_limited,
        "retention_months": retention_months(),
    }
    return render(request, "centre/contact.html", context, status=status)


def _contact_post(request):
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    if length > settings.CONTACT_MAX_BODY_BYTES:
        return render(request, "centre/contact_too_large.html", status=413)
    try:
        data = request.POST
    except RequestDataTooBig:
        return render(request, "centre/contact_too_large.html", status=413)
    if is_rate_limited(request):
        form = ContactForm(data)
        form.is_valid()
        return _render_contact(request, form.with_fresh_token(), status=429, rate_limited=True)
    form = ContactForm(data)
    if not form.is_valid():
        return _render_contact(request, form.with_fresh_token(), status=400)
    if form.is_bot:
        # Quietly dropped: a bot learns nothing from the answer.
        count_submission(request)
        return HttpResponseRedirect(reverse("centre:contact_thanks"), status=303)
    contact_request = form.save(commit=False)
    contact_request.language = translation.get_language()
    contact_request.consent_at = timezone.now()
    contact_request.submission_id = form.cleaned_data["form_token"][1]
    try:
        with transaction.atomic():
            contact_request.save()
    except IntegrityError:
        saved = ContactRequest.objects.filter(submission_id=contact_request.submission_id).first()
        if saved is None or _same_request(saved, contact_request):
            # The same form sent twice (double click, resent POST): it is already saved.
            return HttpResponseRedirect(reverse("centre:contact_thanks"), status=303)
        # The same form sent again with other content (the browser's back button, then
        # an edit): a new request, which must not be lost.
        contact_request.submission_id = get_random_string(24)
        with transaction.atomic():
            contact_request.save()
    count_submission(request)
    try:
        send_notifications(contact_request.pk)
    except Exception:  # the request is saved: send_pending_notifications retries it
        logger.exception("Contact request %s: notifications failed", contact_request.pk)
    return HttpResponseRedirect(reverse("centre:contact_thanks"), status=303)


CONTACT_CONTENT_FIELDS = ("name", "email", "phone", "sender_type", "subject", "message")


def _same_request(saved, new):
    return all(getattr(saved, name) == getattr(new, name) for name in CONTACT_CONTENT_FIELDS)


@whole_page
def contact_thanks(request):
    return render_page(request, "centre/contact_thanks.html")
