"""Citation exports: RIS (rispy), BibTeX (bibtexparser v2) and CSL-JSON.

Each function takes an iterable of publications and returns text; `FORMATS` gives each
format's content type and file extension for the download views.
"""

import json
import re

import bibtexparser
import rispy
from bibtexparser.model import Entry, Field

from .authors import fold


def _ris_author(family, given):
    return f"{family}, {given}".strip(", ") if family else given


def _ris_date(pub):
    """RIS DA is "YYYY/MM/DD/other", month and day on two digits, unknown parts empty:
    "2021/05/14/", "2021/01//", "2019///"."""
    if not pub.date_parts:
        return ""
    year, *rest = pub.date_parts[0]
    month, day = (rest + [None, None])[:2]
    return "/".join([str(year), f"{month:02d}" if month else "", f"{day:02d}" if day else "", ""])


def _ris_entry(pub):
    entry = {
        "type_of_reference": "JOUR",
        "title": pub.title,
        "authors": [_ris_author(f, g) for f, g in pub.structured_authors],
        "journal_name": pub.journal,
        "alternate_title3": pub.journal,  # JA: the abbreviated journal name
        "year": str(pub.year) if pub.year else "",
        "date": _ris_date(pub),
        "volume": pub.volume,
        "number": pub.issue,
        "doi": pub.doi,
        "urls": [u for u in (pub.pubmed_url, pub.pmc_url) if u],
        "accession_number": pub.pmid,
        "notes": [f"PMID: {pub.pmid}"] if pub.pmid else [],
    }
    if pub.pmcid:
        entry["notes"].append(f"PMCID: {pub.pmcid}")
    if pub.pages:
        start, _, end = pub.pages.partition("-")
        entry["start_page"] = start
        if end:
            entry["end_page"] = end
    return {k: v for k, v in entry.items() if v}


def to_ris(publications):
    return rispy.dumps([_ris_entry(p) for p in publications])


def _bibtex_key(pub, used):
    family = next((f for f, _g in pub.structured_authors if f), "anon")
    base = re.sub(r"[^a-z0-9]", "", fold(family)) or "anon"
    key = f"{base}{pub.year or ''}"
    if pub.pmid:
        key = f"{key}pmid{pub.pmid}"
    candidate, n = key, 1
    while candidate in used:
        n += 1
        candidate = f"{key}-{n}"
    used.add(candidate)
    return candidate


def _bibtex_escape(text):
    """BibTeX braces and LaTeX specials; accented letters stay UTF-8 (biblatex reads them)."""
    text = text.replace("\\", "").replace("{", "").replace("}", "")
    return re.sub(r"([&%$#_])", r"\\\1", text)


def _bibtex_name(family, given):
    if family is None:
        return "{" + _bibtex_escape(given) + "}"  # a group author, kept whole
    return f"{_bibtex_escape(family)}, {_bibtex_escape(given)}".rstrip(", ")


MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]


def to_bibtex(publications):
    library = bibtexparser.Library()
    used = set()
    for pub in publications:
        fields = [
            ("title", "{" + _bibtex_escape(pub.title) + "}"),
            (
                "author",
                " and ".join(_bibtex_name(f, g) for f, g in pub.structured_authors)
                + (" and others" if pub.has_et_al else ""),
            ),
            ("journal", _bibtex_escape(pub.journal)),
            ("year", str(pub.year or "")),
            (
                "month",
                MONTHS[pub.date.month - 1] if pub.date and pub.date_precision != "year" else "",
            ),
            ("volume", pub.volume),
            ("number", pub.issue),
            ("pages", pub.pages.replace("-", "--")),
            ("doi", pub.doi),
            ("pmid", pub.pmid),
            ("pmcid", pub.pmcid),
            ("url", pub.doi_url or pub.pubmed_url),
        ]
        # The month is the standard macro (month = may), unbraced: braced, BibTeX would
        # print the lowercase word "may" instead of the style's month name.
        library.add(
            Entry(
                "article",
                _bibtex_key(pub, used),
                [
                    Field(k, v, enclosing="no-enclosing" if k == "month" else None)
                    for k, v in fields
                    if v
                ],
            )
        )
    return bibtexparser.write_string(library)


def csl_item(pub):
    authors = []
    for family, given in pub.structured_authors:
        if family is None:
            authors.append({"literal": given})
        else:
            authors.append({"family": family, "given": given} if given else {"family": family})
    item = {
        "id": pub.export_stem,
        "type": "article-journal",
        "title": pub.title,
        "author": authors,
        "container-title-short": pub.journal,
        "container-title": pub.journal,
        "issued": {"date-parts": pub.date_parts} if pub.date_parts else None,
        "volume": pub.volume,
        "issue": pub.issue,
        "page": pub.pages,
        "DOI": pub.doi,
        "PMID": pub.pmid,
        "PMCID": pub.pmcid,
        "URL": pub.doi_url or pub.pubmed_url,
    }
    return {k: v for k, v in item.items() if v}


def to_csl_json(publications):
    return json.dumps([csl_item(p) for p in publications], ensure_ascii=False, indent=2)


FORMATS = {
    "ris": (to_ris, "application/x-research-info-systems; charset=utf-8", "ris"),
    "bibtex": (to_bibtex, "application/x-bibtex; charset=utf-8", "bib"),
    "csl": (to_csl_json, "application/vnd.citationstyles.csl+json; charset=utf-8", "json"),
}
