"""Importing publications in the admin: files, preview, confirmation, add by PMID or DOI.

The PubMed and Crossref answers are served by a stand-in HTTP server on 127.0.0.1:
tests never reach the internet.
"""

import json
import re
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from publications.models import Publication
from publications.parsers import parse_printed_date

pytestmark = pytest.mark.django_db

IMPORT_URL = "/admin/publications/publication/import/"
CONFIRM_URL = "/admin/publications/publication/import/confirm/"
FETCH_URL = "/admin/publications/publication/add-by-identifier/"

PUBMED_XML = """<?xml version="1.0" ?>
<!DOCTYPE PubmedArticleSet PUBLIC "-//NLM//DTD PubMedArticle, 1st January 2024//EN" "https://dtd.nlm.nih.gov/ncbi/pubmed/out/pubmed_240101.dtd">
<PubmedArticleSet>
<PubmedArticle>
  <MedlineCitation Status="MEDLINE" Owner="NLM">
    <PMID Version="1">34258503</PMID>
    <Article PubModel="Electronic-eCollection">
      <Journal><JournalIssue CitedMedium="Internet"><Volume>5</Volume><Issue>7</Issue>
        <PubDate><Year>2021</Year><Month>Jul</Month></PubDate></JournalIssue>
        <ISOAbbreviation>JBMR Plus</ISOAbbreviation></Journal>
      <ArticleTitle>Refracture and mortality following hospitalization for severe osteoporotic fractures: The Fractos Study.</ArticleTitle>
      <Pagination><MedlinePgn>e10507</MedlinePgn></Pagination>
      <AuthorList><Author><LastName>Roux</LastName><ForeName>Christian</ForeName><Initials>C</Initials></Author></AuthorList>
      <Language>eng</Language>
    </Article>
    <MedlineJournalInfo><MedlineTA>JBMR Plus</MedlineTA></MedlineJournalInfo>
  </MedlineCitation>
  <PubmedData><ArticleIdList>
    <ArticleId IdType="pubmed">34258503</ArticleId>
    <ArticleId IdType="doi">10.1002/jbm4.10507</ArticleId>
    <ArticleId IdType="pmc">PMC8260818</ArticleId>
  </ArticleIdList></PubmedData>
</PubmedArticle>
<PubmedArticle>
  <MedlineCitation Status="MEDLINE" Owner="NLM">
    <PMID Version="1">39000001</PMID>
    <Article PubModel="Print">
      <Journal><JournalIssue CitedMedium="Internet"><Volume>12</Volume>
        <PubDate><MedlineDate>2024 Jan-Feb</MedlineDate></PubDate></JournalIssue></Journal>
      <ArticleTitle>A stand-in article about <i>hypophosphatasia</i>.</ArticleTitle>
      <AuthorList>
        <Author><LastName>Koumakis</LastName><ForeName>Eugénie</ForeName><Initials>E</Initials></Author>
        <Author><LastName>Martin</LastName><ForeName>Anne</ForeName><Initials>A</Initials></Author>
        <Author><CollectiveName>Example Study Group</CollectiveName></Author>
      </AuthorList>
      <Language>fre</Language>
      <ELocationID EIdType="doi" ValidYN="Y">10.9999/stand-in.1</ELocationID>
    </Article>
    <MedlineJournalInfo><MedlineTA>Joint Bone Spine</MedlineTA></MedlineJournalInfo>
  </MedlineCitation>
  <PubmedData><ArticleIdList><ArticleId IdType="pubmed">39000001</ArticleId></ArticleIdList></PubmedData>
</PubmedArticle>
</PubmedArticleSet>
"""

MEDLINE = """PMID- 39000002
OWN - NLM
DP  - 2023 Mar 5
TI  - A MEDLINE record whose title runs
      over two lines.
AU  - Roux C
AU  - Dupont J
LA  - eng
PG  - 100-110
AID - 10.9999/medline.2 [doi]
TA  - Bone
VI  - 170

PMID- 39000003
DP  - 2022
TI  - Second record.
AU  - Durand P
AID - 10.9999/medline.3 [doi]
TA  - Osteoporos Int
"""

RIS = """TY  - JOUR
TI  - A RIS record matched by DOI
AU  - Koumakis, Eugénie
AU  - Cormier, Catherine
JO  - Calcif Tissue Int
PY  - 2021
DA  - 2021/01//
DO  - 10.1007/S00223-020-00664-9
ER  -
"""


@pytest.fixture
def staff_client(staff_client):
    """The admin in English: the assertions read English messages (the admin's language
    comes from the browser, the site's default being French)."""
    staff_client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return staff_client


def upload(client, name, content, content_type="text/plain"):
    data = content.encode() if isinstance(content, str) else content
    return client.post(IMPORT_URL, {"file": SimpleUploadedFile(name, data, content_type)})


def confirm(client, response):
    payload = re.search(r'name="payload" value="([^"]+)"', response.content.decode()).group(1)
    return client.post(CONFIRM_URL, {"payload": payload})


def test_changelist_offers_import_and_fetch(seeded, staff_client):
    html = staff_client.get("/admin/publications/publication/").content.decode()
    assert IMPORT_URL in html and FETCH_URL in html
    assert staff_client.get(IMPORT_URL).status_code == 200
    assert staff_client.get(FETCH_URL).status_code == 200


def test_import_requires_staff(client):
    response = client.get(IMPORT_URL)
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_pubmed_xml_preview_then_confirm(seeded, staff_client):
    response = upload(staff_client, "pubmed.xml", PUBMED_XML, "text/xml")
    html = response.content.decode()
    assert "1 publication will be created" in html
    assert "1 publication will be updated" in html
    assert "A stand-in article about hypophosphatasia." in html
    assert Publication.objects.count() == 12  # nothing saved by the preview
    response = confirm(staff_client, response)
    assert response.status_code == 302
    assert Publication.objects.count() == 13
    new = Publication.objects.get(pmid="39000001")
    assert new.doi == "10.9999/stand-in.1"
    assert new.authors == "Koumakis E, Martin A, Example Study Group"
    assert new.journal == "Joint Bone Spine" and new.language == "fr"
    assert (str(new.date), new.date_precision, new.date_end.month) == (
        "2024-01-01",
        "month_range",
        2,
    )
    assert [p.slug for p in new.team_authors.all()] == ["eugenie-koumakis"]
    fractos = Publication.objects.get(pmid="34258503")
    assert (fractos.volume, fractos.issue, fractos.pages) == ("5", "7", "e10507")
    # An update never blanks what staff wrote: the byline as printed is replaced only
    # by a non-empty one, and the PMCID stays.
    assert fractos.pmcid == "PMC8260818"


def test_medline_import(seeded, staff_client):
    response = upload(staff_client, "pubmed.nbib", MEDLINE)
    assert "2 publications will be created" in response.content.decode()
    confirm(staff_client, response)
    record = Publication.objects.get(pmid="39000002")
    assert record.title == "A MEDLINE record whose title runs over two lines."
    assert record.doi == "10.9999/medline.2" and record.pages == "100-110"
    assert (str(record.date), record.date_precision) == ("2023-03-05", "day")
    assert [p.slug for p in record.team_authors.all()] == ["christian-roux"]
    assert Publication.objects.get(pmid="39000003").date_precision == "year"


def test_ris_import_matches_by_doi(seeded, staff_client):
    response = upload(staff_client, "refs.ris", RIS)
    html = response.content.decode()
    assert "1 publication will be updated" in html and "0 publications will be created" in html
    confirm(staff_client, response)
    assert Publication.objects.count() == 12
    pub = Publication.objects.get(pmid="32285168")
    assert pub.title == "A RIS record matched by DOI"
    assert pub.doi == "10.1007/s00223-020-00664-9"  # the stored spelling is kept


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("empty.xml", b"", "The submitted file is empty."),
        ("broken.xml", b"<PubmedArticleSet><PubmedArticle>", "not a readable PubMed XML"),
        ("other.xml", b"<html><body>hello</body></html>", "holds no PubMed article"),
        ("paper.pdf", b"%PDF-1.4 binary", "Unsupported file"),
        ("empty.bib", b"% only a comment\n", "Unsupported file"),
        ("latin1.txt", "PMID- 1\nTI  - Caf\xe9".encode("latin-1"), "not UTF-8"),
        (
            "bomb.xml",
            (
                b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
                b'<!ENTITY lol2 "&lol;&lol;&lol;">]><PubmedArticleSet>&lol2;'
                b"</PubmedArticleSet>"
            ),
            "not a readable PubMed XML",
        ),
        ("bad.nbib", b"PMID- 1\nnot a field line\n", "not a MEDLINE file"),
    ],
)
def test_bad_files_are_refused(seeded, staff_client, name, content, message):
    response = upload(staff_client, name, content)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert 'name="payload"' not in response.content.decode()
    assert Publication.objects.count() == 12


def test_oversized_file_is_refused(seeded, staff_client, settings, monkeypatch):
    monkeypatch.setattr("publications.admin_views.MAX_IMPORT_SIZE", 1000)
    response = upload(staff_client, "big.nbib", MEDLINE * 20)
    assert "too large" in response.content.decode()
    assert Publication.objects.count() == 12


def test_records_with_errors_are_skipped_and_reported(seeded, staff_client):
    content = MEDLINE.replace("AID - 10.9999/medline.3 [doi]\n", "").replace("PMID- 39000003\n", "")
    response = upload(staff_client, "errors.nbib", content)
    html = response.content.decode()
    assert "1 reference will be skipped" in html
    assert "Reference 2 “Second record.”: Neither a PMID nor a DOI" in html
    response = confirm(staff_client, response)  # the valid one can still be imported
    page = staff_client.get(response["Location"]).content.decode()
    assert "1 publications created, 0 updated." in page
    assert "Skipped: reference 2 “Second record.”: Neither a PMID nor a DOI" in page
    assert Publication.objects.filter(pmid="39000002").exists()
    assert Publication.objects.count() == 13


def test_an_import_is_a_version_of_each_publication_it_touches(seeded, staff_client):
    """As an admin save: history shows who imported what, and can restore the previous
    text of an updated publication."""
    from reversion.models import Version

    confirm(staff_client, upload(staff_client, "pubmed.xml", PUBMED_XML, "text/xml"))
    for publication in Publication.objects.filter(pmid__in=["39000001", "34258503"]):
        latest = Version.objects.get_for_object(publication).first()
        assert latest is not None, publication
        assert latest.revision.user.username == "staff"
        assert latest.revision.get_comment() == "Imported from a file"


def test_tampered_confirmation_changes_nothing(seeded, staff_client):
    response = staff_client.post(CONFIRM_URL, {"payload": "forged"}, follow=True)
    assert "expired or was altered" in response.content.decode()
    assert Publication.objects.count() == 12


def test_identifier_of_another_publication_is_skipped_with_a_link(seeded, staff_client):
    fractos = Publication.objects.get(pmid="34258503")
    # A new record (by its DOI) carrying the PMCID of the Fractos study.
    content = MEDLINE.replace("TA  - Bone\n", "TA  - Bone\nPMC - PMC8260818\n")
    response = upload(staff_client, "taken.nbib", content)
    html = response.content.decode()
    assert "1 reference will be skipped" in html and "1 publication will be created" in html
    assert "The PMCID PMC8260818 is already that of another publication." in html
    link = f'<a href="/admin/publications/publication/{fractos.pk}/change/">'
    assert link in html
    response = confirm(staff_client, response)
    page = staff_client.get(response["Location"]).content.decode()
    assert "Skipped: reference 1" in page and link in page
    assert not Publication.objects.filter(pmid="39000002").exists()
    assert Publication.objects.filter(pmid="39000003").exists()


RIS_TRUNCATED = (
    RIS
    + """
TY  - JOUR
TI  - A record cut short by the export
AU  - Roux, Christian
DO  - 10.9999/cut.1
"""
)


def test_truncated_ris_record_is_reported_not_dropped(seeded, staff_client):
    response = upload(staff_client, "cut.ris", RIS_TRUNCATED)
    html = response.content.decode()
    assert "1 publication will be updated" in html
    assert "1 reference will be skipped" in html
    assert "Reference 2 “A record cut short by the export”: The reference is cut short" in html
    confirm(staff_client, response)
    assert not Publication.objects.filter(doi="10.9999/cut.1").exists()
    assert Publication.objects.get(pmid="32285168").title == "A RIS record matched by DOI"


BIBTEX = r"""% Exported from a reference manager
@article{koumakis2024,
  title = {A {BibTeX} record about hypophosphatasia},
  author = {Koumakis, Eug{\'e}nie and Christian Roux and {Example Study Group}},
  journal = {Joint Bone Spine},
  year = {2024},
  month = mar,
  volume = {91},
  number = {2},
  pages = {105--112},
  doi = {10.9999/BIBTEX.1},
  pmid = {39000010},
}

@article{fractos,
  title = {Refracture and mortality: The Fractos Study, as BibTeX},
  author = {Roux, C.},
  journal = {JBMR Plus},
  year = 2021,
  doi = {10.1002/jbm4.10507},
}

@article{cut,
  title = {A BibTeX entry cut short,
  author = {Roux, Christian
"""


def test_bibtex_imports_like_ris(seeded, staff_client):
    response = upload(staff_client, "refs.bib", BIBTEX)
    html = response.content.decode()
    assert "1 publication will be created" in html
    assert "1 publication will be updated" in html
    assert "1 reference will be skipped" in html
    assert "changed fields: title, authors" in html  # the Fractos study, by its DOI
    assert "Reference 3 “A BibTeX entry cut short”: The reference starting on line 23" in html
    assert "A BibTeX record about hypophosphatasia" in html
    confirm(staff_client, response)
    new = Publication.objects.get(pmid="39000010")
    assert new.authors == "Koumakis E, Roux C, Example Study Group"
    assert (new.journal, new.volume, new.issue, new.pages) == (
        "Joint Bone Spine",
        "91",
        "2",
        "105-112",
    )
    assert new.doi == "10.9999/BIBTEX.1"
    assert (str(new.date), new.date_precision) == ("2024-03-01", "month")
    assert {p.slug for p in new.team_authors.all()} >= {"eugenie-koumakis", "christian-roux"}
    fractos = Publication.objects.get(pmid="34258503")
    assert fractos.title == "Refracture and mortality: The Fractos Study, as BibTeX"
    assert Publication.objects.count() == 13


def test_import_help_names_bibtex(seeded, staff_client):
    assert "BibTeX" in staff_client.get(IMPORT_URL).content.decode()


def test_parse_printed_date():
    assert parse_printed_date("2021 May 14") == ("2021-05-14", "day", None)
    assert parse_printed_date("2021 Jan") == ("2021-01-01", "month", None)
    assert parse_printed_date("2019 Apr-Jun") == ("2019-04-01", "month_range", "2019-06-01")
    assert parse_printed_date("2020") == ("2020-01-01", "year", None)
    assert parse_printed_date("2021/05/14") == ("2021-05-14", "day", None)


# Add by PMID or DOI, against a stand-in server -----------------------------------------

CROSSREF = {
    "status": "ok",
    "message": {
        "DOI": "10.9999/crossref.7",
        "title": ["A Crossref record"],
        "author": [
            {"given": "Christian", "family": "Roux"},
            {"given": "Jean-Marc", "family": "Feron"},
        ],
        "container-title": ["Bone"],
        "short-container-title": ["Bone"],
        "volume": "150",
        "page": "115-120",
        "issued": {"date-parts": [[2022, 6, 2]]},
    },
}


class StandIn(BaseHTTPRequestHandler):
    def do_GET(self):
        parsed = urlparse(self.path)
        if parsed.path == "/efetch.fcgi" and parse_qs(parsed.query).get("id") == ["34258503"]:
            body, kind = PUBMED_XML.encode(), "text/xml"
        elif parsed.path == "/works/10.9999/crossref.7":
            body, kind = json.dumps(CROSSREF).encode(), "application/json"
        elif parsed.path == "/efetch.fcgi":
            body, kind = b"<?xml version='1.0'?><PubmedArticleSet></PubmedArticleSet>", "text/xml"
        else:
            self.send_error(404)
            return
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def stand_in(settings):
    server = ThreadingHTTPServer(("127.0.0.1", 0), StandIn)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    settings.PUBMED_EFETCH_URL = f"{base}/efetch.fcgi"
    settings.CROSSREF_WORKS_URL = f"{base}/works/"
    settings.PUBLICATION_FETCH_TIMEOUT = 5
    yield base
    server.shutdown()
    server.server_close()
    thread.join()


def test_add_by_pmid(seeded, staff_client, stand_in):
    Publication.objects.filter(pmid="34258503").delete()
    response = staff_client.post(FETCH_URL, {"identifier": "PMID: 34258503"})
    html = response.content.decode()
    assert "Refracture and mortality" in html
    confirm(staff_client, response)
    pub = Publication.objects.get(pmid="34258503")
    assert pub.pmcid == "PMC8260818" and pub.doi == "10.1002/jbm4.10507"
    assert Publication.objects.filter(pmid="39000001").exists()  # the file held two


def test_add_by_doi(seeded, staff_client, stand_in):
    response = staff_client.post(FETCH_URL, {"identifier": "https://doi.org/10.9999/crossref.7"})
    assert "1 publication will be created" in response.content.decode()
    confirm(staff_client, response)
    pub = Publication.objects.get(doi="10.9999/crossref.7")
    assert pub.authors == "Roux C, Feron JM"
    assert (str(pub.date), pub.date_precision, pub.pages) == ("2022-06-02", "day", "115-120")
    assert [p.slug for p in pub.team_authors.all()] == ["christian-roux"]


def test_add_by_unknown_identifier(seeded, staff_client, stand_in):
    html = staff_client.post(FETCH_URL, {"identifier": "10.9999/missing"}).content.decode()
    assert "No record was found" in html
    html = staff_client.post(FETCH_URL, {"identifier": "123"}).content.decode()
    assert "No record was found" in html
    html = staff_client.post(FETCH_URL, {"identifier": "hello"}).content.decode()
    assert "Enter a PMID" in html


def test_add_without_network_gives_a_clear_message(seeded, staff_client, settings):
    # A port nobody listens on, like a server without internet access.
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    settings.PUBMED_EFETCH_URL = f"http://127.0.0.1:{port}/efetch.fcgi"
    settings.PUBLICATION_FETCH_TIMEOUT = 2
    html = staff_client.post(FETCH_URL, {"identifier": "34258503"}).content.decode()
    assert "could not be reached" in html


def test_slow_service_times_out(seeded, staff_client, settings):
    import socket

    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()  # accepts the connection but never answers
    try:
        settings.CROSSREF_WORKS_URL = f"http://127.0.0.1:{listener.getsockname()[1]}/works/"
        settings.PUBLICATION_FETCH_TIMEOUT = 0.5
        html = staff_client.post(FETCH_URL, {"identifier": "10.9999/slow"}).content.decode()
    finally:
        listener.close()
    assert "could not be reached" in html
    assert reverse("admin:publications_publication_fetch") == FETCH_URL
