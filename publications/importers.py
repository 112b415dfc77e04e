"""Applying publication records read from a file (PubMed XML, MEDLINE, RIS, BibTeX:
publications.parsers): a preview of what each would create, update or skip, signed into
the confirmation form, then applied in one transaction.
"""

import re
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models.functions import Lower
from django.utils.translation import gettext as _

from centre.models import Person

from . import identifiers
from .authors import find_people
from .models import Publication
from .parsers import (
    FIELDS,
    ImportFileError,
    parse_bibtex,
    parse_medline,
    parse_pubmed_xml,
    parse_ris,
)

__all__ = ["FIELDS", "ImportFileError", "apply", "parse_file", "plan", "taken_identifiers"]


def parse_file(name, data, max_size):
    """Records from an uploaded file, or ImportFileError with a message for staff."""
    if not data:
        raise ImportFileError(_("The file is empty."))
    if len(data) > max_size:
        raise ImportFileError(
            _("The file is too large (more than %(size)s kB).") % {"size": max_size // 1024}
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ImportFileError(_("The file is not UTF-8 text.")) from error
    head = text.lstrip()[:200]
    if head.startswith("<"):
        records = parse_pubmed_xml(data)
    elif re.match(r"^PMID-\s", head):
        records = parse_medline(text)
    elif re.match(r"^TY  - ", head):
        records = parse_ris(text)
    elif re.match(r"^(%.*\n\s*)*@", head):
        records = parse_bibtex(text)
    else:
        raise ImportFileError(
            _("Unsupported file: upload a PubMed XML, MEDLINE (.nbib, .txt), RIS or BibTeX file.")
        )
    for position, record in enumerate(records, 1):
        record["position"] = position  # "reference 3 of the file", for untitled ones
    return records


IDENTIFIERS = (("pmid", "PMID"), ("pmcid", "PMCID"), ("doi", "DOI"))
COMPARED = ("title", "authors", "journal", "volume", "issue", "pages", "pmid", "pmcid", "doi")


def taken_identifiers(values, exclude_pk=None):
    """[(label, identifier, publication)] for each PMID, PMCID or DOI of `values` that
    another publication already has (the DOI compared without case)."""
    taken = []
    for field, label in IDENTIFIERS:
        value = values.get(field) or ""
        if not value:
            continue
        lookup = {"doi__iexact": value} if field == "doi" else {field: value}
        other = Publication.objects.filter(**lookup).exclude(pk=exclude_pk).first()
        if other is not None:
            taken.append((label, value, other))
    return taken


def _clean(record):
    """(normalised record, list of problems)."""
    record = dict(record)
    problems = list(record.pop("problems", None) or [])
    if problems:  # the parser could not read it whole: nothing more to say about it
        return record, problems
    record["pmid"] = identifiers.normalise_pmid(record["pmid"])
    record["pmcid"] = identifiers.normalise_pmcid(record["pmcid"])
    record["doi"] = identifiers.normalise_doi(record["doi"])
    for field, validate in (
        ("pmid", identifiers.validate_pmid),
        ("pmcid", identifiers.validate_pmcid),
        ("doi", identifiers.validate_doi),
    ):
        try:
            validate(record[field])
        except ValidationError as error:
            problems.extend(error.messages)
    if not record["title"]:
        problems.append(_("The title is missing."))
    if not record["authors"]:
        problems.append(_("The authors are missing."))
    if not (record["pmid"] or record["doi"]):
        problems.append(_("Neither a PMID nor a DOI: the record cannot be matched."))
    return record, problems


def plan(records):
    """What applying the records would do: {"create": [...], "update": [...],
    "skipped": [...]}, each item a dict with the record (and the existing publication);
    a skipped one has its "problems" (sentences) and the publications they point to
    ("existing")."""
    cleaned = [_clean(r) for r in records]
    pmids = {r["pmid"] for r, _p in cleaned if r["pmid"]}
    dois = {r["doi"].lower() for r, _p in cleaned if r["doi"]}
    by_pmid = {p.pmid: p for p in Publication.objects.filter(pmid__in=pmids)}
    by_doi = {
        p.doi_lower: p
        for p in Publication.objects.annotate(doi_lower=Lower("doi")).filter(doi_lower__in=dois)
    }
    result = {"create": [], "update": [], "skipped": []}
    seen = set()
    for record, problems in cleaned:
        key = record["pmid"] or record["doi"].lower()
        if not problems and key and key in seen:
            problems.append(_("This reference appears twice in the file."))
        seen.add(key)
        existing, others = None, []
        if not problems:
            existing = by_pmid.get(record["pmid"]) or by_doi.get(record["doi"].lower())
            taken = taken_identifiers(record, exclude_pk=existing.pk if existing else None)
            for label, value, other in taken:
                problems.append(
                    _("The %(identifier)s %(value)s is already that of another publication.")
                    % {"identifier": label, "value": value}
                )
                others.append(other)
        if problems:
            result["skipped"].append({"record": record, "problems": problems, "others": others})
            continue
        if existing is None:
            result["create"].append({"record": record})
        else:
            changes = [
                f
                for f in COMPARED
                if record[f]
                and record[f] != getattr(existing, f)
                and not (f == "doi" and record[f].lower() == existing.doi.lower())
            ]
            result["update"].append(
                {
                    "record": record,
                    "publication": existing,
                    "pk": existing.pk,
                    # Named as the publication form names them, in the admin's language.
                    "changes": [str(Publication._meta.get_field(f).verbose_name) for f in changes],
                }
            )
    return result


def apply(records):
    """Create or update the records that can be, all or nothing; the others are skipped.
    Returns (created, updated, skipped), skipped being plan()'s items."""
    result = plan(records)
    team = list(Person.objects.all())
    created = updated = 0
    with transaction.atomic():
        for item in result["create"] + result["update"]:
            record = item["record"]
            publication = item.get("publication") or Publication()
            for field in FIELDS:
                value = record[field]
                if field in ("date", "date_end"):
                    value = date.fromisoformat(value) if value else None
                    if field == "date" and value is None and publication.pk:
                        continue
                elif not value and publication.pk:
                    continue  # an update never blanks a field staff filled
                elif field == "doi" and value.lower() == publication.doi.lower():
                    continue  # same DOI (case-insensitive): keep the stored spelling
                setattr(publication, field, value)
            publication.full_clean(validate_unique=True)
            publication.save()
            publication.team_authors.add(*find_people(publication.authors, team))
            if item.get("publication"):
                updated += 1
            else:
                created += 1
    return created, updated, result["skipped"]
