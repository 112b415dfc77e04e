"""The seed's podcast series on fibrodysplasia ossificans progressiva (FOP), and its episodes."""

from centre.seeding import french, tr

SERIES = {
    "disease": "fibrodysplasia-ossificans-progressiva",
    **tr(
        "title",
        "Zoom sur la fibrodysplasie ossifiante progressive (FOP)",
        "Focus on fibrodysplasia ossificans progressiva (FOP)",
    ),
    **tr("slug", "fibrodysplasie-ossifiante-progressive", "fibrodysplasia-ossificans-progressiva"),
    **tr(
        "description",
        "Des spécialistes et un parent, membre d’une association de patients, "
        "répondent aux questions sur la fibrodysplasie ossifiante progressive (FOP).",
        "Specialists and a parent, member of a patient association, answer questions "
        "about fibrodysplasia ossificans progressiva (FOP).",
    ),
    "episodes": [
        {
            **tr("title", french("Qu’est-ce que la FOP ?"), "What is FOP?"),
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
            **tr("speaker_name", "Pr David Genevieve", "Prof. David Genevieve"),
            "speaker_gender": "m",  # masculine wording in its French description
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
                "Montpellier and coordinator of the reference centre for developmental "
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
                    "expert centres?",
                ),
            ],
            **tr("speaker_name", "Dr Valérie Merzoug", "Dr Valérie Merzoug"),
            "speaker_gender": "f",  # feminine wording in its French description
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
                    "Why refer these patients to an expert centre?",
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
                "hospital in Paris, one of the constituent centres of the reference "
                "centre for constitutional bone diseases",
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
                    "What are the advantages of being taken care of by a specialized care network?",
                ),
                (
                    "Où en est la recherche sur cette maladie rare ?",
                    "Where is the research on this rare disease?",
                ),
            ],
            **tr("speaker_name", "Dr Geneviève Baujat", "Dr Geneviève Baujat"),
            "speaker_gender": "f",  # feminine wording in its French description
            **tr(
                "speaker_description",
                "pédiatre, généticienne clinicienne et référente FOP dans le service de "
                "génétique médicale de l’hôpital Necker-Enfants malades à Paris, site "
                "coordonnateur du centre de référence des maladies osseuses "
                "constitutionnelles",
                "pediatrician, clinical geneticist and FOP referent in the medical "
                "genetics department at the Necker-Enfants Malades hospital in Paris, "
                "coordinating site of the reference centre for constitutional bone "
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
            "speaker_gender": "m",  # masculine wording in its French description
            **tr(
                "speaker_description",
                "père d’un jeune patient atteint de fibrodysplasie ossifiante progressive "
                "et membre de l’association FOP France",
                "father of a young patient with progressive fibrodysplasia ossificans "
                "and member of the FOP France association",
            ),
        },
    ],
}
