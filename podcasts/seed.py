"""The seed's three podcast series and fourteen episodes, translated into French.

The seed has no recordings, durations, dates or transcripts: those stay empty until staff
upload the audio in the admin, and the pages say the recording is not online yet.
"""

from centre.models import Disease, Person
from centre.seeding import tr

from .models import Episode, Series


def _fr(text):
    # French typography: a no-break space before "?".
    return text.replace(" ?", "\u00a0?")


SERIES = [
    {
        "disease": "fibrodysplasia-ossificans-progressiva",
        **tr(
            "title",
            "Zoom sur la fibrodysplasie ossifiante progressive (FOP)",
            "Focus on fibrodysplasia ossificans progressiva (FOP)",
        ),
        **tr(
            "slug", "fibrodysplasie-ossifiante-progressive", "fibrodysplasia-ossificans-progressiva"
        ),
        **tr(
            "description",
            "Des spécialistes et un parent, membre d’une association de patients, "
            "répondent aux questions sur la fibrodysplasie ossifiante progressive (FOP).",
            "Specialists and a parent, member of a patient association, answer questions "
            "about fibrodysplasia ossificans progressiva (FOP).",
        ),
        "episodes": [
            {
                **tr("title", _fr("Qu’est-ce que la FOP ?"), "What is FOP?"),
                **tr("slug", "qu-est-ce-que-la-fop", "what-is-fop"),
                "questions": [
                    (
                        "Qu’est-ce que la fibrodysplasie ossifiante progressive ?",
                        "What is fibrodysplasia ossificans progressiva?",
                    ),
                    (
                        "Quels sont les signes évocateurs de la maladie ?",
                        "What are the suggestive signs of the disease?",
                    ),
                    (
                        "Quels sont les principaux diagnostics différentiels à écarter ?",
                        "What are the main differential diagnoses to be ruled out?",
                    ),
                    ("Comment confirmer le diagnostic ?", "How can the diagnosis be confirmed?"),
                    (
                        "Quelles sont les conséquences d’une erreur de diagnostic ?",
                        "What are the consequences of diagnostic error?",
                    ),
                ],
                **tr("speaker_name", "Pr David Genevieve", "Pr David Genevieve"),
                **tr(
                    "speaker_description",
                    "généticien clinicien au département de génétique médicale, maladies "
                    "rares et médecine personnalisée du CHU de Montpellier, professeur des "
                    "universités à la faculté de médecine de Montpellier et coordonnateur "
                    "du centre de référence Anomalies du développement et syndromes "
                    "malformatifs de la région Sud-Est Occitanie",
                    "clinical geneticist at the department of medical genetics, rare "
                    "diseases and personalised medicine at the university hospital of "
                    "Montpellier, university professor at the faculty of medicine of "
                    "Montpellier and coordinator of the reference center for developmental "
                    "Anomalies and malformative syndromes for the South-East Occitania "
                    "region",
                ),
            },
            {
                **tr("title", "Reconnaître la FOP", "Recognising FOP"),
                **tr("slug", "reconnaitre-la-fop", "recognising-fop"),
                "questions": [
                    (
                        "Quels sont les principes du diagnostic radiologique de la fibrodysplasie "
                        "ossifiante progressive ?",
                        "What are the principles of radiological diagnosis of fibrodysplasia "
                        "ossificans progressiva?",
                    ),
                    (
                        "Quels sont les principaux diagnostics différentiels à écarter ?",
                        "What are the main differential diagnoses to be ruled out?",
                    ),
                    (
                        "Quel suivi radiologique proposer une fois le diagnostic posé ?",
                        "What radiological follow-up should be proposed once the diagnosis has "
                        "been established?",
                    ),
                    (
                        "Quel est le rôle du radiologue dans la prise en charge des patients au "
                        "sein des centres experts ?",
                        "What is the role of the radiologist in the management of patients in "
                        "expert centers?",
                    ),
                ],
                **tr("speaker_name", "Dr Valérie Merzoug", "Dr Valérie Merzoug"),
                **tr(
                    "speaker_description",
                    "radiologue rattachée au service de radiologie B de l’hôpital Cochin à "
                    "Paris et au service de radiologie pédiatrique de l’hôpital Bicêtre au "
                    "Kremlin-Bicêtre",
                    "radiologist attached to the radiology department B of the Cochin "
                    "Hospital in Paris and to the paediatric radiology department of the "
                    "Bicêtre Hospital in Kremlin-Bicêtre",
                ),
            },
            {
                **tr(
                    "title",
                    "Prendre en charge les adultes atteints de FOP",
                    "Caring for adults with FOP",
                ),
                **tr(
                    "slug",
                    "prise-en-charge-des-adultes-atteints-de-fop",
                    "caring-for-adults-with-fop",
                ),
                "questions": [
                    (
                        "Quels sont les principaux tableaux cliniques rencontrés chez les "
                        "patients adultes atteints de fibrodysplasie ossifiante progressive ?",
                        "What are the main clinical pictures encountered in adult patients with "
                        "fibrodysplasia ossificans progressiva?",
                    ),
                    (
                        "Quels sont les principes de la prise en charge et ses spécificités chez "
                        "les patients adultes ?",
                        "What are the principles of care and its specificities for adult patients?",
                    ),
                    (
                        "Pourquoi adresser ces patients à un centre expert ?",
                        "Why refer these patients to an expert center?",
                    ),
                    (
                        "Quelles sont les avancées à venir pour cette maladie rare ?",
                        "What are the advances to come for this rare disease?",
                    ),
                ],
                **tr("speaker_name", "Dr Thomas Funck-Brentano", "Dr. Thomas Funck-Brentano"),
                **tr(
                    "speaker_description",
                    "rhumatologue dans le service de rhumatologie de l’hôpital Lariboisière "
                    "à Paris, l’un des centres constitutifs du centre de référence des "
                    "maladies osseuses constitutionnelles",
                    "rheumatologist in the rheumatology department of the Lariboisière "
                    "hospital in Paris, one of the constituent centers of the reference "
                    "center for constitutional bone diseases",
                ),
            },
            {
                **tr(
                    "title",
                    "Prendre en charge les enfants atteints de FOP",
                    "Caring for children with FOP",
                ),
                **tr(
                    "slug",
                    "prise-en-charge-des-enfants-atteints-de-fop",
                    "caring-for-children-with-fop",
                ),
                "questions": [
                    (
                        "Quels sont les principes de la prise en charge des enfants atteints de "
                        "fibrodysplasie ossifiante progressive ?",
                        "What are the principles of care for children with fibrodysplasia "
                        "ossificans progressiva?",
                    ),
                    (
                        "Existe-t-il des formes atypiques de la maladie ?",
                        "Are there atypical forms of the disease?",
                    ),
                    (
                        "Quelle est l’importance d’un diagnostic précoce et comment le faciliter ?",
                        "What is the importance of early diagnosis and how to facilitate it?",
                    ),
                    (
                        "Quels sont les avantages d’une prise en charge par un réseau de soins "
                        "spécialisé ?",
                        "What are the advantages of being taken care of by a specialized care "
                        "network?",
                    ),
                    (
                        "Où en est la recherche sur cette maladie rare ?",
                        "Where is the research on this rare disease?",
                    ),
                ],
                **tr("speaker_name", "Dr Geneviève Baujat", "Dr Geneviève Baujat"),
                **tr(
                    "speaker_description",
                    "pédiatre, généticienne clinicienne et référente FOP dans le service de "
                    "génétique médicale de l’hôpital Necker-Enfants malades à Paris, site "
                    "coordonnateur du centre de référence des maladies osseuses "
                    "constitutionnelles",
                    "pediatrician, clinical geneticist and FOP referent in the medical "
                    "genetics department at the Necker-Enfants Malades hospital in Paris, "
                    "coordinating site of the reference center for constitutional bone "
                    "diseases",
                ),
            },
            {
                **tr("title", "Vivre avec la FOP", "Living with FOP"),
                **tr("slug", "vivre-avec-la-fop", "living-with-fop"),
                "questions": [
                    (
                        "Quand et comment apparaissent les premiers symptômes de la "
                        "fibrodysplasie ossifiante progressive ?",
                        "When and how do the first symptoms of fibrodysplasia ossificans "
                        "progressiva occur?",
                    ),
                    ("Comment la maladie évolue-t-elle ?", "What is the course of the disease?"),
                    (
                        "Pourquoi rejoindre une association de patients ?",
                        "Why join a patient association?",
                    ),
                    (
                        "Quels sont les objectifs de l’association FOP France ?",
                        "What are the objectives of the FOP France association?",
                    ),
                ],
                **tr("speaker_name", "M. Fourmentin", "Mr Fourmentin"),
                **tr(
                    "speaker_description",
                    "père d’un jeune patient atteint de fibrodysplasie ossifiante progressive "
                    "et membre de l’association FOP France",
                    "father of a young patient with progressive fibrodysplasia ossificans "
                    "and member of the FOP France association",
                ),
            },
        ],
    },
    {
        "disease": "hypophosphatasia",
        **tr("title", "Zoom sur l’hypophosphatasie", "Focus on hypophosphatasia"),
        **tr("slug", "hypophosphatasie", "hypophosphatasia"),
        **tr(
            "description",
            "Des spécialistes et une association de patients répondent aux questions sur "
            "l’hypophosphatasie.",
            "Specialists and a patient association answer questions about hypophosphatasia.",
        ),
        "episodes": [
            {
                **tr(
                    "title", _fr("Qu’est-ce que l’hypophosphatasie ?"), "What is hypophosphatasia?"
                ),
                **tr("slug", "qu-est-ce-que-l-hypophosphatasie", "what-is-hypophosphatasia"),
                "questions": [
                    ("Qu’est-ce que l’hypophosphatasie ?", "What is hypophosphatasia?"),
                    (
                        "Quels sont les signes d’alerte qui doivent faire évoquer ce diagnostic, "
                        "en particulier chez l’enfant ?",
                        "What are the warning signs that should evoke this diagnosis, "
                        "especially in children?",
                    ),
                    (
                        "Quelle est l’importance d’un diagnostic précoce ?",
                        "How important is early diagnosis?",
                    ),
                    (
                        "Quels sont les principaux diagnostics différentiels à écarter et les "
                        "examens à réaliser pour confirmer le diagnostic ?",
                        "What are the main differential diagnoses to be ruled out and the "
                        "examinations to be performed to confirm the diagnosis?",
                    ),
                ],
                **tr("speaker_name", "Pr Agnès Linglart", "Professor Agnès Linglart"),
                **tr(
                    "speaker_description",
                    "pédiatre, professeure des universités à la faculté de médecine "
                    "Paris-Saclay, praticienne hospitalière, cheffe du service "
                    "d’endocrinologie et diabétologie pédiatrique de l’hôpital Bicêtre au "
                    "Kremlin-Bicêtre et coordonnatrice du centre de référence national des "
                    "maladies rares du métabolisme du calcium et du phosphate de la filière "
                    "OSCAR",
                    "pediatrician, university professor at the Paris-Saclay faculty of "
                    "medicine, hospital practitioner, head of the pediatric endocrinology "
                    "and diabetes department at Bicêtre hospital in Kremlin-Bicêtre and "
                    "coordinator of the national reference center for rare diseases of "
                    "calcium and phosphate metabolism from the OSCAR network",
                ),
            },
            {
                **tr("title", "Reconnaître l’hypophosphatasie", "Recognising hypophosphatasia"),
                **tr("slug", "reconnaitre-l-hypophosphatasie", "recognising-hypophosphatasia"),
                "questions": [
                    (
                        "Quels sont les différents symptômes dentaires que peuvent présenter les "
                        "patients atteints d’hypophosphatasie, et quel est le rôle du "
                        "chirurgien-dentiste ?",
                        "What are the different dental symptoms that patients with "
                        "hypophosphatasia can present, what is the role of the dental surgeon?",
                    ),
                    (
                        "L’atteinte dentaire est-elle systématique dans l’hypophosphatasie ?",
                        "Is dental involvement systematic in hypophosphatasia?",
                    ),
                    (
                        "Quels examens réaliser pour confirmer le diagnostic ?",
                        "What tests should be carried out to confirm the diagnosis?",
                    ),
                    (
                        "Quelles sont les recommandations pour la prise en charge des patients "
                        "atteints de cette maladie rare ?",
                        "What are the recommendations for the management of patients with this "
                        "rare disease?",
                    ),
                ],
                **tr("speaker_name", "Dr Martin Biosse Duplan", "Dr Martin Biosse Duplan"),
                **tr(
                    "speaker_description",
                    "chirurgien-dentiste, praticien hospitalier dans le service de médecine "
                    "bucco-dentaire de l’hôpital Bretonneau à Paris, centre de référence des "
                    "maladies rares du métabolisme du calcium et du phosphate de la filière "
                    "OSCAR",
                    "dental surgeon, hospital practitioner in the oral medicine department "
                    "of the Bretonneau hospital in Paris, reference center for rare "
                    "diseases of calcium and phosphate metabolism in the OSCAR network",
                ),
            },
            {
                **tr(
                    "title",
                    "Diagnostiquer l’hypophosphatasie chez l’adulte",
                    "Diagnosing hypophosphatasia in adults",
                ),
                **tr(
                    "slug",
                    "diagnostiquer-l-hypophosphatasie-chez-l-adulte",
                    "diagnosing-hypophosphatasia-in-adults",
                ),
                "questions": [
                    (
                        "Comment l’hypophosphatasie se manifeste-t-elle chez les patients "
                        "adultes ?",
                        "How does hypophosphatasia manifest in adult patients?",
                    ),
                    (
                        "Comment distinguer l’hypophosphatasie d’une ostéoporose classique ?",
                        "How to differentiate hypophosphatasia from classic osteoporosis?",
                    ),
                    (
                        "Que faire face à un patient adulte non diagnostiqué dont les "
                        "phosphatases alcalines sont basses ?",
                        "What to do with an undiagnosed adult patient with low alkaline "
                        "phosphatase?",
                    ),
                    (
                        "Quelles sont les modalités de traitement des patients adultes atteints "
                        "de cette maladie rare ?",
                        "What are the treatment modalities for adult patients with this rare "
                        "disease?",
                    ),
                    (
                        "Quelle est l’importance des centres experts dans la prise en charge de "
                        "ces patients ?",
                        "How important are expert centers for the care of these patients?",
                    ),
                ],
                **tr("speaker_name", "Pr Christian Roux", "Professor Christian Roux"),
                "speaker_person": "christian-roux",
                **tr(
                    "speaker_description",
                    "rhumatologue, professeur des universités, chef du service de "
                    "rhumatologie de l’hôpital Cochin à Paris et responsable du centre de "
                    "référence des maladies osseuses constitutionnelles de l’adulte",
                    "rheumatologist, university professor, head of the rheumatology "
                    "department at Cochin Hospital in Paris and head of the reference "
                    "center for constitutional bone diseases in adults",
                ),
            },
            {
                **tr(
                    "title", "Prendre en charge l’hypophosphatasie", "Caring for hypophosphatasia"
                ),
                **tr(
                    "slug", "prise-en-charge-de-l-hypophosphatasie", "caring-for-hypophosphatasia"
                ),
                "questions": [
                    (
                        "Quelles sont les modalités de traitement des patients atteints "
                        "d’hypophosphatasie ?",
                        "What are the treatment modalities for patients with hypophosphatasia?",
                    ),
                    (
                        "Comment la prise en charge de cette pathologie est-elle organisée en "
                        "France ?",
                        "How is care organized for this pathology in France?",
                    ),
                    (
                        "Quelles sont les démarches génétiques à effectuer ?",
                        "What are the genetic procedures to be carried out?",
                    ),
                    (
                        "Quelles sont les perspectives de recherche dans cette maladie rare ?",
                        "What are the prospects for research in this rare disease?",
                    ),
                ],
                **tr("speaker_name", "Dr Geneviève Baujat", "Dr Geneviève Baujat"),
                **tr(
                    "speaker_description",
                    "pédiatre, généticienne clinicienne, praticienne hospitalière dans le "
                    "service de génétique médicale de l’hôpital Necker-Enfants malades à "
                    "Paris et membre du consortium HPP France",
                    "pediatrician, clinical geneticist, hospital practitioner in the medical "
                    "genetics department of the Necker-Enfants malades hospital in Paris "
                    "and member of the HPP France consortium",
                ),
            },
            {
                **tr("title", "Vivre avec l’hypophosphatasie", "Living with hypophosphatasia"),
                **tr("slug", "vivre-avec-l-hypophosphatasie", "living-with-hypophosphatasia"),
                "questions": [
                    (
                        "Comment apparaissent les premiers symptômes de la maladie ?",
                        "How do the first symptoms of the disease arise?",
                    ),
                    ("Comment confirmer le diagnostic ?", "How to confirm the diagnosis?"),
                    (
                        "Quelle prise en charge pour les jeunes patients atteints "
                        "d’hypophosphatasie ?",
                        "What care for young patients with hypophosphatasia?",
                    ),
                    (
                        "Quel conseil génétique pour les membres de la famille ?",
                        "What genetic counseling for family members?",
                    ),
                    (
                        "Quels sont les objectifs de l’association de patients Hypophosphatasie "
                        "Europe ?",
                        "What are the objectives of the hypophosphatasia Europe patient "
                        "association?",
                    ),
                ],
                **tr("speaker_name", "Mme Rallu-Planchais", "Mrs. Rallu-Planchais"),
                **tr(
                    "speaker_description",
                    "mère d’un jeune patient atteint d’hypophosphatasie et présidente de "
                    "l’association de patients Hypophosphatasie Europe",
                    "mother of a young patient with hypophosphatasia and president of the "
                    "hypophosphatasia Europe patient association",
                ),
            },
        ],
    },
    {
        "disease": "osteogenesis-imperfecta",
        **tr("title", "Zoom sur l’ostéogenèse imparfaite", "Focus on osteogenesis imperfecta"),
        **tr("slug", "osteogenese-imparfaite", "osteogenesis-imperfecta"),
        **tr(
            "description",
            "Des spécialistes et une association de patients répondent aux questions sur "
            "l’ostéogenèse imparfaite.",
            "Specialists and a patient association answer questions about osteogenesis imperfecta.",
        ),
        "episodes": [
            {
                **tr(
                    "title",
                    "Prendre en charge l’ostéogenèse imparfaite chez l’enfant",
                    "Caring for osteogenesis imperfecta in children",
                ),
                **tr(
                    "slug",
                    "prise-en-charge-de-l-osteogenese-imparfaite-chez-l-enfant",
                    "caring-for-osteogenesis-imperfecta-in-children",
                ),
                "questions": [
                    (
                        "Quelles sont les spécificités de l’ostéogenèse imparfaite chez l’enfant ?",
                        "What are the specificities of Osteogenesis Imperfecta in children?",
                    ),
                    (
                        "Quels sont les enjeux du traitement de cette maladie chez l’enfant ?",
                        "What are the challenges of treating this disease in children?",
                    ),
                    (
                        "Quelle est l’importance d’une prise en charge au sein des centres "
                        "experts et d’un suivi coordonné par les différents spécialistes ?",
                        "What is the importance of care within expert centers and coordinated "
                        "follow-up by the various specialists?",
                    ),
                    (
                        "Comment améliorer la qualité de vie des enfants atteints d’ostéogenèse "
                        "imparfaite ?",
                        "How to improve the quality of life of children with Osteogenesis "
                        "Imperfecta?",
                    ),
                ],
                **tr("speaker_name", "Dr Zagorka Pejin", "Dr. Zagorka Pejin"),
                **tr(
                    "speaker_description",
                    "chirurgienne orthopédiste impliquée dans la prise en charge des enfants "
                    "atteints d’ostéogenèse imparfaite et praticienne hospitalière dans le "
                    "service de chirurgie orthopédique et traumatologie pédiatrique de "
                    "l’hôpital Necker-Enfants malades à Paris",
                    "orthopedic surgeon involved in the care of children with Osteogenesis "
                    "Imperfecta and hospital practitioner in the pediatric orthopedic "
                    "surgery and traumatology department of the Necker-Enfants malades "
                    "hospital in Paris",
                ),
            },
            {
                **tr(
                    "title",
                    _fr("Qu’est-ce que l’ostéogenèse imparfaite ?"),
                    "What is osteogenesis imperfecta?",
                ),
                **tr(
                    "slug",
                    "qu-est-ce-que-l-osteogenese-imparfaite",
                    "what-is-osteogenesis-imperfecta",
                ),
                "questions": [
                    (
                        "Qu’est-ce que l’ostéogenèse imparfaite, ou maladie des os de verre ?",
                        "What is osteogenesis imperfecta or brittle bone disease?",
                    ),
                    (
                        "Quel est le mécanisme d’apparition de cette maladie rare ?",
                        "What is the mechanism of occurrence of this rare disease?",
                    ),
                    (
                        "Quels sont les principaux symptômes évocateurs ?",
                        "What are the main suggestive symptoms?",
                    ),
                    (
                        "Comment diagnostiquer les patients atteints d’ostéogenèse imparfaite ?",
                        "How to diagnose patients with osteogenesis imperfecta?",
                    ),
                    (
                        "Quels sont les diagnostics différentiels à écarter ?",
                        "What are the differential diagnoses to rule out?",
                    ),
                ],
                **tr("speaker_name", "Pr Valérie Cormier-Daire", "Pr Valérie Cormier-Daire"),
                **tr(
                    "speaker_description",
                    "généticienne clinicienne, professeure des universités à l’université "
                    "Paris-Descartes et praticienne hospitalière, cheffe du service de "
                    "génétique clinique de l’hôpital Necker-Enfants malades à Paris, "
                    "coordonnatrice du centre de référence des maladies osseuses "
                    "constitutionnelles de la filière OSCAR et d’une équipe de recherche "
                    "Inserm à l’Institut Imagine",
                    "clinical geneticist, university professor at Paris-Descartes "
                    "University and hospital practitioner, head of the clinical genetics "
                    "department at the Necker-Enfants malades hospital in Paris, "
                    "coordinator of the reference center for constitutional bone diseases "
                    "from the OSCAR network and an Inserm research group at the Imagine "
                    "Institute",
                ),
            },
            {
                **tr(
                    "title",
                    "Vivre avec l’ostéogenèse imparfaite",
                    "Living with osteogenesis imperfecta",
                ),
                **tr(
                    "slug",
                    "vivre-avec-l-osteogenese-imparfaite",
                    "living-with-osteogenesis-imperfecta",
                ),
                "questions": [
                    (
                        "Comment apparaissent les premiers symptômes de la maladie ?",
                        "How do the first symptoms of the disease arise?",
                    ),
                    ("Comment le diagnostic est-il posé ?", "How is the diagnosis made?"),
                    (
                        "Comment évolue la prise en charge de l’ostéogenèse imparfaite ?",
                        "How is the management of Osteogenesis Imperfecta evolving?",
                    ),
                    (
                        "Quelle est l’importance du maintien d’une activité professionnelle ?",
                        "What is the importance of maintaining a professional activity?",
                    ),
                    (
                        "Pourquoi rejoindre une association de patients ?",
                        "Why join a patient association?",
                    ),
                    (
                        "Quels sont les objectifs de l’Association de l’Ostéogenèse Imparfaite ?",
                        "What are the objectives of the Osteogenesis Imperfecta Association?",
                    ),
                ],
                **tr("speaker_name", "Mme Alliot", "Mrs Alliot"),
                **tr(
                    "speaker_description",
                    "patiente atteinte d’ostéogenèse imparfaite et présidente de "
                    "l’association de patients AOI – Association de l’Ostéogenèse "
                    "Imparfaite",
                    "patient with Osteogenesis Imperfecta and president of the AOI – "
                    "Association de l’Ostéogenesis Imparfaite patient association",
                ),
            },
            {
                **tr(
                    "title",
                    "Prendre en charge l’ostéogenèse imparfaite chez l’adulte",
                    "Caring for osteogenesis imperfecta in adults",
                ),
                **tr(
                    "slug",
                    "prise-en-charge-de-l-osteogenese-imparfaite-chez-l-adulte",
                    "caring-for-osteogenesis-imperfecta-in-adults",
                ),
                "questions": [
                    (
                        "Quels sont les enjeux thérapeutiques chez les patients adultes atteints "
                        "d’ostéogenèse imparfaite ?",
                        "What are the treatment challenges for adult patients with "
                        "Osteogenesis Imperfecta?",
                    ),
                    (
                        "Quel est l’intérêt d’un suivi rhumatologique régulier à l’âge adulte ?",
                        "What is the benefit of regular rheumatological follow-up in adulthood?",
                    ),
                    (
                        "Quels sont les principaux symptômes à surveiller ?",
                        "What are the main symptoms to watch out for?",
                    ),
                    (
                        "Quelle est l’importance d’un suivi coordonné entre les différents "
                        "spécialistes impliqués dans la prise en charge ?",
                        "What is the importance of coordinated follow-up between the different "
                        "specialists involved in care?",
                    ),
                    (
                        "En quoi la transition enfant-adulte est-elle un moment clé ?",
                        "How is the child-adult transition a key moment?",
                    ),
                    (
                        "Quelles sont les pistes de recherche actuelles dans l’ostéogenèse "
                        "imparfaite ?",
                        "What are the current avenues of research in Osteogenesis Imperfecta?",
                    ),
                ],
                **tr("speaker_name", "Dr Eugénie Koumakis", "Dr Eugénie Koumakis"),
                "speaker_person": "eugenie-koumakis",
                **tr(
                    "speaker_description",
                    "rhumatologue, praticienne hospitalière dans le service de rhumatologie "
                    "de l’hôpital Cochin à Paris et membre de la filière OSCAR, la filière "
                    "de santé dédiée aux maladies rares de l’os, du calcium et du cartilage",
                    "rheumatologist, hospital practitioner in the rheumatology department "
                    "of the Cochin hospital in Paris and member of the OSCAR network, the "
                    "healthcare network dedicated to rare diseases of bone, calcium and "
                    "cartilage",
                ),
            },
        ],
    },
]


def load(seeder):
    for series_order, item in enumerate(SERIES, start=1):
        values = dict(item)
        disease_slug = values.pop("disease")
        episodes = values.pop("episodes")
        disease = seeder.find(Disease, slug_en=disease_slug)
        if disease is None:
            continue  # the centre seed did not run: nothing to attach the series to
        series = seeder.ensure(
            f"podcasts:series:{disease_slug}",
            Series,
            {"disease": disease},
            {**values, "ordering": series_order},
        )
        if series is None:
            continue
        for order, episode in enumerate(episodes, start=1):
            values = dict(episode)
            questions = values.pop("questions")
            person_slug = values.pop("speaker_person", None)
            values["questions_fr"] = "\n".join(_fr(fr) for fr, _en in questions)
            values["questions_en"] = "\n".join(en for _fr_, en in questions)
            values["speaker_person"] = (
                seeder.find(Person, slug=person_slug) if person_slug else None
            )
            values["series"] = series
            values["ordering"] = order
            slug_en = values.pop("slug_en")
            seeder.ensure(f"podcasts:episode:{slug_en}", Episode, {"slug_en": slug_en}, values)
