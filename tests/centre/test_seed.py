"""`load_seed`: every fact of the seed, in both languages, loaded once and never overwritten."""

import pytest
from django.core.management import call_command

from centre.models import (
    Centre,
    Disease,
    KeyFigure,
    Mission,
    Network,
    Person,
    SeedRecord,
    Specialty,
)

pytestmark = pytest.mark.django_db

MODELS = [Centre, Disease, KeyFigure, Mission, Network, Person, Specialty, SeedRecord]


def snapshot():
    from django.apps import apps

    return {model._meta.label: model.objects.count() for model in apps.get_models()}


def test_second_run_creates_nothing(seeded):
    before = snapshot()
    call_command("load_seed", verbosity=0, stdout=open("/dev/null", "w"))
    assert snapshot() == before


def test_seed_counts(seeded):
    assert Centre.objects.count() == 1
    assert Mission.objects.count() == 5
    assert Specialty.objects.count() == 10
    assert Network.objects.count() == 2
    assert Disease.objects.count() == 9
    assert Person.objects.count() == 3
    assert KeyFigure.objects.count() == 7


def test_seed_never_overwrites_staff_edits(seeded):
    centre = Centre.get_profile()
    centre.phone = "+33 1 00 00 00 00"
    centre.save()
    Mission.objects.filter(ordering=1).delete()
    call_command("load_seed", verbosity=0, stdout=open("/dev/null", "w"))
    assert Centre.get_profile().phone == "+33 1 00 00 00 00"
    assert Mission.objects.count() == 4  # a deleted item stays deleted


def test_every_translated_field_is_filled_in_both_languages(seeded):
    from modeltranslation.translator import translator

    for model in MODELS:
        if model is SeedRecord:
            continue
        fields = translator.get_options_for_model(model).fields
        for obj in model.objects.all():
            for field in fields:
                fr, en = getattr(obj, f"{field}_fr"), getattr(obj, f"{field}_en")
                assert bool(fr) == bool(en), f"{model.__name__}.{field} of {obj} is half-filled"


def test_orpha_codes_only_where_the_reference_gives_them(seeded):
    codes = dict(Disease.objects.values_list("slug_en", "orpha_code"))
    assert codes == {
        "osteogenesis-imperfecta": 666,
        "multiple-osteochondromas": 321,
        "fibrous-dysplasia-of-bone": None,
        "cleidocranial-dysplasia": 1452,
        "ollier-disease": 296,
        "hypophosphatasia": 436,
        "idiopathic-juvenile-osteoporosis": None,
        "hajdu-cheney-syndrome": 955,
        "fibrodysplasia-ossificans-progressiva": 337,
    }
    assert not Disease.objects.filter(name_en__icontains="Strensiq").exists()
    focus = set(Disease.objects.filter(is_focus=True).values_list("slug_en", flat=True))
    assert focus == {
        "osteogenesis-imperfecta",
        "hypophosphatasia",
        "fibrodysplasia-ossificans-progressiva",
    }


def test_no_invented_figures_or_email(seeded):
    assert not KeyFigure.objects.exclude(value="").exists()
    assert set(KeyFigure.objects.values_list("year", flat=True)) == {2021}
    assert Centre.get_profile().email == ""
    assert not Network.objects.exclude(url="").exists()
