"""Fields translated with django-modeltranslation.

A publication's title stays in the language it was published in, so nothing of a
Publication is translated. A talk keeps its original title too; `translated_title` is a
rendering shown under it, and has no fallback: a French page must not show the English
rendering of a French title.
"""

from modeltranslation.translator import TranslationOptions, register

from .models import Talk


@register(Talk)
class TalkTranslationOptions(TranslationOptions):
    fields = ("translated_title", "note")
    fallback_languages = {"default": ()}
