"""Pages about the centre. Each view fetches what its template needs, nothing more."""

import qrcode
from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.core.paginator import InvalidPage, Paginator
from django.db.models import Prefetch
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.generic import DetailView, ListView
from qrcode.image.svg import SvgPathImage

from mocsite.links import absolute, language_links
from mocsite.publishing import note_unpublished, private_when_unpublished, visible_to
from publications.models import Publication, Talk

from . import calendar, contact, opendata, structured_data
from .forms import ContactForm, new_form_token
from .models import (
    CareProtocol,
    Centre,
    Disease,
    Event,
    GlossaryTerm,
    KeyFigure,
    Mission,
    Network,
    PageIntro,
    Person,
    Registry,
    Specialty,
    Trial,
)


def home(request):
    # The profile the layout reads anyway (centre.context_processors): read here once, for
    # the WebSite markup too.
    centre = Centre.get_profile()
    context = {
        "missions": Mission.objects.published(),
        "focus_diseases": Disease.objects.focus(),
        "next_event": Event.objects.upcoming().for_listing().first(),
        "key_figures": KeyFigure.objects.with_value(),
        "head": Person.objects.published().filter(is_head=True).first(),
        "centre": centre,
        "website_json_ld": structured_data.website(request, request.path, centre),
    }
    return render(request, "centre/home.html", context)


def about(request):
    specialties = list(Specialty.objects.published())
    groups = [
        (label, [s for s in specialties if s.kind == kind])
        for kind, label in Specialty.Kind.choices
    ]
    centre = Centre.get_profile(with_reviewer=True)
    context = {
        "centre": centre,  # the layout's profile too, in one query
        "review_json_ld": structured_data.reviewed_page(request, centre, "AboutPage"),
        "specialty_groups": [(label, items) for label, items in groups if items],
        "missions": Mission.objects.published(),
        "networks": Network.objects.published(),
    }
    return render(request, "centre/about.html", context)


# How many of each member's latest publications and talks the team pages show; the
# publication list, filtered by member, has the rest.
TEAM_WORKS_SHOWN = 5


def people_with_latest_works(people=None):
    """Published members (or `people`), each with their latest works: two (sliced)
    prefetch queries in all, whatever the number of publications."""
    people = Person.objects.published() if people is None else people
    return people.prefetch_related(
        Prefetch(
            "publications",
            to_attr="latest_publications",
            queryset=Publication.objects.published()[:TEAM_WORKS_SHOWN],
        ),
        Prefetch(
            "talks", to_attr="latest_talks", queryset=Talk.objects.published()[:TEAM_WORKS_SHOWN]
        ),
    )


class TeamView(ListView):
    """The team, head of the centre first, a page at a time; each member's works are on
    their own page, so the list stays the same size however much they publish."""

    template_name = "centre/team.html"
    context_object_name = "people"
    paginate_by = 24

    def get_queryset(self):
        return Person.objects.published()


@method_decorator(private_when_unpublished, name="dispatch")
class PersonDetailView(DetailView):
    template_name = "centre/person_detail.html"
    context_object_name = "person"

    def get_queryset(self):
        return people_with_latest_works(visible_to(self.request, Person.objects))

    def get_object(self, queryset=None):
        return note_unpublished(self.request, super().get_object(queryset))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        person = self.object
        context["centre"] = centre = Centre.get_profile()  # the layout's, read once
        context["json_ld"] = structured_data.person(self.request, person, centre)
        context["breadcrumb_json_ld"] = structured_data.breadcrumbs(
            self.request,
            [
                (_("Home"), reverse("centre:home")),
                (_("Team"), reverse("centre:team")),
                (person.display_name, person.get_absolute_url()),
            ],
        )
        return context


class DiseaseListView(ListView):
    """The diseases in their order, 50 a page: the centre's whole list is one page today."""

    template_name = "centre/disease_list.html"
    context_object_name = "diseases"
    paginate_by = 50

    def get_queryset(self):
        return Disease.objects.published()


# Entries of each kind a disease page lists; the lists it links to have the rest.
DISEASE_EVENTS_SHOWN = 5


@private_when_unpublished
def disease_detail(request, slug):
    # The disease and its questions and answers in one query (the page's budget).
    disease = note_unpublished(
        request,
        visible_to(request, Disease.objects)
        .select_related("last_reviewed_by")
        .with_questions(slug),
    )
    if disease is None:
        raise Http404
    if disease.slug != slug:
        # An address in the other language's slug: send to this language's own address.
        return redirect(disease, permanent=True)
    questions = disease.published_questions
    context = {
        "disease": disease,
        "questions": questions,
        "faq_json_ld": structured_data.faq(questions),
        "protocols": disease.care_protocols.published().select_related("last_reviewed_by"),
        "trials": disease.trials.published(),
        "registries": disease.registries.published(),
        "events": disease.events.published().for_listing()[:DISEASE_EVENTS_SHOWN],
        "json_ld": structured_data.disease(request, disease),
        "review_json_ld": structured_data.reviewed_page(request, disease, "MedicalWebPage"),
        "breadcrumb_json_ld": structured_data.breadcrumbs(
            request,
            [
                (_("Home"), reverse("centre:home")),
                (_("Diseases"), reverse("centre:disease_list")),
                (disease.name, disease.get_absolute_url()),
            ],
        ),
        "language_links": language_links(request, disease),
    }
    return render(request, "centre/disease_detail.html", context)


def disease_emergency(request, slug):
    """The disease's emergency sheet, one printed A4 page with a QR code to its address;
    there is no sheet (404) until staff write one."""
    disease = Disease.objects.published().by_any_slug(slug)
    if disease is None or not disease.has_emergency_sheet:
        raise Http404
    if disease.slug != slug:
        return redirect(disease.get_emergency_sheet_url(), permanent=True)
    address = absolute(request, disease.get_emergency_sheet_url())
    context = {
        "disease": disease,
        "address": address,
        "qr_code": qr_code_svg(address),
        "language_links": language_links(request, EmergencySheet(disease)),
    }
    return render(request, "centre/disease_emergency.html", context)


class EmergencySheet:
    """A disease's emergency sheet, for its addresses in each language."""

    def __init__(self, disease):
        self.disease = disease

    def get_absolute_url(self):
        return self.disease.get_emergency_sheet_url()


def qr_code_svg(data):
    """An inline SVG QR code of `data` (no image file, no outside service)."""
    image = qrcode.make(data, image_factory=SvgPathImage, border=2)
    svg = image.to_string(encoding="unicode")
    return mark_safe(svg[svg.index("<svg") :])  # noqa: S308 (markup made by qrcode, no input)


def referral(request):
    return render(request, "centre/referral.html")


def transition(request):
    centre = Centre.objects.select_related("transition_event").order_by("pk").first()
    event = centre.transition_event if centre else None
    context = {
        "centre": centre,
        "transition_event": event if event is not None and event.is_live else None,
    }
    return render(request, "centre/transition.html", context)


def glossary(request):
    return render(request, "centre/glossary.html", {"terms": GlossaryTerm.objects.all()})


def legal_notice(request):
    return render(request, "centre/legal_notice.html")


def privacy(request):
    return render(request, "centre/privacy.html", {"retention_months": retention_months()})


def retention_months():
    """The contact requests' retention period, in whole months, as the pages state it."""
    return max(1, round(settings.CONTACT_RETENTION_DAYS * 12 / 365))


def accessibility(request):
    return render(request, "centre/accessibility.html")


def care_protocols(request):
    protocols = list(CareProtocol.objects.published().for_listing())
    context = {
        "intro": PageIntro.text_for(PageIntro.Page.CARE_PROTOCOLS),
        "protocols": protocols,
        "review_json_ld": structured_data.reviewed_protocols(request, protocols),
    }
    return render(request, "centre/care_protocols.html", context)


# Trials, and registries, a page of the research page lists.
RESEARCH_PAGE_SIZE = 20


def requested_page(request, paginator):
    """The page `?page=` asks for, as ListView reads it ("last" too); a 404 for anything
    else than a plain number of a page there is ("²" passes isdigit(), int() refuses
    4,300+ digits)."""
    page = request.GET.get("page") or "1"
    if page == "last":
        return paginator.page(paginator.num_pages)
    if not (page.isascii() and page.isdigit() and len(page) < 19):
        raise Http404
    try:
        return paginator.page(int(page))
    except InvalidPage as error:
        raise Http404 from error


def research(request):
    """Trials and registries, 20 of each a page: page N lists the Nth twenty of each list,
    so one page number (the one the canonical address, the language links and the page
    cache know) pages both; there are as many pages as the longer list needs. Each trial
    has its own page."""
    trials = Paginator(Trial.objects.published().for_listing(), RESEARCH_PAGE_SIZE)
    registries = Paginator(Registry.objects.published().for_listing(), RESEARCH_PAGE_SIZE)
    page_obj = requested_page(request, max(trials, registries, key=lambda p: p.count))
    number = page_obj.number
    page_trials = list(trials.page(number)) if number <= trials.num_pages else []
    page_registries = list(registries.page(number)) if number <= registries.num_pages else []
    context = {
        "intro": PageIntro.text_for(PageIntro.Page.RESEARCH),
        "page_obj": page_obj,
        "paginator": page_obj.paginator,
        "trials": page_trials,
        "registries": page_registries,
        "json_ld": structured_data.trials(page_trials),
        "data_links": opendata.data_links("centre:trials_data"),
    }
    return render(request, "centre/research.html", context)


@method_decorator(private_when_unpublished, name="dispatch")
class TrialDetailView(DetailView):
    """A trial's page, at its NCT number in lower case (an address typed in capitals is
    sent there)."""

    template_name = "centre/trial_detail.html"
    context_object_name = "trial"

    def get(self, request, *args, **kwargs):
        slug = kwargs["slug"]
        if slug != slug.lower():
            return redirect("centre:trial_detail", slug=slug.lower(), permanent=True)
        return super().get(request, *args, **kwargs)

    def get_object(self, queryset=None):
        trials = visible_to(self.request, Trial.objects).for_listing()
        trial = trials.filter(nct_id=self.kwargs["slug"].upper()).first()
        if trial is None:
            raise Http404
        return note_unpublished(self.request, trial)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        trial = self.object
        context["disease"] = trial.disease if trial.disease and trial.disease.is_live else None
        context["json_ld"] = structured_data.trial_page(trial)
        context["breadcrumb_json_ld"] = structured_data.breadcrumbs(
            self.request,
            [
                (_("Home"), reverse("centre:home")),
                (_("Clinical research"), reverse("centre:research")),
                (trial.title, trial.get_absolute_url()),
            ],
        )
        context["language_links"] = language_links(self.request, trial)
        return context


class EventListView(ListView):
    """Every event, a page at a time: upcoming ones (soonest first), then those without a
    date, then past ones (latest first), each page cut into those sections."""

    template_name = "centre/event_list.html"
    context_object_name = "events"
    paginate_by = 20

    def get_queryset(self):
        return Event.objects.in_list_order().for_listing()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["intro"] = PageIntro.text_for(PageIntro.Page.EVENTS)
        sections = {Event.UPCOMING: [], Event.UNDATED: [], Event.PAST: []}
        for event in context["events"]:
            sections[event.timing].append(event)
        context["upcoming"] = sections[Event.UPCOMING]
        context["undated"] = sections[Event.UNDATED]
        context["past"] = sections[Event.PAST]
        return context


@method_decorator(private_when_unpublished, name="dispatch")
class EventDetailView(DetailView):
    def get_queryset(self):
        events = visible_to(self.request, Event.objects)
        return events.for_listing().prefetch_related("diseases")

    def get_object(self, queryset=None):
        return note_unpublished(self.request, super().get_object(queryset))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["json_ld"] = structured_data.event(self.request, self.object)
        context["breadcrumb_json_ld"] = structured_data.breadcrumbs(
            self.request,
            [
                (_("Home"), reverse("centre:home")),
                (_("Events"), reverse("centre:event_list")),
                (self.object.title, self.object.get_absolute_url()),
            ],
        )
        context["language_links"] = language_links(self.request, self.object)
        return context


def event_ics(request, slug):
    event = get_object_or_404(Event.objects.published().for_listing(), slug=slug)
    if not event.has_exact_dates:
        # A calendar entry needs a day; year-only or undated events have none.
        raise Http404
    return calendar.calendar_response(request, [event], event.title, f"{event.slug}.ics")


def upcoming_events_ics(request):
    events = calendar.upcoming_with_dates(Event.objects.upcoming().for_listing())
    name = calendar.feed_name(_("Upcoming events"))
    return calendar.feed_response(request, events, name, "upcoming-events.ics")


@never_cache  # the form carries the visitor's own token: never kept by the page cache
def contact_view(request):
    """Contact details and the contact form.

    Bad input gets a 4xx and the form again, with the visitor's values kept; a valid
    request is saved and the visitor thanked at once, the emails being sent afterwards
    (centre.contact.submit).
    """
    if request.method != "POST":
        form = ContactForm(initial={"form_token": new_form_token()})
        return _render_contact(request, form)
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    if length > settings.CONTACT_MAX_BODY_BYTES:
        return render(request, "centre/contact_too_large.html", status=413)
    try:
        form = ContactForm(request.POST)
    except RequestDataTooBig:
        return render(request, "centre/contact_too_large.html", status=413)
    if contact.is_rate_limited(request):
        form.is_valid()
        return _render_contact(request, form.with_fresh_token(), status=429, rate_limited=True)
    if not form.is_valid():
        return _render_contact(request, form.with_fresh_token(), status=400)
    outcome = contact.submit(request, form)
    if outcome is contact.Submission.RATE_LIMITED:
        return _render_contact(request, form.with_fresh_token(), status=429, rate_limited=True)
    if outcome is contact.Submission.CONFLICT:
        return _render_contact(request, form.with_fresh_token(), status=409, already_sent=True)
    return HttpResponseRedirect(reverse("centre:contact_thanks"), status=303)


def _render_contact(request, form, status=200, rate_limited=False, already_sent=False):
    context = {
        "form": form,
        "rate_limited": rate_limited,
        "already_sent": already_sent,
        "retention_months": retention_months(),
    }
    return render(request, "centre/contact.html", context, status=status)


def contact_thanks(request):
    return render(request, "centre/contact_thanks.html")
