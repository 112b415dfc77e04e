"""The centre's models, one module per domain; every model is importable from here."""

from mocsite.models import PublishedQuerySet

from .contact import ContactRecipient, ContactRequest
from .diseases import Disease, DiseaseQuestion
from .events import Event
from .glossary import GlossaryTerm
from .profile import Centre, KeyFigure, Mission, Network, PageIntro, Specialty
from .research import CareProtocol, NCTIdField, Registry, Trial, normalize_nct_id
from .seeding import SeedRecord
from .team import Person

__all__ = [
    "CareProtocol",
    "Centre",
    "ContactRecipient",
    "ContactRequest",
    "Disease",
    "DiseaseQuestion",
    "Event",
    "GlossaryTerm",
    "KeyFigure",
    "Mission",
    "NCTIdField",
    "Network",
    "PageIntro",
    "Person",
    "PublishedQuerySet",
    "Registry",
    "SeedRecord",
    "Specialty",
    "Trial",
    "normalize_nct_id",
]
