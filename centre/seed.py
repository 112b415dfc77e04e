"""The centre's seed content, from the English text of the current site, translated into
French. Facts the source does not give (email address, figures' values, ORPHA codes not
confirmed in shared/reference) are left empty for staff to fill in the admin."""

from . import seed_guides, seed_research
from .models import Centre, Disease, KeyFigure, Mission, Network, Person, Specialty
from .seeding import tr

CENTRE = {
    **tr(
        "name",
        # For adults: the centre's own words ("reference center for constitutional bone
        # diseases in adults", "centre de référence … de l’adulte").
        "Centre de référence national des maladies osseuses constitutionnelles de l’adulte",
        "French national reference centre for constitutional bone diseases in adults",
    ),
    **tr("short_name", "MOC", "MOC"),
    **tr(
        "tagline",
        "Pour les adultes\u00a0: un centre pluridisciplinaire de spécialistes des "
        "pathologies osseuses de l’adulte, à l’hôpital Cochin, à Paris.",
        "For adults: a multidisciplinary centre of specialists in adult bone pathologies, "
        "at Cochin hospital, Paris.",
    ),
    **tr(
        "description",
        "Le centre de référence des maladies osseuses constitutionnelles (MOC) de l’hôpital "
        "Cochin est un centre pluridisciplinaire de spécialistes des pathologies osseuses "
        "de l’adulte\u00a0: rhumatologues, médecins de médecine physique et de réadaptation, "
        "chirurgiens orthopédistes, radiologues ostéo-articulaires.\n\n"
        "Il réunit ainsi plusieurs spécialistes qui ont une longue habitude de travailler "
        "ensemble, pour des patients difficiles, dans le contexte fréquent d’une activité "
        "de recours.",
        "The reference centre for constitutional bone diseases (MOC) at Cochin hospital "
        "is a multidisciplinary centre of specialists in adult bone pathologies: "
        "rheumatologists, rehabilitation physicians, orthopedic surgeons, osteoarticular "
        "radiologists.\n\n"
        "It thus brings together several specialists with a long habit of working "
        "together, for difficult patients, in the frequent context of a recourse "
        "activity.",
    ),
    **tr(
        "organisation",
        "Cette activité est facilitée par une cohérence géographique\u00a0: un bâtiment de "
        "chirurgie et un bâtiment de rhumatologie reliés par le sous-sol, réunissant la "
        "rééducation et la radiologie ostéo-articulaire.\n\n"
        "Ce centre de référence est rattaché à la filière de santé maladies rares OSCAR "
        "(os, calcium et cartilage) et au réseau européen de référence (ERN) BOND pour "
        "les maladies osseuses rares.",
        "This activity is facilitated by geographic coherence: a surgery building and a "
        "rheumatology building linked by the basement, bringing together rehabilitation "
        "and osteoarticular radiology.\n\n"
        "This reference centre is affiliated with the OSCAR (bone, calcium and cartilage) "
        "rare disease healthcare network and the BOND European reference network (ERN) "
        "for rare bone disorders.",
    ),
    **tr(
        "classification",
        "La classification internationale recense 461 maladies osseuses constitutionnelles "
        "(Mortier GR, Cohn DH, Cormier-Daire V et al, Nosology and Classification of "
        "Genetic Skeletal Disorders\u00a0: 2019 Revision\u00a0; Am J Med Gen A, 2019, 179 (12) : "
        "2393-2419).",
        "The international classification lists 461 constitutional bone diseases "
        "(Mortier GR, Cohn DH, Cormier-Daire V et al, Nosology and Classification of "
        "Genetic Skeletal Disorders: 2019 Revision; Am J Med Gen A, 2019, 179 (12) : "
        "2393-2419).",
    ),
    **tr("hospital", "Hôpital Cochin", "Cochin hospital"),
    **tr("department", "Service de rhumatologie", "Rheumatology department"),
    "street_address": "27 rue du faubourg Saint-Jacques",
    "postal_code": "75014",
    "city": "Paris",
    "phone": "+33 (0)1 58 41 25 78",
    **tr(
        "contact_guidance",
        "Si vous nous contactez par courriel, merci de préciser vos coordonnées complètes "
        "ainsi que le motif de votre demande.",
        "If you contact us by email, please specify your full contact details as well as "
        "the reason for the request.",
    ),
    **tr(
        "emergency_guidance",
        "En cas d’urgence médicale, appelez le 15 (SAMU) ou le 112.",
        "In a medical emergency, call 15 (SAMU) or 112.",
    ),
    **tr(
        "key_figures_note",
        "À l’hôpital Cochin, le centre de référence des maladies osseuses "
        "constitutionnelles (MOC) en bref",
        "At Cochin hospital, the reference centre for constitutional bone diseases (MOC) in brief",
    ),
}

SPECIALTIES = [
    (Specialty.Kind.CENTRE, "rhumatologues", "rheumatologists"),
    (
        Specialty.Kind.CENTRE,
        "médecins de médecine physique et de réadaptation",
        "rehabilitation physicians",
    ),
    (Specialty.Kind.CENTRE, "chirurgiens orthopédistes", "orthopedic surgeons"),
    (Specialty.Kind.CENTRE, "radiologues ostéo-articulaires", "osteoarticular radiologists"),
    (Specialty.Kind.SUPPORT, "diététiciens", "dieticians"),
    (Specialty.Kind.SUPPORT, "kinésithérapeutes", "physiotherapists"),
    (Specialty.Kind.SUPPORT, "assistants sociaux", "social workers"),
    (Specialty.Kind.SUPPORT, "attachés de recherche clinique", "clinical research assistants"),
    (Specialty.Kind.HOSPITAL, "centre de la douleur", "pain centre"),
    (Specialty.Kind.HOSPITAL, "endocrinologues", "endocrinologists"),
]

MISSIONS = [
    (
        "prendre en charge les patients atteints de maladie osseuse constitutionnelle suivis "
        "avant l’âge adulte dans les services de pédiatrie des centres de référence MOC de "
        "Necker et de Trousseau",
        "to manage patients with constitutional bone disease followed before adulthood in the "
        "pediatric departments of the Necker and Trousseau MOC reference centres",
    ),
    (
        "prendre en charge les patients non diagnostiqués dans l’enfance",
        "to manage patients not diagnosed in childhood",
    ),
    (
        "être un centre de propositions thérapeutiques innovantes, non pharmacologiques et "
        "pharmacologiques",
        "to be a centre for innovative therapeutic, non-pharmacological and pharmacological "
        "proposals",
    ),
    (
        "être un centre de recours et d’expertise pour les médecins confrontés à des patients "
        "difficiles",
        "to be a centre of recourse and expertise for physicians faced with difficult patients",
    ),
    (
        "assurer l’accompagnement de la transition des jeunes adultes",
        "to provide transitional counseling for young adults",
    ),
]

NETWORKS = [
    (
        "oscar",
        "OSCAR",
        "Filière de santé maladies rares de l’os, du calcium et du cartilage",
        "Rare disease healthcare network for bone, calcium and cartilage",
    ),
    (
        "ern-bond",
        "ERN BOND",
        "Réseau européen de référence (ERN) pour les maladies osseuses rares",
        "European reference network (ERN) for rare bone disorders",
    ),
]

# (French slug, English slug, French name, English name, ORPHA code or None, focus)
DISEASES = [
    (
        "osteogenese-imparfaite",
        "osteogenesis-imperfecta",
        "Ostéogenèse imparfaite",
        "Osteogenesis imperfecta",
        666,
        True,
    ),
    (
        "osteochondromes-multiples",
        "multiple-osteochondromas",
        "Ostéochondromes multiples",
        "Multiple osteochondromas",
        321,
        False,
    ),
    (
        "dysplasie-fibreuse-des-os",
        "fibrous-dysplasia-of-bone",
        "Dysplasie fibreuse des os",
        "Fibrous dysplasia of bone",
        None,
        False,
    ),
    (
        "dysplasie-cleidocranienne",
        "cleidocranial-dysplasia",
        "Dysplasie cléidocrânienne",
        "Cleidocranial dysplasia",
        1452,
        False,
    ),
    ("maladie-d-ollier", "ollier-disease", "Maladie d’Ollier", "Ollier disease", 296, False),
    ("hypophosphatasie", "hypophosphatasia", "Hypophosphatasie", "Hypophosphatasia", 436, True),
    (
        "osteoporose-juvenile-idiopathique",
        "idiopathic-juvenile-osteoporosis",
        "Ostéoporose juvénile idiopathique",
        "Idiopathic juvenile osteoporosis",
        None,
        False,
    ),
    (
        "syndrome-de-hajdu-cheney",
        "hajdu-cheney-syndrome",
        "Syndrome de Hajdu-Cheney",
        "Hajdu-Cheney syndrome",
        955,
        False,
    ),
    (
        "fibrodysplasie-ossifiante-progressive",
        "fibrodysplasia-ossificans-progressiva",
        "Fibrodysplasie ossifiante progressive",
        "Fibrodysplasia ossificans progressiva",
        337,
        True,
    ),
]

# "Strensiq" in the source's keyword list is a medicine, not a disease.
TREATMENTS = {
    "hypophosphatasia": tr(
        "treatments",
        "Strensiq (asfotase alfa) est une enzymothérapie substitutive de l’hypophosphatasie.",
        "Strensiq (asfotase alfa) is an enzyme replacement therapy for hypophosphatasia.",
    ),
}

# Other names and acronyms the source itself uses: "brittle bone disease" (in French
# « maladie des os de verre ») and "OI" ("Grossesse et OI", the AOI patient association),
# "FOP" (the series title; the source also writes "progressive fibrodysplasia
# ossificans"), "HPP" (the HPP France consortium of the hypophosphatasia series). Staff
# add others in the admin.
ALIASES = {
    "osteogenesis-imperfecta": tr(
        "aliases", "OI\nmaladie des os de verre", "OI\nbrittle bone disease"
    ),
    "fibrodysplasia-ossificans-progressiva": tr(
        "aliases", "FOP", "FOP\nprogressive fibrodysplasia ossificans"
    ),
    "hypophosphatasia": tr("aliases", "HPP", "HPP"),
}

PEOPLE = [
    {
        "slug": "christian-roux",
        "title": "Pr",
        "first_name": "Christian",
        "last_name": "Roux",
        "grammatical_gender": "m",  # « professeur », « chef » in the French biography
        "is_head": True,
        "ordering": 1,
        **tr("role", "Responsable du centre de référence", "Head of the reference centre"),
        **tr(
            "bio",
            "Rhumatologue, professeur des universités, chef du service de rhumatologie de "
            "l’hôpital Cochin à Paris et responsable du centre de référence des maladies "
            "osseuses constitutionnelles de l’adulte.",
            "Rheumatologist, university professor, head of the rheumatology department at "
            "Cochin Hospital in Paris and head of the reference centre for constitutional "
            "bone diseases in adults.",
        ),
    },
    {
        "slug": "eugenie-koumakis",
        "title": "Dr",
        "first_name": "Eugénie",
        "last_name": "Koumakis",
        "grammatical_gender": "f",  # « praticienne » in the French role
        "ordering": 2,
        **tr(
            "role",
            "Rhumatologue, praticienne hospitalière",
            "Rheumatologist, hospital practitioner",
        ),
        **tr(
            "bio",
            "Rhumatologue, praticienne hospitalière dans le service de rhumatologie de "
            "l’hôpital Cochin à Paris et membre de la filière OSCAR, filière de santé "
            "dédiée aux maladies rares de l’os, du calcium et du cartilage.",
            "Rheumatologist, hospital practitioner in the rheumatology department of the "
            "Cochin hospital in Paris and member of the OSCAR network, the healthcare "
            "network dedicated to rare diseases of bone, calcium and cartilage.",
        ),
    },
    {
        "slug": "mioranirainy-deraharijaona",
        "title": "",
        "first_name": "Mioranirainy",
        "last_name": "Deraharijaona",
        "ordering": 3,
        **tr("role", "Attaché de recherche clinique", "Clinical research associate"),
    },
]

KEY_FIGURES = [
    (
        "patients-followed",
        "Patients suivis au moins une fois par an",
        "Patients followed at least once a year",
    ),
    ("consultations", "Consultations médicales", "Medical consultations"),
    ("day-hospitalisations", "Hospitalisations de jour", "Day hospitalizations"),
    (
        "full-hospitalisations",
        "Patients en hospitalisation complète",
        "Fully hospitalized patients",
    ),
    ("teleconsultations", "Actes de téléconsultation", "Teleconsultation procedures"),
    ("research-projects", "Projets de recherche en cours", "Ongoing research projects"),
    ("university-courses", "Enseignements universitaires", "University courses"),
]
KEY_FIGURES_YEAR = 2021


def load(seeder):
    seeder.ensure("centre:profile", Centre, {}, CENTRE)
    for index, (kind, fr, en) in enumerate(SPECIALTIES, start=1):
        seeder.ensure(
            f"centre:specialty:{en}",
            Specialty,
            {"name_en": en},
            {"kind": kind, "name_fr": fr, "ordering": index},
        )
    for index, (fr, en) in enumerate(MISSIONS, start=1):
        seeder.ensure(
            f"centre:mission:{index}", Mission, {"text_en": en}, {"text_fr": fr, "ordering": index}
        )
    for index, (key, name, fr, en) in enumerate(NETWORKS, start=1):
        seeder.ensure(
            f"centre:network:{key}",
            Network,
            {"name": name},
            {**tr("full_name", fr, en), "ordering": index},
        )
    for index, (slug_fr, slug_en, name_fr, name_en, orpha, focus) in enumerate(DISEASES, start=1):
        seeder.ensure(
            f"centre:disease:{slug_en}",
            Disease,
            {"slug_en": slug_en},
            {
                "slug_fr": slug_fr,
                "slug": slug_fr,
                **tr("name", name_fr, name_en),
                "orpha_code": orpha,
                "is_focus": focus,
                "ordering": index,
                **TREATMENTS.get(slug_en, {}),
                **ALIASES.get(slug_en, {}),
            },
        )
    for person in PEOPLE:
        values = dict(person)
        slug = values.pop("slug")
        seeder.ensure(f"centre:person:{slug}", Person, {"slug": slug}, values)
    for index, (key, fr, en) in enumerate(KEY_FIGURES, start=1):
        seeder.ensure(
            f"centre:key-figure:{key}",
            KeyFigure,
            {"label_en": en},
            {"label_fr": fr, "year": KEY_FIGURES_YEAR, "ordering": index},
        )

    seed_research.load(seeder)
    seed_guides.load(seeder)
