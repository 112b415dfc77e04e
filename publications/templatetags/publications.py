"""`{% disease_publications disease %}`: the publications section of a disease page."""

from django import template

from publications.models import Publication

register = template.Library()

# The latest ones; the publication list, filtered by the disease, has the rest.
DISEASE_PUBLICATIONS_SHOWN = 10


@register.inclusion_tag("publications/includes/disease_publications.html")
def disease_publications(disease):
    """One query: the disease's latest publications. Their authors are printed without
    links to the team's pages (the publication's own page has them), which would take a
    second query on a page that already gathers six kinds of content."""
    publications = Publication.objects.published().filter(diseases=disease)
    return {"publications": list(publications[:DISEASE_PUBLICATIONS_SHOWN]), "disease": disease}
