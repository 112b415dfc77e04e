"""Normalising and validating PMIDs, PMCIDs and DOIs.

Staff paste identifiers in many forms ("PMID: 123", "pmc123", "https://doi.org/10.x/y");
the database keeps one canonical form so uniqueness and links work.
"""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

DOI_RE = re.compile(r"^10\.\d{4,9}/\S+$")
DOI_PREFIXES = re.compile(
    r"^(?:doi:\s*|https?://(?:dx\.)?doi\.org/|(?:dx\.)?doi\.org/)", re.IGNORECASE
)


def normalise_pmid(value):
    value = (value or "").strip()
    value = re.sub(r"^pmid:?\s*", "", value, flags=re.IGNORECASE)
    return value


def validate_pmid(value):
    if value and not (value.isascii() and value.isdigit() and len(value) <= 10 and int(value) > 0):
        raise ValidationError(
            _("A PMID is made of digits only, for example 34258503."), code="invalid_pmid"
        )


def normalise_pmcid(value):
    value = (value or "").strip()
    value = re.sub(r"^pmcid:?\s*", "", value, flags=re.IGNORECASE)
    if value.isdigit():
        return f"PMC{value}"
    if value[:3].upper() == "PMC":
        return "PMC" + value[3:]
    return value


def validate_pmcid(value):
    if value and not re.fullmatch(r"PMC\d{1,10}", value):
        raise ValidationError(
            _("A PMCID is “PMC” followed by digits, for example PMC8260818."), code="invalid_pmcid"
        )


def normalise_doi(value):
    value = (value or "").strip()
    value = DOI_PREFIXES.sub("", value)
    return value.strip().rstrip(".")


def validate_doi(value):
    if value and not DOI_RE.match(value):
        raise ValidationError(
            _(
                "A DOI starts with “10.”, a number, a slash and a suffix, "
                "for example 10.1002/jbm4.10507 (without https://doi.org/)."
            ),
            code="invalid_doi",
        )
