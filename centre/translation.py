"""Fields translated with django-modeltranslation (a `_fr` and an `_en` column each)."""

from modeltranslation.translator import TranslationOptions, register

from .models import (
    CareProtocol,
    Centre,
    Disease,
    DiseaseQuestion,
    Event,
    GlossaryTerm,
    KeyFigure,
    Mission,
    Network,
    PageIntro,
    Person,
    Registry,
    Specialty,
    Trial,
)


@register(Centre)
class CentreTranslationOptions(TranslationOptions):
    fields = (
        "name",
        "short_name",
        "tagline",
        "description",
        "organisation",
        "classification",
        "hospital",
        "department",
        "contact_guidance",
        "emergency_guidance",
        "referral_patients",
        "referral_expertise",
        "referral_documents",
        "referral_difficult_cases",
        "transition_text",
        "key_figures_note",
        "publisher",
        "data_controller",
    )


@register(Person)
class PersonTranslationOptions(TranslationOptions):
    fields = ("role", "bio", "photo_alt")


@register(Mission)
class MissionTranslationOptions(TranslationOptions):
    fields = ("text",)


@register(Specialty)
class SpecialtyTranslationOptions(TranslationOptions):
    fields = ("name",)


@register(Network)
class NetworkTranslationOptions(TranslationOptions):
    fields = ("full_name", "description")


@register(Disease)
class DiseaseTranslationOptions(TranslationOptions):
    fields = (
        "name",
        "slug",
        "aliases",
        "summary_patients",
        "summary_professionals",
        "treatments",
        "emergency_must_know",
        "emergency_avoid",
        "emergency_contacts",
    )


@register(DiseaseQuestion)
class DiseaseQuestionTranslationOptions(TranslationOptions):
    fields = ("question", "answer")


@register(GlossaryTerm)
class GlossaryTermTranslationOptions(TranslationOptions):
    fields = ("expansion", "definition")


@register(KeyFigure)
class KeyFigureTranslationOptions(TranslationOptions):
    fields = ("label",)


@register(PageIntro)
class PageIntroTranslationOptions(TranslationOptions):
    fields = ("text",)


@register(CareProtocol)
class CareProtocolTranslationOptions(TranslationOptions):
    fields = ("title",)


@register(Trial)
class TrialTranslationOptions(TranslationOptions):
    fields = ("title", "stated_status")


@register(Registry)
class RegistryTranslationOptions(TranslationOptions):
    fields = ("name", "description")


@register(Event)
class EventTranslationOptions(TranslationOptions):
    fields = ("title", "location", "description")
