"""Helpers shared by test modules."""


def save_each(queryset, **values):
    """Change rows as the admin does, with save(): the page cache is emptied, which a
    queryset.update() (no signal) would not do."""
    for row in queryset:
        for name, value in values.items():
            setattr(row, name, value)
        row.save()


def write_emergency_sheet_and_questions():
    """What staff write and the seed has not: an emergency sheet (hypophosphatasia's,
    then in the sitemap) and three questions and answers on its disease page."""
    from centre.models import Disease, DiseaseQuestion

    disease = Disease.objects.get(slug_en="hypophosphatasia")
    disease.emergency_must_know_fr = "Fragilité osseuse."
    disease.emergency_must_know_en = "Bone fragility."
    disease.save()
    for index in range(3):
        DiseaseQuestion.objects.create(
            disease=disease,
            ordering=index,
            question_fr=f"Question {index}\u00a0?",
            answer_fr="Réponse.",
            question_en=f"Question {index}?",
            answer_en="Answer.",
        )
