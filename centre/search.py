"""What the site search finds of the centre: diseases (with their other names and ORPHA
code), the team, care protocols, trials (NCT number), registries, events, and the
centre's own pages. Registered from CentreConfig.ready()."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from mocsite.search import Document, Fields, join
from mocsite.search import register as register_document

from .models import (
    CareProtocol,
    Centre,
    Disease,
    Event,
    Mission,
    Network,
    PageIntro,
    Person,
    Registry,
    Specialty,
    Trial,
)


def disease_name(disease):
    """A disease's name, when the disease itself is public (no hidden name leaks)."""
    return disease.name if disease is not None and disease.is_live else ""


class DiseaseDocument(Document):
    model = Disease
    kind = "disease"
    label = _("Disease")
    plural = _("Diseases")
    priority = 10
    browse = True

    def fields(self, disease):
        return Fields(
            title=disease.name,
            alt=disease.aliases,
            keywords=disease.orpha_label,
            body=join(disease.summary_patients, disease.summary_professionals, disease.treatments),
            meta=disease.orpha_label,
        )

    def identifiers(self, disease):
        return [str(disease.orpha_code)] if disease.orpha_code else []


class PersonDocument(Document):
    model = Person
    kind = "person"
    label = _("Team member")
    plural = _("Team")
    priority = 60

    def fields(self, person):
        return Fields(
            title=person.display_name,
            alt=person.full_name,
            keywords=person.role,
            body=person.bio,
            meta=person.role,
        )


class CareProtocolDocument(Document):
    model = CareProtocol
    kind = "protocol"
    label = _("Care protocol (PNDS)")
    plural = _("Care protocols")
    priority = 30

    def items(self):
        return super().items().select_related("disease")

    def fields(self, protocol):
        disease = disease_name(protocol.disease)
        return Fields(
            title=protocol.title,
            keywords=join("PNDS", _("National diagnostic and care protocols (PNDS)"), disease),
            body=protocol.year or "",
            meta=" · ".join(str(p) for p in (disease, protocol.year) if p),
        )

    def watched(self):
        return {Disease: lambda disease: disease.care_protocols.all()}


class TrialDocument(Document):
    model = Trial
    kind = "trial"
    label = _("Clinical trial")
    plural = _("Clinical trials")
    priority = 40

    def items(self):
        return super().items().select_related("disease")

    def fields(self, trial):
        status = trial.get_status_display() if trial.status else ""
        return Fields(
            title=trial.title,
            keywords=join(trial.nct_id, trial.sponsor, disease_name(trial.disease)),
            body=join(trial.stated_status, status),
            meta=" · ".join(p for p in (trial.nct_id, trial.sponsor, trial.stated_status) if p),
        )

    def identifiers(self, trial):
        return [trial.nct_id]

    def watched(self):
        return {Disease: lambda disease: disease.trials.all()}


class RegistryDocument(Document):
    model = Registry
    kind = "registry"
    label = _("Registry")
    plural = _("Registries")
    priority = 45

    def items(self):
        return super().items().select_related("disease")

    def fields(self, registry):
        disease = disease_name(registry.disease)
        return Fields(
            title=registry.name,
            keywords=disease,
            body=registry.description,
            meta=disease,
        )

    def watched(self):
        return {Disease: lambda disease: disease.registries.all()}


class EventDocument(Document):
    model = Event
    kind = "event"
    label = _("Event")
    plural = _("Events")
    priority = 70
    m2m = ("diseases",)

    def items(self):
        return super().items().select_related("contact_person").prefetch_related("diseases")

    def fields(self, event):
        diseases = [d.name for d in event.diseases.all() if d.is_live]
        return Fields(
            title=event.title,
            keywords=join(event.get_kind_display(), event.location, event.contact, *diseases),
            body=event.description,
            meta=" · ".join(p for p in (event.when, event.location) if p),
        )

    def date(self, event):
        return event.start_date

    def watched(self):
        return {
            Person: lambda person: person.events.all(),
            Disease: lambda disease: disease.events.all(),
        }


class Page:
    """One of the centre's own pages: its address and what it says."""

    def __init__(self, name, url_name, title, keywords="", body=None):
        self.name, self.url_name, self.title, self.keywords = name, url_name, title, keywords
        self.body = body or (lambda facts: "")


class Facts:
    """What the pages say about the centre, read once for all of them."""

    def __init__(self):
        self.centre = Centre.get_profile()
        self.missions = list(Mission.objects.published())
        self.specialties = list(Specialty.objects.published())
        self.networks = list(Network.objects.published())
        self.intros = {intro.page: intro for intro in PageIntro.objects.published()}

    def get(self, *names):
        if self.centre is None:
            return ""
        return join(*(getattr(self.centre, name) for name in names))

    def intro(self, page):
        intro = self.intros.get(page)
        return intro.text if intro else ""


def _about(facts):
    return join(
        facts.get("name", "short_name", "tagline", "description", "organisation"),
        facts.get("classification", "hospital", "department"),
        *(m.text for m in facts.missions),
        *(s.name for s in facts.specialties),
        *(join(n.name, n.full_name, n.description) for n in facts.networks),
    )


def _contact(facts):
    return join(
        facts.get("hospital", "department", "street_address", "postal_code", "city"),
        facts.get("phone", "email", "contact_guidance", "emergency_guidance"),
    )


def _accessibility(facts):
    return facts.centre.get_accessibility_status_display() if facts.centre else ""


PAGES = [
    Page("about", "centre:about", _("The centre"), body=_about),
    Page("team", "centre:team", _("Team"), _("Medical team")),
    Page(
        "diseases",
        "centre:disease_list",
        _("Diseases"),
        _("Diseases A to Z"),
        lambda facts: facts.get("classification"),
    ),
    Page(
        "care-protocols",
        "centre:care_protocols",
        _("National diagnostic and care protocols (PNDS)"),
        _("Care protocols"),
        lambda facts: facts.intro(PageIntro.Page.CARE_PROTOCOLS),
    ),
    Page(
        "research",
        "centre:research",
        _("Clinical research"),
        join(_("Clinical trials"), _("Registries")),
        lambda facts: facts.intro(PageIntro.Page.RESEARCH),
    ),
    Page(
        "events",
        "centre:event_list",
        _("Events"),
        _("Workshops, webinars and courses"),
        lambda facts: facts.intro(PageIntro.Page.EVENTS),
    ),
    Page("podcasts", "podcasts:list", _("Podcasts")),
    Page("publications", "publications:list", _("Publications"), _("Articles")),
    Page("talks", "talks:list", _("Talks"), _("Oral presentations, posters and webinars")),
    Page(
        "contact",
        "centre:contact",
        _("Contact"),
        _("Appointment, phone, email, address, emergency"),
        _contact,
    ),
    Page(
        "legal-notice",
        "centre:legal_notice",
        _("Legal notice"),
        _("Publisher, host"),
        lambda facts: facts.get("publisher", "publication_director", "host_name", "host_address"),
    ),
    Page(
        "privacy",
        "centre:privacy",
        _("Privacy policy"),
        _("Personal data, GDPR, cookies"),
        lambda facts: facts.get("data_controller", "dpo_contact"),
    ),
    Page(
        "accessibility",
        "centre:accessibility",
        _("Accessibility statement"),
        "RGAA",
        _accessibility,
    ),
]


class PageDocument(Document):
    """The centre's own pages, always public; their text follows the centre's profile,
    missions, specialties, networks and page introductions."""

    kind = "page"
    label = _("Page of the site")
    plural = _("Pages of the site")
    priority = 20

    def items(self):
        facts = Facts()
        return [(page, facts) for page in PAGES]

    def key(self, item):
        return f"page:{item[0].name}"

    def content_object(self, item):
        return None

    def visibility(self, item, public_pks=None):
        return True, None

    def fields(self, item):
        page, facts = item
        return Fields(title=page.title, keywords=page.keywords, body=page.body(facts))

    def url(self, item):
        return reverse(item[0].url_name)

    def refresh(self, items):
        return self.items()

    def watched(self):
        models = (Centre, Mission, Specialty, Network, PageIntro)
        return dict.fromkeys(models, self.every_page)

    def every_page(self, instance):
        return self.items()


DOCUMENTS = [
    DiseaseDocument(),
    PageDocument(),
    CareProtocolDocument(),
    TrialDocument(),
    RegistryDocument(),
    PersonDocument(),
    EventDocument(),
]


def register():
    for document in DOCUMENTS:
        register_document(document)
