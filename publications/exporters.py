"""Citation exports: RIS (rispy), BibTeX (bibtexparser v2) and CSL-JSON.

Each function takes an iterable of publications and returns text; `FORMATS` gives each
format's content type and file extension for the download views. `citation_authors`
reads the byline for every machine-readable output (these and the JSON-LD).
"""

import json
import re

import bibtexparser
import rispy
from bibtexparser.model import Entry, Field

from .authors import fold, name_parts

# --- Authors -------------------------------------------------------------------------------

# What a byline may print before a group author: "au nom du GRIO", "on behalf of the …".
ON_BEHALF_RE = re.compile(
    r"^(?:au nom (?:du|de la|des|de l['’]|de)|pour (?:le|la|les|l['’])|"
    r"on behalf of(?: the)?|for the)\s*",
    re.IGNORECASE,
)
# Lowercase particles that belong to the family name ("de Vernejoul MC",
# "Marie-Christine de Vernejoul", "van der Meer A").
PARTICLES = {
    "d'",
    "d’",
    "da",
    "das",
    "de",
    "del",
    "della",
    "den",
    "der",
    "des",
    "di",
    "do",
    "dos",
    "du",
    "la",
    "le",
    "ten",
    "ter",
    "van",
    "von",
    "y",
    "zu",
}


def _with_particles(name):
    """(family, given) of a person's name with lowercase particles, or None."""
    tokens = name.strip().rstrip(".").split()
    positions = [i for i, token in enumerate(tokens) if token in PARTICLES]
    others = [token for token in tokens if token not in PARTICLES]
    if not positions or not others or any(not token[:1].isupper() for token in others):
        return None
    first = positions[0]
    if first == 0:
        # "de Vernejoul MC", "van der Meer A": particles, family name, initials.
        leading = [t for t in tokens if t in PARTICLES]
        if tokens[: len(leading)] != leading:
            return None
        family, given = name_parts(" ".join(tokens[len(leading) :]))
        if family is None:
            return None
        return " ".join([*leading, family]), given
    if positions != list(range(first, first + len(positions))) or first + len(positions) == len(
        tokens
    ):
        return None
    # "Marie-Christine de Vernejoul": given names, then particles and family name.
    return " ".join(tokens[first:]), " ".join(tokens[:first])


def citation_authors(publication):
    """[(family, given) or (None, literal name)], the byline read for citation formats.

    Group authors are one literal name, without the "au nom du" / "on behalf of" that
    introduced them in the byline; a family name keeps its particles.
    """
    result = []
    for name in publication.author_names:
        family, given = name_parts(name)
        if family:
            result.append((family, given))
            continue
        person = _with_particles(name)
        if person:
            result.append(person)
            continue
        literal = ON_BEHALF_RE.sub("", name.strip()).strip()
        literal = re.sub(r",\s*\(", " (", literal)  # "… ostéoporoses, (GRIO)"
        result.append((None, literal or name.strip()))
    return result


# --- RIS -----------------------------------------------------------------------------------


class RisWriter(rispy.RisWriter):
    """RIS as reference managers read it: each record starts with its TY line (rispy
    writes a "1." before each record by default), lines end with CR LF."""

    NEWLINE = "\r\n"

    def set_header(self, count):
        return ""


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
        "authors": [_ris_author(f, g) for f, g in citation_authors(pub)],
        # The journal as stored is its abbreviation (PubMed's MedlineTA): JA. T2, "the
        # journal", carries it too: it is the only name of it there is, and reference
        # managers that read the journal from T2 alone would otherwise show none.
        "alternate_title2": pub.journal,  # JA
        "secondary_title": pub.journal,  # T2
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
    return rispy.dumps([_ris_entry(p) for p in publications], implementation=RisWriter)


# --- BibTeX --------------------------------------------------------------------------------


def _bibtex_key(pub, used):
    family = next((f for f, _g in citation_authors(pub) if f), "anon")
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


# Every character TeX treats specially, as a command that prints it. Braces become
# \textbraceleft/right rather than \{ \}: BibTeX counts braces even after a backslash,
# so "\{" would unbalance the field. Accented letters stay UTF-8 (LaTeX reads it).
LATEX_SPECIALS = {
    "\\": r"\textbackslash{}",
    "{": r"\textbraceleft{}",
    "}": r"\textbraceright{}",
    "$": r"\$",
    "&": r"\&",
    "%": r"\%",
    "#": r"\#",
    "_": r"\_",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
    "<": r"\textless{}",
    ">": r"\textgreater{}",
    "|": r"\textbar{}",
}
_LATEX_SPECIALS_RE = re.compile("|".join(re.escape(c) for c in LATEX_SPECIALS))


def latex_escape(text):
    return _LATEX_SPECIALS_RE.sub(lambda m: LATEX_SPECIALS[m.group()], text or "")


def _bibtex_title(title):
    """The title in a brace group, so styles keep its case; without its final full stop,
    which styles add themselves (biblatex cannot see one inside the group: "Title..")."""
    title = title.strip()
    if title.endswith(".") and not title.endswith(".."):
        title = title[:-1]
    return "{" + latex_escape(title) + "}"


def _bibtex_name(family, given):
    if family is None:
        return "{" + latex_escape(given) + "}"  # a group author, one literal name
    return f"{latex_escape(family)}, {latex_escape(given)}".rstrip(", ")


MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]


def to_bibtex(publications):
    library = bibtexparser.Library()
    used = set()
    for pub in publications:
        fields = [
            ("title", _bibtex_title(pub.title)),
            (
                "author",
                " and ".join(_bibtex_name(f, g) for f, g in citation_authors(pub))
                + (" and others" if pub.has_et_al else ""),
            ),
            ("journal", latex_escape(pub.journal)),
            ("year", str(pub.year or "")),
            (
                "month",
                MONTHS[pub.date.month - 1] if pub.date and pub.date_precision != "year" else "",
            ),
            ("volume", latex_escape(pub.volume)),
            ("number", latex_escape(pub.issue)),
            ("pages", latex_escape(pub.pages).replace("-", "--")),
            # Identifiers and addresses are read verbatim (biblatex, \url, \doi): as is.
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


# --- CSL-JSON ------------------------------------------------------------------------------


def csl_item(pub):
    authors = []
    for family, given in citation_authors(pub):
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
        "language": pub.language,
    }
    return {k: v for k, v in item.items() if v}


def to_csl_json(publications):
    return json.dumps([csl_item(p) for p in publications], ensure_ascii=False, indent=2)


FORMATS = {
    "ris": (to_ris, "application/x-research-info-systems; charset=utf-8", "ris"),
    "bibtex": (to_bibtex, "application/x-bibtex; charset=utf-8", "bib"),
    "csl": (to_csl_json, "application/vnd.citationstyles.csl+json; charset=utf-8", "json"),
}
