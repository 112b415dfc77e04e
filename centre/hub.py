"""What a disease page gathers from every app.

Each entry of settings.DISEASE_HUB_SECTIONS is the dotted path of a function taking a
Disease and returning None (nothing to show: the section is left out) or a dict with a
"template" key (the partial to include) and whatever that partial needs. Each function
makes a fixed number of queries, so a disease page's query count does not grow with
content.
"""

from django.conf import settings
from django.utils.module_loading import import_string


def disease_sections(disease):
    sections = []
    for path in settings.DISEASE_HUB_SECTIONS:
        section = import_string(path)(disease)
        if section:
            sections.append(section)
    return sections
