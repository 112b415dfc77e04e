"""The seed's podcast series on osteogenesis imperfecta, and its episodes."""

from centre.seeding import french, tr

SERIES = {
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
                    "What is the importance of care within expert centres and coordinated "
                    "follow-up by the various specialists?",
                ),
                (
                    "Comment améliorer la qualité de vie des enfants atteints d’ostéogenèse "
                    "imparfaite ?",
                    "How to improve the quality of life of children with Osteogenesis Imperfecta?",
                ),
            ],
            **tr("speaker_name", "Dr Zagorka Pejin", "Dr. Zagorka Pejin"),
            "speaker_gender": "f",  # feminine wording in its French description
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
                french("Qu’est-ce que l’ostéogenèse imparfaite ?"),
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
            **tr("speaker_name", "Pr Valérie Cormier-Daire", "Prof. Valérie Cormier-Daire"),
            "speaker_gender": "f",  # feminine wording in its French description
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
                "coordinator of the reference centre for constitutional bone diseases "
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
            "speaker_gender": "f",  # feminine wording in its French description
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
            "speaker_gender": "f",  # feminine wording in its French description
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
}
