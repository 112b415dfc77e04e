"""`{% disease_publications disease %}`: the publications section of a disease page;
`{% latest_publications %}`: the home page's latest publications."""

from django import template
from django.db.models import F

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


# The home page's latest publications; the publication list has the rest.
HOME_PUBLICATIONS_SHOWN = 3


@register.inclusion_tag("publications/includes/latest_publications.html")
def latest_publications():
    """One query: the latest publications (title, journal, date; no author list)."""
    publications = Publication.objects.published().order_by(F("date").desc(nulls_last=True), "-pk")
    return {"publications": list(publications[:HOME_PUBLICATIONS_SHOWN])}
