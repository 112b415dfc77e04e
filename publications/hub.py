"""The publications section of a disease page (see centre/hub.py)."""

from .models import Publication


def disease_publications(disease):
    """Two queries: the disease's publications, then their team authors."""
    publications = list(Publication.objects.published().filter(diseases=disease).for_listing())
    if not publications:
        return None
    return {
        "template": "publications/includes/disease_publications.html",
        "publications": publications,
        "disease": disease,
    }
