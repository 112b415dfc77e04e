"""Admin of what the disease pages and the guides for physicians and families add: the
questions and answers of a disease (an inline on the disease) and the glossary."""

from django.contrib import admin
from modeltranslation.admin import TranslationStackedInline

from mocsite.admin import BaseTranslationAdmin
from mocsite.admin_comfort import RichTextMixin

from ..models import DiseaseQuestion, GlossaryTerm


class DiseaseQuestionInline(RichTextMixin, TranslationStackedInline):
    model = DiseaseQuestion
    extra = 0
    fields = ("question", "answer", "ordering", "is_published")


@admin.register(GlossaryTerm)
class GlossaryTermAdmin(BaseTranslationAdmin):
    list_display = ("term", "expansion", "ordering", "missing_translations")
    list_editable = ("ordering",)
    search_fields = ("term", "expansion_fr", "expansion_en")
