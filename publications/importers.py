"""Reading PubMed XML, MEDLINE and RIS files into publication records, and applying them.

Every parser returns a list of plain dicts (the `FIELDS` below) so a preview can be shown,
signed into the confirmation form, and applied later in one transaction.
"""

import calendar
import re
from datetime import date

import rispy
from defusedxml import ElementTree
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models.functions import Lower
from django.utils.translation import gettext as _

from centre.models import Person

from . import identifiers
from .authors import find_people
from .models import Precision, Publication

FIELDS = (
    "title",
    "authors",
    "journal",
    "volume",
    "issue",
    "pages",
    "pmid",
    "pmcid",
    "doi",
    "date",
    "date_end",
    "date_precision",
    "date_text",
    "language",
)

MONTHS = {name.lower(): n for n, name in enumerate(calendar.month_abbr) if name}


class ImportFileError(Exception):
    """The file as a whole cannot be read: nothing is imported."""


def parse_printed_date(text):
    """("2021-05-14" or None, precision, end) from "2021 May 14", "2021 Jan", "2019 Apr-Jun",
    "2020", "2021/05/14"."""
    text = (text or "").strip()
    m = re.match(
        r"^(\d{4})(?:[ /-]([A-Za-z]{3}|\d{1,2})(?:-([A-Za-z]{3}))?"
        r"(?:[ /-](\d{1,2}))?)?",
        text,
    )
    if not m:
        return None, Precision.YEAR, None
    year = int(m.group(1))
    month_text, month_end_text, day = m.group(2), m.group(3), m.group(4)
    if not month_text:
        return date(year, 1, 1).isoformat(), Precision.YEAR, None
    month = int(month_text) if month_text.isdigit() else MONTHS.get(month_text.lower())
    if not month or not 1 <= month <= 12:
        return date(year, 1, 1).isoformat(), Precision.YEAR, None
    if month_end_text and MONTHS.get(month_end_text.lower()):
        end = date(year, MONTHS[month_end_text.lower()], 1).isoformat()
        return date(year, month, 1).isoformat(), Precision.MONTH_RANGE, end
    if day:
        try:
            return date(year, month, int(day)).isoformat(), Precision.DAY, None
        except ValueError:
            pass
    return date(year, month, 1).isoformat(), Precision.MONTH, None


def _record(**values):
    record = dict.fromkeys(FIELDS, "")
    record.update({k: v or "" for k, v in values.items()})
    record["language"] = record["language"] or "en"
    if not record["date"] and record["date_text"]:
        record["date"], record["date_precision"], record["date_end"] = parse_printed_date(
            record["date_text"]
        )
    record["date_precision"] = record["date_precision"] or Precision.YEAR
    return record


def _language(code):
    return "fr" if (code or "").lower().startswith("fr") else "en"


# PubMed XML (efetch, or "Save > PubMed XML" is not offered any more; the efetch format).


def _text(element):
    return "".join(element.itertext()).strip() if element is not None else ""


def parse_pubmed_xml(data):
    try:
        root = ElementTree.fromstring(data)
    except Exception as error:  # ParseError, or defusedxml's refusal of entities
        raise ImportFileError(
            _("This is not a readable PubMed XML file (%(error)s).") % {"error": error}
        ) from error
    articles = root.findall(".//PubmedArticle")
    if root.tag not in ("PubmedArticleSet", "PubmedArticle") or not articles:
        raise ImportFileError(_("This XML file holds no PubMed article."))
    return [_pubmed_article(a) for a in articles]


def _pubmed_article(node):
    article = node.find("./MedlineCitation/Article")
    ids = {i.get("IdType"): _text(i) for i in node.findall("./PubmedData/ArticleIdList/ArticleId")}
    authors = []
    for author in article.findall("./AuthorList/Author") if article is not None else []:
        if author.find("CollectiveName") is not None:
            authors.append(_text(author.find("CollectiveName")))
        else:
            authors.append(
                f"{_text(author.find('LastName'))} {_text(author.find('Initials'))}".strip()
            )
    pub_date = article.find("./Journal/JournalIssue/PubDate") if article is not None else None
    if pub_date is not None and pub_date.find("MedlineDate") is not None:
        date_text = _text(pub_date.find("MedlineDate"))
    elif pub_date is not None:
        date_text = " ".join(
            _text(pub_date.find(p))
            for p in ("Year", "Month", "Day")
            if pub_date.find(p) is not None
        )
    else:
        date_text = ""
    doi = ids.get("doi") or next(
        (
            _text(e)
            for e in (article.findall("./ELocationID") if article is not None else [])
            if e.get("EIdType") == "doi"
        ),
        "",
    )
    return _record(
        title=_text(article.find("ArticleTitle")) if article is not None else "",
        authors=", ".join(authors),
        journal=_text(node.find("./MedlineCitation/MedlineJournalInfo/MedlineTA"))
        or (_text(article.find("./Journal/ISOAbbreviation")) if article is not None else ""),
        volume=_text(article.find("./Journal/JournalIssue/Volume")) if article is not None else "",
        issue=_text(article.find("./Journal/JournalIssue/Issue")) if article is not None else "",
        pages=_text(article.find("./Pagination/MedlinePgn")) if article is not None else "",
        pmid=_text(node.find("./MedlineCitation/PMID")),
        pmcid=ids.get("pmc", ""),
        doi=doi,
        date_text=date_text,
        language=_language(_text(article.find("Language")) if article is not None else ""),
    )


# MEDLINE text (PubMed's "Save > PubMed format", .nbib or .txt).


def parse_medline(text):
    records, current, tag = [], {}, None
    for line in text.splitlines():
        if not line.strip():
            if current:
                records.append(current)
                current, tag = {}, None
            continue
        m = re.match(r"^([A-Z]{2,4})\s*- (.*)$", line)
        if m:
            tag = m.group(1)
            current.setdefault(tag, []).append(m.group(2).strip())
        elif tag and line.startswith("      "):
            current[tag][-1] += " " + line.strip()
        else:
            raise ImportFileError(
                _("This is not a MEDLINE file: line “%(line)s” is not a field.")
                % {"line": line[:60]}
            )
    if current:
        records.append(current)
    if not records or not any("PMID" in r or "TI" in r for r in records):
        raise ImportFileError(_("This MEDLINE file holds no record."))
    result = []
    for r in records:
        doi = next(
            (a[:-6].strip() for a in r.get("AID", []) + r.get("LID", []) if a.endswith("[doi]")), ""
        )
        pmcid = next((p for p in r.get("PMC", [])), "")
        result.append(
            _record(
                title=" ".join(r.get("TI", [])),
                authors=", ".join(r.get("AU", []) + r.get("CN", [])),
                journal=(r.get("TA") or r.get("JT") or [""])[0],
                volume=(r.get("VI") or [""])[0],
                issue=(r.get("IP") or [""])[0],
                pages=(r.get("PG") or [""])[0],
                pmid=(r.get("PMID") or [""])[0],
                pmcid=pmcid,
                doi=doi,
                date_text=(r.get("DP") or [""])[0],
                language=_language((r.get("LA") or [""])[0]),
            )
        )
    return result


# RIS (reference managers, Crossref, journals).


def parse_ris(text):
    try:
        entries = rispy.loads(text, skip_unknown_tags=True)
    except Exception as error:
        raise ImportFileError(
            _("This is not a readable RIS file (%(error)s).") % {"error": error}
        ) from error
    if not entries:
        raise ImportFileError(_("This RIS file holds no reference."))
    result = []
    for e in entries:
        authors = e.get("authors") or e.get("first_authors") or []
        pmid = e.get("accession_number", "")
        pmid = pmid if pmid.isdigit() else ""
        for note in e.get("notes", []):
            if m := re.match(r"PMCID:\s*(PMC\d+)", note):
                e["pmcid"] = m.group(1)
            if (m := re.match(r"PMID:\s*(\d+)", note)) and not pmid:
                pmid = m.group(1)
        pages = e.get("start_page", "")
        if e.get("end_page"):
            pages = f"{pages}-{e['end_page']}"
        date_text = e.get("date") or e.get("publication_year") or e.get("year") or ""
        result.append(
            _record(
                title=e.get("title") or e.get("primary_title", ""),
                authors=", ".join(authors),
                journal=e.get("alternate_title3")
                or e.get("journal_name")
                or e.get("secondary_title", ""),
                volume=e.get("volume", ""),
                issue=e.get("number", ""),
                pages=pages,
                pmid=pmid,
                pmcid=e.get("pmcid", ""),
                doi=e.get("doi", ""),
                date_text=date_text.replace("/", " ").strip(),
                language=_language(e.get("language", "")),
            )
        )
    return result


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
        return parse_pubmed_xml(data)
    if re.match(r"^PMID-\s", head):
        return parse_medline(text)
    if re.match(r"^TY  - ", head):
        return parse_ris(text)
    raise ImportFileError(
        _("Unsupported file: upload a PubMed XML, MEDLINE (.nbib, .txt) or RIS file.")
    )


def _clean(record):
    """(normalised record, list of problems)."""
    record = dict(record)
    problems = []
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
    "errors": [...]}, each item a dict with the record (and the existing publication)."""
    cleaned = [_clean(r) for r in records]
    pmids = {r["pmid"] for r, _p in cleaned if r["pmid"]}
    dois = {r["doi"].lower() for r, _p in cleaned if r["doi"]}
    by_pmid = {p.pmid: p for p in Publication.objects.filter(pmid__in=pmids)}
    by_doi = {
        p.doi_lower: p
        for p in Publication.objects.annotate(doi_lower=Lower("doi")).filter(doi_lower__in=dois)
    }
    result = {"create": [], "update": [], "errors": []}
    seen = set()
    for record, problems in cleaned:
        key = record["pmid"] or record["doi"].lower()
        if key and key in seen:
            problems.append(_("This reference appears twice in the file."))
        seen.add(key)
        if problems:
            result["errors"].append({"record": record, "problems": problems})
            continue
        existing = by_pmid.get(record["pmid"]) or by_doi.get(record["doi"].lower())
        if existing is None:
            result["create"].append({"record": record})
        else:
            changes = [
                f
                for f in (
                    "title",
                    "authors",
                    "journal",
                    "volume",
                    "issue",
                    "pages",
                    "pmid",
                    "pmcid",
                    "doi",
                )
                if record[f]
                and record[f] != getattr(existing, f)
                and not (f == "doi" and record[f].lower() == existing.doi.lower())
            ]
            result["update"].append(
                {"record": record, "publication": existing, "pk": existing.pk, "changes": changes}
            )
    return result


def apply(records):
    """Create or update, all or nothing. Returns (created, updated)."""
    result = plan(records)
    if result["errors"]:
        raise ImportFileError(_("Some references have errors; nothing was imported."))
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
    return created, updated
