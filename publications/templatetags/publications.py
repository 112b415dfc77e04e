"""`{% disease_publications disease %}`: the publications section of a disease page."""

from django import template

from publications.models import Publication

register = template.Library()

# The latest ones; the publication list, filtered by the disease, has the rest.
DISEASE_PUBLICATIONS_SHOWN = 10


@register.inclusion_tag("publications/includes/disease_publications.html")
def disease_publications(disease):
    """Two queries: the disease's latest publications, then their team authors."""
    publications = Publication.objects.published().filter(diseases=disease).for_listing()
    return {"publications": list(publications[:DISEASE_PUBLICATIONS_SHOWN]), "disease": disease}
