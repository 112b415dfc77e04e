"""Text as each language writes it: French spacing, titles of address, phone numbers.

{% load typography %}
{{ talk.title|french_spacing:talk.language }}   non-breaking spaces in French text
{{ centre.phone|phone }}                        01 58 41 25 78 / +33 1 58 41 25 78
{{ talk.speakers|honorifics }}                  "Pr Roux" reads "Prof. Roux" in English
{{ person|of_person }}                          "du Pr Roux", "d’Eugénie…", "of Prof. Roux"
"""

import re

import phonenumbers
from django import template
from django.utils.safestring import SafeData, mark_safe
from django.utils.translation import get_language

register = template.Library()

NBSP = "\u00a0"
# A space (or none) before : ; ? ! », after «: French sets a non-breaking space there. Not
# in an address ("https://"), a time ("10:30") or a ratio, where no space stands.
_BEFORE = re.compile(r"[ \t]+([:;?!»])")
_AFTER = re.compile(r"«[ \t]*")
_TITLE = re.compile(r"\b(Pr|Pr\.)(?= \w)")
_TITLES_EN = {"Pr": "Prof.", "Pr.": "Prof."}


def _french():
    return (get_language() or "").startswith("fr")


def _keep_safety(original, text):
    return mark_safe(text) if isinstance(original, SafeData) else text


@register.filter(is_safe=True)
def french_spacing(text, language=""):
    """Non-breaking spaces where French typography sets them, in French text (the text's
    own language when given, else the page's)."""
    if not text or not (str(language).startswith("fr") if language else _french()):
        return text
    spaced = _AFTER.sub("«" + NBSP, _BEFORE.sub(NBSP + r"\1", str(text)))
    return _keep_safety(text, spaced)


@register.filter(is_safe=True)
def honorifics(text):
    """English writes "Prof." where French writes "Pr"."""
    if not text or _french():
        return text
    return _keep_safety(text, _TITLE.sub(lambda match: _TITLES_EN[match.group(1)], str(text)))


@register.filter
def phone(number):
    """A stored phone number in the page's language: the French national form on French
    pages, the international one elsewhere. A number that cannot be read stays as stored."""
    if not number:
        return ""
    try:
        parsed = phonenumbers.parse(str(number), "FR")
    except phonenumbers.NumberParseException:
        return number
    if not phonenumbers.is_possible_number(parsed):
        return number
    french_number = parsed.country_code == 33
    style = (
        phonenumbers.PhoneNumberFormat.NATIONAL
        if _french() and french_number
        else phonenumbers.PhoneNumberFormat.INTERNATIONAL
    )
    return phonenumbers.format_number(parsed, style)


@register.filter
def of_person(person):
    """The person's name after "of": "du Pr Roux", "de Marie X", "d’Eugénie X" in French;
    "of Prof. Roux" in English."""
    name = person.display_name
    if not _french():
        return f"of {honorifics(name)}"
    if person.title.rstrip(".") in {"Pr", "Dr"}:
        return f"du {name}"
    if name[:1].lower() in "aeiouyéèêâîôû":
        return f"d’{name}"
    return f"de {name}"
