"""Fixtures the podcast tests share: a focus disease and its series, without the seed."""

import pytest

from centre.models import Disease
from podcasts.models import Series


@pytest.fixture
def disease(db):
    return Disease.objects.create(
        name_fr="Hypophosphatasie",
        name_en="Hypophosphatasia",
        slug_fr="hypophosphatasie",
        slug_en="hypophosphatasia",
        is_focus=True,
    )


@pytest.fixture
def series(disease):
    return Series.objects.create(
        disease=disease,
        title_fr="Zoom sur l’hypophosphatasie",
        title_en="Focus on hypophosphatasia",
        slug_fr="hypophosphatasie",
        slug_en="hypophosphatasia",
        description_fr="Des réponses.",
        description_en="Answers.",
    )
