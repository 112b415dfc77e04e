"""What the layout of every page shows about the centre (title, header, footer)."""

from django.utils.functional import SimpleLazyObject

from .models import Centre


def centre(request):
    # The footer's networks come with it (centre.footer_networks): one query.
    return {"centre": SimpleLazyObject(Centre.get_profile)}
