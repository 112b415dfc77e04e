"""Atom feeds of the publications, newest on the site first: all of them, or one disease's.

The language is the one of the address (/fr/… or /en/…). Identifiers are URNs derived
from the rows' ids, so a feed read through another host name, or after an edit, keeps
its entries (feed readers would show them again as new otherwise).
"""

import uuid

from django.contrib.syndication.views import Feed
from django.http import Http404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from centre.calendar import feed_name
from centre.models import Centre, Disease
from mocsite.links import absolute

from .models import Publication

FEED_ID_NAMESPACE = uuid.UUID("0b6f5d0e-5a4f-4c0e-8f7e-3f7a2d1c9b84")
# Entries per feed: readers poll often, so the newest are enough.
FEED_SIZE = 50


def entry_id(publication):
    return f"urn:uuid:{uuid.uuid5(FEED_ID_NAMESPACE, f'publication-{publication.pk}')}"


class PublicationFeed(Feed):
    feed_type = Atom1Feed
    description_template = "publications/feed/publication_item.html"

    def get_object(self, request, disease=None):
        self.request = request
        self.centre = Centre.get_profile()
        if disease is None:
            return None
        found = Disease.objects.published().by_any_slug(disease)
        if found is None:
            raise Http404
        return found

    def title(self, disease):
        parts = [_("Publications")] + ([disease.name] if disease else [])
        return feed_name(*parts)

    def subtitle(self, disease):
        return _(
            "Articles published by the team of the reference centre for constitutional bone "
            "diseases, with PubMed, PMC and DOI links and citation export."
        )

    def link(self, disease):
        url = reverse("publications:list")
        if disease:
            url += f"?disease={disease.slug}"
        return absolute(self.request, url)

    def feed_url(self, disease):
        return absolute(self.request, self.request.path)

    def feed_guid(self, disease):
        scope = f"disease-{disease.pk}" if disease else "all"
        return f"urn:uuid:{uuid.uuid5(FEED_ID_NAMESPACE, f'publications-{get_language()}-{scope}')}"

    def author_name(self, disease):
        # Atom wants an author: the centre, whose team the publications are from.
        return self.centre.name if self.centre else "MOC"

    def items(self, disease):
        publications = Publication.objects.published().filtered(disease=disease)
        return publications.prefetch_related("diseases").order_by("-created_at", "-pk")[:FEED_SIZE]

    def item_title(self, publication):
        return publication.title

    def item_link(self, publication):
        return absolute(self.request, publication.get_absolute_url())

    def item_guid(self, publication):
        return entry_id(publication)

    item_guid_is_permalink = False

    def item_pubdate(self, publication):
        """When it was added to the site: what is new to a subscriber."""
        return publication.created_at

    def item_updateddate(self, publication):
        return publication.updated_at

    def item_categories(self, publication):
        return [disease.name for disease in publication.diseases.all() if disease.is_live]
