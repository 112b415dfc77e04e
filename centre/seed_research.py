"""Seed content for care and research: what a PNDS is, the centre's trials, registry and
events, from the English text of the current site, translated into French.

The source names no PNDS document, so no care protocol is loaded: staff add them in the
admin. The trials' statuses are the centre's own wording (`stated_status`); their
ClinicalTrials.gov status stays empty until `manage.py refresh_trials` checks it. Dates
the source does not give are left empty (the 2016 workshop is known to the year only).
"""

from datetime import date

from .models import Disease, Event, PageIntro, Person, Registry, Trial
from .seeding import tr

CARE_PROTOCOLS_INTRO = tr(
    "text",
    "Les protocoles nationaux de diagnostic et de soins (PNDS) sont des recommandations de "
    "bonne pratique pour les maladies rares. L’objectif d’un PNDS est d’expliciter aux "
    "professionnels concernés la prise en charge diagnostique et thérapeutique optimale et "
    "le parcours de soins d’un patient atteint d’une maladie rare donnée.\n\n"
    "Comme le prévoit le deuxième plan national maladies rares 2011-2014, ils sont élaborés "
    "par les centres de référence et de compétence maladies rares selon une méthode "
    "proposée par la Haute Autorité de santé (HAS).\n\n"
    "Les PNDS comportent une partie «\u00a0synthèse à destination du médecin traitant\u00a0».",
    "The National Diagnostic and Care Protocols (PNDS in French) are best practice "
    "guidelines for rare diseases. The objective of a PNDS is to explain to the "
    "professionals concerned the optimal diagnostic and therapeutic management and the "
    "care pathway for a patient suffering from a given rare disease.\n\n"
    "As provided for in the 2011-2014 second national plan for rare diseases, they are "
    "developed by the rare diseases reference and competence centres using a method "
    "proposed by the Haute Autorité de Santé (HAS).\n\n"
    "The PNDS include a “summary for the attending physician” section.",
)

# (NCT id, disease slug_en, sponsor, French title, English title, status as the centre
# states it in French and English)
TRIALS = [
    (
        "NCT03118570",
        "osteogenesis-imperfecta",
        "Mereo Biopharma",
        "Ostéogenèse imparfaite et anti-sclérostine",
        "Osteogenesis imperfecta and anti-sclerostin",
        "Terminé",
        "Completed",
    ),
    (
        "NCT03188666",
        "fibrodysplasia-ossificans-progressiva",
        "Regeneron",
        "Fibrodysplasie ossifiante progressive et anti-activine",
        "Fibrodysplasia ossificans progressiva and anti-activin",
        "En cours",
        "In progress",
    ),
]

REGISTRIES = [
    (
        "hypophosphatasia",
        "hypophosphatasia",
        "Registre de l’hypophosphatasie",
        "Hypophosphatasia registry",
        24,
    ),
]

EVENTS = [
    {
        "slug": "osteogenese-imparfaite-adulte-2016",
        "kind": Event.Kind.WORKSHOP,
        **tr(
            "title", "L’ostéogenèse imparfaite chez l’adulte", "Osteogenesis imperfecta in adults"
        ),
        "start_date": date(2016, 1, 1),
        "date_precision": Event.Precision.YEAR,
        "contact": ("person", "eugenie-koumakis"),
        **tr("location", "Hôpital Cochin", "Cochin hospital"),
        "diseases": ["osteogenesis-imperfecta"],
    },
    {
        "slug": "osteogenese-imparfaite-transition-necker-cochin",
        "kind": Event.Kind.WORKSHOP,
        **tr(
            "title",
            "L’ostéogenèse imparfaite en transition, coordination Necker-Cochin",
            "Osteogenesis imperfecta in transition, Necker-Cochin coordination",
        ),
        "contact": ("name", "Dr Baujat"),
        **tr("location", "Hôpital Necker", "Necker hospital"),
        "diseases": ["osteogenesis-imperfecta"],
    },
    {
        "slug": "webinaire-hypophosphatasie-2021",
        "kind": Event.Kind.WEBINAR,
        "status": Event.Status.IN_PREPARATION,
        **tr("title", "Webinaire sur l’hypophosphatasie", "Hypophosphatasia webinar"),
        "start_date": date(2021, 4, 15),
        "contact": ("name", "Pr Karine Briot"),
        **tr("location", "Hôpital Cochin", "Cochin hospital"),
        "diseases": ["hypophosphatasia"],
    },
]


def load(seeder):
    seeder.ensure(
        "centre:page-intro:care_protocols",
        PageIntro,
        {"page": PageIntro.Page.CARE_PROTOCOLS},
        CARE_PROTOCOLS_INTRO,
    )
    for index, (nct_id, disease, sponsor, title_fr, title_en, stated_fr, stated_en) in enumerate(
        TRIALS, start=1
    ):
        seeder.ensure(
            f"centre:trial:{nct_id}",
            Trial,
            {"nct_id": nct_id},
            {
                "sponsor": sponsor,
                "disease": seeder.find(Disease, slug_en=disease),
                **tr("title", title_fr, title_en),
                **tr("stated_status", stated_fr, stated_en),
                "ordering": index,
            },
        )
    for index, (key, disease, name_fr, name_en, patients) in enumerate(REGISTRIES, start=1):
        seeder.ensure(
            f"centre:registry:{key}",
            Registry,
            {"name_en": name_en},
            {
                "name_fr": name_fr,
                "disease": seeder.find(Disease, slug_en=disease),
                "patients_included": patients,
                "ordering": index,
            },
        )
    for event in EVENTS:
        values = dict(event)
        slug = values.pop("slug")
        diseases = values.pop("diseases")
        kind, contact = values.pop("contact")
        if kind == "person":
            person = seeder.find(Person, slug=contact)
            values["contact_person"] = person
            if person is None:
                values["contact_name"] = contact.replace("-", " ").title()
        else:
            values["contact_name"] = contact
        created_before = seeder.created
        obj = seeder.ensure(f"centre:event:{slug}", Event, {"slug": slug}, values)
        if obj is not None and seeder.created > created_before:
            obj.diseases.set(Disease.objects.filter(slug_en__in=diseases))
