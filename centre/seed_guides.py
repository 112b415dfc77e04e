"""Seed content of the pages for physicians and families: who the centre sees and how to
refer a patient, the move to adult care, and the glossary of the site's acronyms.

Only the source's facts, reworded for each page: the centre's missions and description
(the patients it sees, its recourse role, its specialists), the contact guidance (full
contact details and the reason), the transition workshop with Necker. The source gives no
MSSanté address and writes no emergency sheet or question and answer: they stay empty
for staff. The glossary gives the source's own expansions, and the official ones of the
standard acronyms the site uses; a definition only where the source gives one.
"""

from .models import Centre, Event, GlossaryTerm
from .seeding import tr

NBSP = "\u00a0"

REFERRAL = {
    **tr(
        "referral_patients",
        "Le centre prend en charge des adultes atteints de maladie osseuse constitutionnelle"
        f"{NBSP}: les patients suivis avant l’âge adulte dans les services de pédiatrie des "
        "centres de référence MOC de Necker et de Trousseau, et les patients non "
        "diagnostiqués dans l’enfance.",
        "The centre cares for adults with a constitutional bone disease: patients followed "
        "before adulthood in the paediatric departments of the Necker and Trousseau MOC "
        "reference centres, and patients not diagnosed in childhood.",
    ),
    **tr(
        "referral_expertise",
        "Le centre est un centre de recours et d’expertise pour les médecins confrontés à "
        "des patients difficiles, et un centre de propositions thérapeutiques innovantes, "
        "non pharmacologiques et pharmacologiques.",
        "The centre is a centre of recourse and expertise for physicians faced with "
        "difficult patients, and a centre for innovative therapeutic, non-pharmacological "
        "and pharmacological proposals.",
    ),
    **tr(
        "referral_documents",
        "Précisez vos coordonnées complètes ainsi que le motif de la demande.",
        "Give your full contact details as well as the reason for the request.",
    ),
    **tr(
        "referral_difficult_cases",
        "Pour les patients difficiles, le centre réunit des spécialistes qui ont une longue "
        "habitude de travailler ensemble, dans le contexte fréquent d’une activité de "
        f"recours{NBSP}: rhumatologues, médecins de médecine physique et de réadaptation, "
        "chirurgiens orthopédistes, radiologues ostéo-articulaires. Il peut faire appel aux "
        "autres spécialistes de l’hôpital (centre de la douleur, endocrinologues) et aux "
        "équipes des services spécialisés (diététiciens, kinésithérapeutes, assistants "
        "sociaux, attachés de recherche clinique).",
        "For difficult patients, the centre brings together specialists with a long habit "
        "of working together, in the frequent context of a recourse activity: "
        "rheumatologists, rehabilitation physicians, orthopaedic surgeons, osteoarticular "
        "radiologists. It can call on other specialists in the hospital (pain centre, "
        "endocrinologists) and on teams from specialised services (dieticians, "
        "physiotherapists, social workers, clinical research assistants).",
    ),
    **tr(
        "transition_text",
        "Accompagner la transition des jeunes adultes est l’une des missions du centre.\n\n"
        "Le centre prend en charge les patients atteints de maladie osseuse "
        "constitutionnelle suivis avant l’âge adulte dans les services de pédiatrie des "
        "centres de référence MOC de Necker et de Trousseau.",
        "Transitional counselling for young adults is one of the centre's missions.\n\n"
        "The centre cares for patients with a constitutional bone disease followed before "
        "adulthood in the paediatric departments of the Necker and Trousseau MOC reference "
        "centres.",
    ),
}

TRANSITION_EVENT_SLUG = "osteogenese-imparfaite-transition-necker-cochin"

# (term, French expansion, English expansion, French definition, English definition)
GLOSSARY = [
    ("MOC", "maladies osseuses constitutionnelles", "constitutional bone diseases", "", ""),
    (
        "CRMR",
        "centre de référence maladies rares",
        "rare disease reference centre",
        "",
        "",
    ),
    (
        "PNDS",
        "protocole national de diagnostic et de soins",
        "National Diagnostic and Care Protocol",
        "Recommandation de bonne pratique pour une maladie rare, élaborée par les centres de "
        "référence et de compétence maladies rares selon une méthode proposée par la Haute "
        "Autorité de santé (HAS). Elle explicite aux professionnels concernés la prise en "
        "charge diagnostique et thérapeutique optimale et le parcours de soins d’un patient "
        "atteint d’une maladie rare donnée.",
        "Best practice guidelines for a rare disease, developed by the rare diseases "
        "reference and competence centres using a method proposed by the Haute Autorité de "
        "Santé (HAS). They explain to the professionals concerned the optimal diagnostic "
        "and therapeutic management and the care pathway for a patient suffering from a "
        "given rare disease.",
    ),
    ("HAS", "Haute Autorité de santé", "French National Authority for Health", "", ""),
    (
        "OSCAR",
        "filière de santé maladies rares os, calcium et cartilage",
        "bone, calcium and cartilage rare disease healthcare network",
        "",
        "",
    ),
    ("ERN", "réseau européen de référence", "European Reference Network", "", ""),
    (
        "ORPHA",
        "code Orphanet d’une maladie",
        "Orphanet code of a disease",
        "",
        "",
    ),
    (
        "NCT",
        "numéro d’enregistrement d’un essai sur ClinicalTrials.gov",
        "registration number of a trial on ClinicalTrials.gov",
        "",
        "",
    ),
    ("OI", "ostéogenèse imparfaite", "osteogenesis imperfecta", "", ""),
    (
        "FOP",
        "fibrodysplasie ossifiante progressive",
        "fibrodysplasia ossificans progressiva",
        "",
        "",
    ),
    ("HPP", "hypophosphatasie", "hypophosphatasia", "", ""),
    ("XLH", "hypophosphatémie liée à l’X", "X-linked hypophosphatemia", "", ""),
    (
        "MSSanté",
        "messageries sécurisées de santé",
        "secure health messaging (France)",
        "",
        "",
    ),
    ("SAMU", "service d’aide médicale urgente", "French emergency medical service", "", ""),
    (
        "AOI",
        "Association de l’Ostéogenèse Imparfaite",
        "Association de l’Ostéogenèse Imparfaite",
        "",
        "",
    ),
    (
        "GRIO",
        "Groupe de recherche et d’information sur les ostéoporoses",
        "Groupe de recherche et d’information sur les ostéoporoses",
        "",
        "",
    ),
    ("ECTS", "European Calcified Tissue Society", "European Calcified Tissue Society", "", ""),
    (
        "IOF",
        "International Osteoporosis Foundation",
        "International Osteoporosis Foundation",
        "",
        "",
    ),
    ("PMID", "identifiant PubMed", "PubMed identifier", "", ""),
    ("DOI", "identifiant numérique d’objet", "Digital Object Identifier", "", ""),
]


def load(seeder):
    centre = Centre.get_profile()
    seeder.fill("centre:profile:referral-and-transition", centre, REFERRAL)
    event = seeder.find(Event, slug=TRANSITION_EVENT_SLUG)
    seeder.fill("centre:profile:transition-event", centre, {"transition_event": event})
    for index, (term, expansion_fr, expansion_en, definition_fr, definition_en) in enumerate(
        GLOSSARY, start=1
    ):
        seeder.ensure(
            f"centre:glossary:{term}",
            GlossaryTerm,
            {"term": term},
            {
                **tr("expansion", expansion_fr, expansion_en),
                **tr("definition", definition_fr, definition_en),
                "ordering": index,
            },
        )
