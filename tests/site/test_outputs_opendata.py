"""Open data: publications, talks and trials as CSV (the csv module) and JSON, with the
columns docs/outputs.md documents, in both languages, linked from their pages, with a
number of queries that does not grow with the content."""

import csv
import io
import json
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.cache import caches
from django.core.management import call_command

from centre.models import Trial
from publications.models import Publication, Talk
from tests.site.outputs_helpers import LANGUAGES, parse_html, rich_content, url

pytestmark = pytest.mark.django_db

TABLES = {  # URL name: (section of docs/outputs.md, published rows)
    "publications:data": ("Publications", lambda: Publication.objects.published()),
    "talks:data": ("Talks", lambda: Talk.objects.published()),
    "centre:trials_data": ("Clinical trials", lambda: Trial.objects.published()),
}


def documented_columns(section):
    """The column names of a table in docs/outputs.md, in order."""
    text = (Path(settings.BASE_DIR) / "docs/outputs.md").read_text()
    block = text.split(f"### {section}\n", 1)[1].split("\n#", 1)[0]
    return re.findall(r"^\| `([a-z_]+)` \|", block, re.M)


def download(client, name, lang, fmt, query=""):
    response = client.get(url(name, lang, fmt) + query)
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "*"
    assert response["Content-Disposition"].endswith(f'.{fmt}"')
    return response


def read_csv(response):
    assert response["Content-Type"] == "text/csv; charset=utf-8; header=present"
    text = response.content.decode("utf-8")
    assert text.endswith("\r\n")
    return list(csv.DictReader(io.StringIO(text, newline="")))


def read_json(response):
    assert response["Content-Type"] == "application/json"
    return json.loads(response.content)


@pytest.fixture
def content(seeded):
    return rich_content()


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("name", TABLES)
def test_tables_have_the_documented_columns_and_every_published_row(client, content, name, lang):
    section, published = TABLES[name]
    columns = documented_columns(section)
    assert columns  # the documentation has the table
    response = download(client, name, lang, "csv")
    header = next(csv.reader(io.StringIO(response.content.decode())))
    assert header == columns
    rows = read_csv(response)
    items = read_json(download(client, name, lang, "json"))
    assert len(rows) == len(items) == published().count()
    assert all(list(item) == columns for item in items)
    # The same values in both formats: lists joined with " | " in CSV, "" for null.
    for row, item in zip(rows, items, strict=True):
        for column in columns:
            value = item[column]
            if isinstance(value, list):
                value = " | ".join(str(v) for v in value)
            assert row[column] == ("" if value is None else str(value)), column


@pytest.mark.parametrize("lang", LANGUAGES)
def test_values_in_the_language_of_the_address(client, content, lang):
    items = read_json(download(client, "publications:data", lang, "json"))
    article = next(item for item in items if item["id"] == content["article"].pk)
    assert (
        article["url"]
        == f"http://testserver{url('publications:detail', lang, content['article'].pk)}"
    )
    assert article["date"] == "2022-03"
    assert article["diseases"] == [getattr(content["disease"], f"name_{lang}")]
    assert article["team_members"] == ["Eugénie Koumakis"]
    assert article["pmid"] is None  # empty, not ""
    trials = read_json(download(client, "centre:trials_data", lang, "json"))
    checked = next(t for t in trials if t["nct_id"] == "NCT03188666")
    assert checked["status"] == "RECRUITING" and checked["status_checked_at"]
    assert checked["disease_orpha_code"] == 337
    talks = read_json(download(client, "talks:data", lang, "json"))
    assert {t["kind"] for t in talks} <= {None, "oral", "poster", "webinar", "course", "lecture"}


def test_the_publications_take_the_lists_filters(client, content):
    slug = content["disease"].slug_en
    rows = read_csv(
        download(client, "publications:data", "en", "csv", f"?disease={slug}&year=2022")
    )
    assert [int(row["id"]) for row in rows] == [content["article"].pk]


def test_unknown_format_is_a_404(client, db):
    assert client.get(url("publications:data", "en", "xml")).status_code == 404
    assert client.get(url("centre:trials_data", "fr", "xlsx")).status_code == 404


@pytest.mark.parametrize("lang", LANGUAGES)
def test_pages_link_their_data(client, content, lang):
    pages = {
        url("publications:list", lang): "publications:data",
        url("talks:list", lang): "talks:data",
        url("centre:research", lang): "centre:trials_data",
    }
    for page, name in pages.items():
        main = parse_html(client.get(page).content.decode()).find(".//main")
        links = {a.get("href") for a in main.iter("a")}
        assert {url(name, lang, "csv"), url(name, lang, "json")} <= links, page


def test_queries_do_not_grow_with_the_content(client, content, django_assert_max_num_queries):
    def count(name):
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        caches["pages"].clear()
        with CaptureQueriesContext(connection) as queries:
            download(client, name, "en", "csv")
        return len(queries)

    before = {name: count(name) for name in TABLES}
    assert all(n <= 6 for n in before.values()), before
    call_command("generate_content", "--factor", "5", stdout=io.StringIO())
    assert {name: count(name) for name in TABLES} == before
