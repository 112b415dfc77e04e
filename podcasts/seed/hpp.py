"""The seed's podcast series on hypophosphatasia, and its episodes."""

from centre.seeding import french, tr

SERIES = {
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
                "title", french("Qu’est-ce que l’hypophosphatasie ?"), "What is hypophosphatasia?"
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
            "speaker_gender": "f",  # feminine wording in its French description
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
                "coordinator of the national reference centre for rare diseases of "
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
            "speaker_gender": "m",  # masculine wording in its French description
            **tr(
                "speaker_description",
                "chirurgien-dentiste, praticien hospitalier dans le service de médecine "
                "bucco-dentaire de l’hôpital Bretonneau à Paris, centre de référence des "
                "maladies rares du métabolisme du calcium et du phosphate de la filière "
                "OSCAR",
                "dental surgeon, hospital practitioner in the oral medicine department "
                "of the Bretonneau hospital in Paris, reference centre for rare "
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
                    "Comment l’hypophosphatasie se manifeste-t-elle chez les patients adultes ?",
                    "How does hypophosphatasia manifest in adult patients?",
                ),
                (
                    "Comment distinguer l’hypophosphatasie d’une ostéoporose classique ?",
                    "How to differentiate hypophosphatasia from classic osteoporosis?",
                ),
                (
                    "Que faire face à un patient adulte non diagnostiqué dont les "
                    "phosphatases alcalines sont basses ?",
                    "What to do with an undiagnosed adult patient with low alkaline phosphatase?",
                ),
                (
                    "Quelles sont les modalités de traitement des patients adultes atteints "
                    "de cette maladie rare ?",
                    "What are the treatment modalities for adult patients with this rare disease?",
                ),
                (
                    "Quelle est l’importance des centres experts dans la prise en charge de "
                    "ces patients ?",
                    "How important are expert centres for the care of these patients?",
                ),
            ],
            **tr("speaker_name", "Pr Christian Roux", "Professor Christian Roux"),
            "speaker_gender": "m",  # masculine wording in its French description
            "speaker_person": "christian-roux",
            **tr(
                "speaker_description",
                "rhumatologue, professeur des universités, chef du service de "
                "rhumatologie de l’hôpital Cochin à Paris et responsable du centre de "
                "référence des maladies osseuses constitutionnelles de l’adulte",
                "rheumatologist, university professor, head of the rheumatology "
                "department at Cochin Hospital in Paris and head of the reference "
                "centre for constitutional bone diseases in adults",
            ),
        },
        {
            **tr("title", "Prendre en charge l’hypophosphatasie", "Caring for hypophosphatasia"),
            **tr("slug", "prise-en-charge-de-l-hypophosphatasie", "caring-for-hypophosphatasia"),
            "questions": [
                (
                    "Quelles sont les modalités de traitement des patients atteints "
                    "d’hypophosphatasie ?",
                    "What are the treatment modalities for patients with hypophosphatasia?",
                ),
                (
                    "Comment la prise en charge de cette pathologie est-elle organisée en France ?",
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
            "speaker_gender": "f",  # feminine wording in its French description
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
                    "Quelle prise en charge pour les jeunes patients atteints d’hypophosphatasie ?",
                    "What care for young patients with hypophosphatasia?",
                ),
                (
                    "Quel conseil génétique pour les membres de la famille ?",
                    "What genetic counseling for family members?",
                ),
                (
                    "Quels sont les objectifs de l’association de patients Hypophosphatasie "
                    "Europe ?",
                    "What are the objectives of the hypophosphatasia Europe patient association?",
                ),
            ],
            **tr("speaker_name", "Mme Rallu-Planchais", "Mrs. Rallu-Planchais"),
            "speaker_gender": "f",  # feminine wording in its French description
            **tr(
                "speaker_description",
                "mère d’un jeune patient atteint d’hypophosphatasie et présidente de "
                "l’association de patients Hypophosphatasie Europe",
                "mother of a young patient with hypophosphatasia and president of the "
                "hypophosphatasia Europe patient association",
            ),
        },
    ],
}
