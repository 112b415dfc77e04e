"""Filling a publication from PubMed E-utilities (by PMID) or Crossref (by DOI).

The base URLs and timeout are settings (PUBMED_EFETCH_URL, CROSSREF_WORKS_URL,
PUBLICATION_FETCH_TIMEOUT) so tests can point them at a stand-in server, and a server
without internet access fails fast with a clear message.
"""

import json
import urllib.error
import urllib.parse
import urllib.request

from django.conf import settings
from django.utils.translation import gettext as _

from . import identifiers
from .parsers import ImportFileError, new_record, parse_pubmed_xml

DEFAULTS = {
    "PUBMED_EFETCH_URL": "https://eutils.ncbi.nlm.nih.gov/entrez/eutils/efetch.fcgi",
    "CROSSREF_WORKS_URL": "https://api.crossref.org/works/",
    "PUBLICATION_FETCH_TIMEOUT": 10,
}
MAX_RESPONSE = 2 * 1024 * 1024


class FetchError(Exception):
    pass


def _setting(name):
    return getattr(settings, name, DEFAULTS[name])


def _get(url, accept):
    request = urllib.request.Request(
        url, headers={"Accept": accept, "User-Agent": "mocsite (publications import)"}
    )
    try:
        with urllib.request.urlopen(
            request, timeout=_setting("PUBLICATION_FETCH_TIMEOUT")
        ) as response:
            return response.read(MAX_RESPONSE + 1)[:MAX_RESPONSE]
    except urllib.error.HTTPError as error:
        if error.code == 404:
            raise FetchError(_("No record was found for this identifier.")) from error
        raise FetchError(
            _("The service answered with an error (%(code)s); try again later.")
            % {"code": error.code}
        ) from error
    except (urllib.error.URLError, TimeoutError, OSError) as error:
        raise FetchError(
            _(
                "The service could not be reached (no network access from the "
                "server, or it is too slow). Enter the publication by hand or "
                "import a file instead."
            )
        ) from error


def fetch_pmid(pmid):
    query = urllib.parse.urlencode({"db": "pubmed", "id": pmid, "retmode": "xml"})
    data = _get(f"{_setting('PUBMED_EFETCH_URL')}?{query}", "application/xml")
    try:
        records = parse_pubmed_xml(data)
    except ImportFileError as error:
        raise FetchError(_("No record was found for this identifier.")) from error
    return records


def _crossref_record(message):
    authors = []
    for a in message.get("author", []):
        if a.get("family"):
            initials = "".join(p[0] for p in a.get("given", "").replace("-", " ").split())
            authors.append(f"{a['family']} {initials}".strip())
        elif a.get("name"):
            authors.append(a["name"])
    issued = (message.get("issued") or {}).get("date-parts") or [[]]
    parts = [p for p in issued[0] if p]
    months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
    date_text = " ".join([str(parts[0])] if parts else [])
    if len(parts) > 1:
        date_text += f" {months[parts[1] - 1]}"
    if len(parts) > 2:
        date_text += f" {parts[2]}"

    def first(key):
        return (message.get(key) or [""])[0]

    return new_record(
        title=first("title"),
        authors=", ".join(authors),
        journal=first("short-container-title") or first("container-title"),
        volume=message.get("volume", ""),
        issue=message.get("issue", ""),
        pages=message.get("page", ""),
        doi=message.get("DOI", ""),
        date_text=date_text,
        language=message.get("language", ""),
    )


def fetch_doi(doi):
    url = _setting("CROSSREF_WORKS_URL") + urllib.parse.quote(doi, safe="/")
    data = _get(url, "application/json")
    try:
        message = json.loads(data)["message"]
    except (ValueError, KeyError, TypeError) as error:
        raise FetchError(_("The service's answer could not be read.")) from error
    return [_crossref_record(message)]


def fetch(identifier):
    """Records for a PMID or a DOI typed by staff."""
    value = (identifier or "").strip()
    pmid = identifiers.normalise_pmid(value)
    if pmid.isdigit():
        return fetch_pmid(pmid)
    doi = identifiers.normalise_doi(value)
    if identifiers.DOI_RE.match(doi):
        return fetch_doi(doi)
    raise FetchError(_("Enter a PMID (digits) or a DOI (10.xxxx/…)."))
