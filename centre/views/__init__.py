"""Pages about the centre, a module a domain (as centre.models). Each view fetches what its
template needs, nothing more."""

from .contact import contact_thanks, contact_view
from .diseases import (
    DISEASE_ENTRIES_SHOWN,
    DiseaseListView,
    EmergencySheet,
    care_protocols,
    disease_detail,
    disease_emergency,
    qr_code_svg,
)
from .events import EventDetailView, EventListView, event_ics, upcoming_events_ics
from .pages import (
    about,
    accessibility,
    glossary,
    home,
    legal_notice,
    privacy,
    referral,
    retention_months,
    transition,
)
from .research import RESEARCH_PAGE_SIZE, TrialDetailView, research
from .team import TEAM_WORKS_SHOWN, PersonDetailView, TeamView, people_with_latest_works

__all__ = [
    "home",
    "about",
    "referral",
    "transition",
    "glossary",
    "legal_notice",
    "privacy",
    "retention_months",
    "accessibility",
    "TEAM_WORKS_SHOWN",
    "people_with_latest_works",
    "TeamView",
    "PersonDetailView",
    "DiseaseListView",
    "DISEASE_ENTRIES_SHOWN",
    "disease_detail",
    "disease_emergency",
    "EmergencySheet",
    "qr_code_svg",
    "care_protocols",
    "RESEARCH_PAGE_SIZE",
    "research",
    "TrialDetailView",
    "EventListView",
    "EventDetailView",
    "event_ics",
    "upcoming_events_ics",
    "contact_view",
    "contact_thanks",
]
