"""The centre's own pages: home, profile, referral, transition, glossary, legal pages."""

from django.conf import settings
from django.shortcuts import render

from .. import structured_data
from ..models import (
    Centre,
    Disease,
    Event,
    GlossaryTerm,
    KeyFigure,
    Mission,
    Network,
    Person,
    Specialty,
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
