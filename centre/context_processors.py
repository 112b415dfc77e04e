"""What the layout of every page shows about the centre (title, header, footer)."""

from django.utils.functional import SimpleLazyObject

from .models import Centre, Network


def centre(request):
    return {
        "centre": SimpleLazyObject(Centre.get_profile),
        "footer_networks": SimpleLazyObject(lambda: list(Network.objects.published())),
    }
