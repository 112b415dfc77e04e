from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from . import calendar, opendata, views

app_name = "centre"

urlpatterns = [
    path("", views.home, name="home"),
    path(_("centre/"), views.about, name="about"),
    path(_("team/"), views.TeamView.as_view(), name="team"),
    path(_("team/<slug:slug>/"), views.PersonDetailView.as_view(), name="person"),
    path(_("diseases/"), views.DiseaseListView.as_view(), name="disease_list"),
    path(_("diseases/<slug:slug>/"), views.disease_detail, name="disease_detail"),
    path(
        _("diseases/<slug:slug>/emergency-sheet/"),
        views.disease_emergency,
        name="disease_emergency",
    ),
    path(
        _("diseases/<slug:slug>/events.ics"),
        calendar.disease_events_ics,
        name="disease_event_feed",
    ),
    path(_("contact/"), views.contact_view, name="contact"),
    path(_("contact/thank-you/"), views.contact_thanks, name="contact_thanks"),
    path(_("refer-a-patient/"), views.referral, name="referral"),
    path(_("moving-to-adult-care/"), views.transition, name="transition"),
    path(_("glossary/"), views.glossary, name="glossary"),
    path(_("legal-notice/"), views.legal_notice, name="legal_notice"),
    path(_("privacy/"), views.privacy, name="privacy"),
    path(_("accessibility/"), views.accessibility, name="accessibility"),
    path(_("care-protocols/"), views.care_protocols, name="care_protocols"),
    path(_("research/"), views.research, name="research"),
    path(_("research/trials.<slug:fmt>"), opendata.trials, name="trials_data"),
    path(_("research/trials/<slug:slug>/"), views.TrialDetailView.as_view(), name="trial_detail"),
    path(
        _("events/"),
        include(
            [
                path("", views.EventListView.as_view(), name="event_list"),
                path("upcoming.ics", views.upcoming_events_ics, name="event_feed"),
                path("<slug:slug>/", views.EventDetailView.as_view(), name="event_detail"),
                path("<slug:slug>.ics", views.event_ics, name="event_ics"),
            ]
        ),
    ),
]
