"""Citation exports read by real parsers: BibTeX by pybtex (strict) and bibtexparser, and
by pdflatex and bibtex themselves where TeX is installed; RIS by rispy and by the site's
own RIS import; CSL-JSON by the json module. Both languages give the same references."""

import json
import re
import shutil
import subprocess

import bibtexparser
import pytest
import rispy
from pybtex import errors as pybtex_errors
from pybtex.database import parse_string as pybtex_parse

from publications.exporters import LATEX_SPECIALS
from publications.models import Publication
from publications.parsers import parse_ris
from tests.site.outputs_helpers import LANGUAGES, rich_content, url

pytestmark = pytest.mark.django_db

SPECIAL = "\\{}$&%#_~^<>|"


@pytest.fixture
def article(seeded):
    return rich_content()["article"]


def bibtex(client, lang, *args):
    name = "publications:export_detail" if args else "publications:export_list"
    response = client.get(url(name, lang, *args, "bibtex") if args else url(name, lang, "bibtex"))
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def strict_pybtex():
    pybtex_errors.set_strict_mode(True)  # any syntax problem raises instead of warning
    yield
    pybtex_errors.set_strict_mode(False)


def unescaped(value):
    """What is left of TeX's special characters once the exporter's commands are removed
    (the outer braces of a case-protected title excepted)."""
    for command in sorted(LATEX_SPECIALS.values(), key=len, reverse=True):
        value = value.replace(command, "")
    return [c for c in value if c in SPECIAL]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_bibtex_escapes_every_special_character(client, article, strict_pybtex, lang):
    text = bibtex(client, lang, article.pk)
    library = bibtexparser.parse_string(text)
    assert not library.failed_blocks
    (entry,) = library.entries
    title = entry["title"]
    assert title.startswith("{") and title.endswith("}")  # the case kept as it is
    inner = title[1:-1]
    assert not inner.endswith(".")  # styles add the full stop: it would be doubled
    assert unescaped(inner) == []
    assert "~" not in inner and "^" not in inner  # a tie and a superscript to TeX
    for field in ("journal", "volume", "number", "pages"):
        assert unescaped(entry[field]) == [], field
    # pybtex, strict, reads the same entry.
    (parsed,) = pybtex_parse(text, "bibtex").entries.values()
    assert parsed.fields["title"] == title
    assert parsed.fields["doi"] == "10.1002/jbmr.0000_test"  # identifiers stay verbatim


@pytest.mark.parametrize("lang", LANGUAGES)
def test_bibtex_names_with_particles_and_group_authors(client, article, strict_pybtex, lang):
    (entry,) = pybtex_parse(bibtex(client, lang, article.pk), "bibtex").entries.values()
    people = entry.persons["author"]
    assert [(p.prelast_names, p.last_names, p.first_names) for p in people[:4]] == [
        (["de"], ["Vernejoul"], ["MC"]),
        (["de"], ["Vernejoul"], ["Marie-Christine"]),
        (["van", "der"], ["Meer"], ["A"]),
        ([], ["Koumakis"], ["E"]),
    ]
    group = people[4]
    # One literal name: no first name, no "au nom du", nothing split at a comma.
    assert group.first_names == [] and group.prelast_names == []
    assert group.last_names == [
        "{Groupe de recherche et d’information sur les ostéoporoses (GRIO)}"
    ]
    assert len(people) == 5


def test_the_whole_list_parses_strictly_in_both_languages(client, article, strict_pybtex):
    texts = {lang: bibtex(client, lang) for lang in LANGUAGES}
    assert texts["fr"] == texts["en"]
    entries = pybtex_parse(texts["fr"], "bibtex").entries
    assert len(entries) == Publication.objects.published().count()
    for key, entry in entries.items():
        assert unescaped(entry.fields["title"][1:-1]) == [], key
        assert not entry.fields["title"][1:-1].endswith("."), key


@pytest.mark.skipif(not shutil.which("pdflatex") or not shutil.which("bibtex"), reason="no TeX")
def test_pdflatex_and_bibtex_typeset_the_export(client, article, tmp_path):
    (tmp_path / "refs.bib").write_text(bibtex(client, "en"))
    (tmp_path / "doc.tex").write_text(
        "\\documentclass{article}\\usepackage[T1]{fontenc}\\begin{document}"
        "\\nocite{*}\\bibliographystyle{plain}\\bibliography{refs}\\end{document}\n"
    )
    runs = [
        ["pdflatex", "-interaction=nonstopmode", "-halt-on-error", "doc.tex"],
        ["bibtex", "doc"],
    ]
    for command in [*runs, runs[0]]:
        done = subprocess.run(command, cwd=tmp_path, capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, done.stdout[-2000:]
    log = (tmp_path / "doc.log").read_text(errors="replace")
    assert "Missing $ inserted" not in log and "Undefined control sequence" not in log
    assert "(There were" not in (tmp_path / "doc.blg").read_text()  # no warning, no error
    if shutil.which("pdftotext"):
        subprocess.run(["pdftotext", "doc.pdf"], cwd=tmp_path, check=True, timeout=60)
        printed = " ".join((tmp_path / "doc.txt").read_text().split())
        assert (
            "Ca^2+ & PTH in ~50% of adults: a #1 study_of {bone} \\ <markers> | 100$. J" in printed
        )
        assert "MC de Vernejoul, Marie-Christine de Vernejoul, A van der Meer" in printed


@pytest.mark.parametrize("lang", LANGUAGES)
def test_ris_records_start_with_ty_and_give_the_journal_abbreviation_in_ja(client, article, lang):
    response = client.get(url("publications:export_list", lang, "ris"))
    text = response.content.decode()
    lines = text.split("\r\n")
    assert lines[0] == "TY  - JOUR"
    assert "\n" not in text.replace("\r\n", "")  # CR LF line ends
    records = [r.strip("\r\n") for r in re.split(r"^ER  - *\r\n", text, flags=re.M) if r.strip()]
    assert len(records) == Publication.objects.published().count()
    assert all(record.startswith("TY  - JOUR\r\n") for record in records)
    assert not re.search(r"^\d+\.\s*$", text, re.M)  # no "1." before a record
    tags = {line[:2] for line in lines if line}
    assert "JA" in tags and not {"JO", "JF"} & tags
    parsed = {e.get("doi"): e for e in rispy.loads(text)}
    entry = parsed[article.doi]
    assert entry["alternate_title2"] == "J Bone Miner Res"  # JA
    assert entry["authors"][:3] == [
        "de Vernejoul, MC",
        "de Vernejoul, Marie-Christine",
        "van der Meer, A",
    ]
    assert (
        entry["authors"][-1] == "Groupe de recherche et d’information sur les ostéoporoses (GRIO)"
    )
    assert (entry["start_page"], entry["end_page"]) == ("401", "409")
    # The site's own RIS import reads its export back.
    imported = {record["doi"]: record for record in parse_ris(text)}[article.doi]
    assert imported["journal"] == "J Bone Miner Res"
    assert imported["title"] == article.title


@pytest.mark.parametrize("lang", LANGUAGES)
def test_csl_json_names(client, article, lang):
    response = client.get(url("publications:export_detail", lang, article.pk, "csl"))
    (item,) = json.loads(response.content)
    assert item["author"][0] == {"family": "de Vernejoul", "given": "MC"}
    assert item["author"][-1] == {
        "literal": "Groupe de recherche et d’information sur les ostéoporoses (GRIO)"
    }
    assert item["container-title"] == "J Bone Miner Res"
