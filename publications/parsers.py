"""Reading PubMed XML, MEDLINE, RIS and BibTeX files into publication records.

Every parser returns a list of plain dicts (the `FIELDS` below) so a preview can be shown
(publications.importers). A record the parser could not read whole (a truncated RIS or
BibTeX entry) is kept in the list with its "problems", so the preview and the result name
every record that is skipped, and why.
"""

import calendar
import re
from datetime import date

import bibtexparser
import rispy
from bibtexparser import middlewares
from defusedxml import ElementTree
from django.utils.translation import gettext as _
from pylatexenc.latex2text import LatexNodes2Text  # installed with bibtexparser

from .models import Precision

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


def new_record(problems=(), **values):
    record = dict.fromkeys(FIELDS, "")
    record.update({k: v or "" for k, v in values.items()})
    record["problems"] = list(problems)
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
    return new_record(
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
            new_record(
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


def _ris_chunks(text):
    """The text of each reference ("TY  -" to "ER  -"); a chunk that never reaches its
    "ER  -" line (a truncated file) is returned too, for rispy silently drops it."""
    chunks, current = [], None
    for line in text.splitlines():
        if re.match(r"^TY  - ", line):
            if current is not None:
                chunks.append(current)
            current = [line]
        elif current is not None:
            current.append(line)
            if re.match(r"^ER  -", line):
                chunks.append(current)
                current = None
    if current is not None:
        chunks.append(current)
    return ["\n".join(chunk) + "\n" for chunk in chunks]


def _ris_title(chunk):
    m = re.search(r"^(?:TI|T1)  - (.*)$", chunk, re.M)
    return m.group(1).strip() if m else ""


def parse_ris(text):
    chunks = _ris_chunks(text)
    if not chunks:
        raise ImportFileError(_("This RIS file holds no reference."))
    result = []
    for chunk in chunks:
        if not re.search(r"^ER  -", chunk, re.M):
            result.append(
                new_record(
                    problems=[_("The reference is cut short: its end (“ER  -”) is missing.")],
                    title=_ris_title(chunk),
                )
            )
            continue
        try:
            entries = rispy.loads(chunk, skip_unknown_tags=True)
        except Exception as error:
            result.append(
                new_record(
                    problems=[_("The reference cannot be read (%(error)s).") % {"error": error}],
                    title=_ris_title(chunk),
                )
            )
            continue
        result.extend(_ris_record(e) for e in entries)
    return result


def _ris_record(e):
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
    return new_record(
        title=e.get("title") or e.get("primary_title", ""),
        authors=", ".join(authors),
        journal=e.get("alternate_title3") or e.get("journal_name") or e.get("secondary_title", ""),
        volume=e.get("volume", ""),
        issue=e.get("number", ""),
        pages=pages,
        pmid=pmid,
        pmcid=e.get("pmcid", ""),
        doi=e.get("doi", ""),
        date_text=date_text.replace("/", " ").strip(),
        language=_language(e.get("language", "")),
    )


# BibTeX (reference managers, Google Scholar, journals), with bibtexparser v2.

BIBTEX_MONTHS = {
    **{name.lower(): n for n, name in enumerate(calendar.month_abbr) if name},
    **{str(n): n for n in range(1, 13)},
}


def _bibtex_author(name):
    """ "Roux, Christian" or "Christian Roux" -> "Roux C", as PubMed prints bylines."""
    name = " ".join(name.split())
    if not name:
        return ""
    if "," in name:
        last, _comma, first = name.partition(",")
    elif " " in name:
        first, _space, last = name.rpartition(" ")
    else:
        return name
    initials = "".join(part[0] for part in first.replace("-", " ").replace(".", " ").split())
    return f"{last.strip()} {initials}".strip()


def _bibtex_text(value):
    """A field as text: LaTeX accents decoded ("Eug{\\'e}nie" -> "Eugénie"), without the
    braces that protect capitals ("{W}orld" -> "World")."""
    text = str(value or "").replace("--", "-")  # page ranges: a hyphen, as elsewhere
    try:
        text = LatexNodes2Text().latex_to_text(text)
    except Exception:  # malformed LaTeX: keep the text as written
        pass
    return " ".join(text.replace("{", "").replace("}", "").split())


def _bibtex_authors(authors):
    """ "Roux, Christian" or "Christian Roux" -> "Roux C"; "{Example Study Group}" (braced:
    a group) stays whole."""
    names = []
    for author in authors:
        author = author.strip()
        if author.startswith("{") and author.endswith("}"):
            names.append(_bibtex_text(author))
        else:
            names.append(_bibtex_author(_bibtex_text(author)))
    return ", ".join(filter(None, names))


def parse_bibtex(text):
    library = bibtexparser.parse_string(
        text,
        # Names split on "and" (braces respected); LaTeX decoded field by field below.
        append_middleware=[middlewares.SeparateCoAuthors()],
    )
    blocks = sorted(
        [*library.entries, *library.failed_blocks], key=lambda block: block.start_line or 0
    )
    if not blocks:
        raise ImportFileError(_("This BibTeX file holds no reference."))
    result = []
    for block in blocks:
        if isinstance(block, bibtexparser.model.ParsingFailedBlock):
            title = re.search(r"title\s*=\s*[{\"]([^}\"\n]*)", block.raw or "", re.I)
            result.append(
                new_record(
                    problems=[
                        _(
                            "The reference starting on line %(line)s cannot be read: it is "
                            "cut short or malformed."
                        )
                        % {"line": (block.start_line or 0) + 1}
                    ],
                    title=_bibtex_text(title.group(1)).rstrip(",") if title else "",
                )
            )
            continue
        result.append(_bibtex_record(block))
    return result


def _bibtex_record(entry):
    fields = {key.lower(): field.value for key, field in entry.fields_dict.items()}
    authors = fields.get("author") or []
    if isinstance(authors, str):
        authors = [authors]
    year = _bibtex_text(fields.get("year"))
    month = BIBTEX_MONTHS.get(_bibtex_text(fields.get("month")).lower()[:3])
    date_text = " ".join(
        part for part in (year, calendar.month_abbr[month] if month and year else "") if part
    )
    pmid = _bibtex_text(fields.get("pmid"))
    return new_record(
        title=_bibtex_text(fields.get("title")),
        authors=_bibtex_authors(authors),
        journal=_bibtex_text(fields.get("journal") or fields.get("booktitle")),
        volume=_bibtex_text(fields.get("volume")),
        issue=_bibtex_text(fields.get("number") or fields.get("issue")),
        pages=_bibtex_text(fields.get("pages")),
        pmid=pmid if pmid.isdigit() else "",
        pmcid=_bibtex_text(fields.get("pmcid")),
        doi=_bibtex_text(fields.get("doi")),
        date_text=date_text,
        language=_language(_bibtex_text(fields.get("language") or fields.get("langid"))),
    )
