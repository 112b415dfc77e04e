"""Disease hub sections for care and research (see centre/hub.py).

Each function makes a fixed number of queries and returns None when the disease has
nothing of that kind, so the disease page leaves the section out.
"""

from .models import CareProtocol, Event, Registry, Trial


def care_protocols(disease):
    protocols = list(CareProtocol.objects.published().filter(disease=disease))
    if not protocols:
        return None
    return {"template": "centre/includes/hub_care_protocols.html", "protocols": protocols}


def trials(disease):
    items = list(Trial.objects.published().filter(disease=disease))
    if not items:
        return None
    return {"template": "centre/includes/hub_trials.html", "trials": items}


def registries(disease):
    items = list(Registry.objects.published().filter(disease=disease))
    if not items:
        return None
    return {"template": "centre/includes/hub_registries.html", "registries": items}


def events(disease):
    items = list(Event.objects.published().for_listing().filter(diseases=disease))
    if not items:
        return None
    return {"template": "centre/includes/hub_events.html", "events": items}
