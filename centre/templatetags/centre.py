"""`{% organization_json_ld %}`: the centre as a schema.org MedicalOrganization."""

from django import template

from mocsite.templatetags.structured_data import json_ld

from ..structured_data import organization

register = template.Library()


@register.simple_tag(takes_context=True)
def organization_json_ld(context):
    """From the profile (and its networks) the layout already has: no query of its own."""
    centre = context.get("centre")
    if not centre:
        return ""
    return json_ld(organization(context["request"], centre, centre.footer_networks))
