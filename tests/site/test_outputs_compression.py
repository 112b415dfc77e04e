"""Compression: pages, feeds, sitemaps, calendars and data in gzip when the client asks
for it (read back with the gzip module and each format's parser), never a page that
carries a CSRF token (BREACH), nor media; static files in brotli and gzip (WhiteNoise)."""

import csv
import gzip
import io
import json
import xml.etree.ElementTree as ET

import brotli
import feedparser
import pytest
from django.core.cache import caches
from django.core.management import call_command
from django.test import Client
from icalendar import Calendar

from centre.models import Disease
from tests.site.outputs_helpers import LANGUAGES, parse_html, url

pytestmark = pytest.mark.django_db

GZIP = {"accept-encoding": "gzip, deflate, br"}


def gunzip(client, path, **headers):
    response = client.get(path, headers={**GZIP, **headers})
    assert response.status_code == 200, path
    assert response["Content-Encoding"] == "gzip", path
    assert "Accept-Encoding" in response["Vary"]
    return response, gzip.decompress(response.content)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_kind_of_output_is_compressed_and_reads_back(seeded, client, lang):
    disease = Disease.objects.get(slug_en="hypophosphatasia")
    slug = getattr(disease, f"slug_{lang}")
    readers = {
        url("centre:home", lang): parse_html,
        url("publications:list", lang): parse_html,
        "/sitemap.xml": ET.fromstring,
        url("centre:event_feed", lang): Calendar.from_ical,
        url("centre:disease_event_feed", lang, slug=slug): Calendar.from_ical,
        url("publications:feed", lang): lambda body: feedparser.parse(body).entries,
        url("podcasts:feed", lang, slug=getattr(disease.podcast_series, f"slug_{lang}")): (
            ET.fromstring
        ),
        url("publications:data", lang, "json"): json.loads,
        url("talks:data", lang, "csv"): lambda body: list(csv.reader(io.StringIO(body.decode()))),
        url("publications:export_list", lang, "bibtex"): bytes.decode,
        url("publications:export_list", lang, "csl"): json.loads,
    }
    for path, read in readers.items():
        plain = client.get(path)
        assert "Content-Encoding" not in plain  # the client did not ask for it
        response, body = gunzip(client, path)
        assert body == plain.content, path
        assert len(response.content) < len(body), path
        assert read(body) is not None
        assert response["ETag"].startswith('W/"'), path  # the ETag of the uncompressed body


def test_the_page_cache_keeps_one_uncompressed_copy(seeded, client):
    path = url("publications:list", "en")
    _response, first = gunzip(client, path)  # rendered, stored, compressed on the way out
    _response, second = gunzip(client, path)  # from the page cache, compressed again
    assert first == second
    assert client.get(path).content == first  # the stored copy is the page itself


def test_a_conditional_request_still_gets_304(seeded, client):
    path = url("centre:home", "fr")
    response, _body = gunzip(client, path)
    again = client.get(path, headers={**GZIP, "if-none-match": response["ETag"]})
    assert again.status_code == 304


@pytest.mark.parametrize("lang", LANGUAGES)
def test_pages_with_a_csrf_token_are_never_compressed(seeded, client, lang):
    response = client.get(url("centre:contact", lang), headers=GZIP)
    assert response.status_code == 200
    assert 'name="csrfmiddlewaretoken"' in response.content.decode()
    assert "Content-Encoding" not in response
    login = Client().get("/admin/login/", headers=GZIP)
    assert login.status_code == 200 and "Content-Encoding" not in login


def test_media_and_partial_answers_are_not_compressed(client, settings, tmp_path):
    from django.urls import path as route

    from mocsite.media import serve_media

    settings.MEDIA_ROOT = tmp_path
    (tmp_path / "notes.txt").write_text("x" * 5000)
    (tmp_path / "pic.png").write_bytes(b"\x89PNG" + bytes(5000))
    urlconf = type(
        "urls",
        (),
        {"urlpatterns": [route("m/<path:path>", serve_media, {"document_root": tmp_path})]},
    )
    settings.ROOT_URLCONF = urlconf
    assert "Content-Encoding" not in client.get("/m/pic.png", headers=GZIP)
    partial = client.get("/m/notes.txt", headers={**GZIP, "range": "bytes=0-99"})
    assert partial.status_code == 206 and "Content-Encoding" not in partial


def test_static_files_are_stored_in_brotli_and_gzip(settings, tmp_path):
    settings.STATIC_ROOT = tmp_path
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    call_command("collectstatic", interactive=False, verbosity=0)
    manifest = json.loads((tmp_path / "staticfiles.json").read_text())
    css = tmp_path / manifest["paths"]["css/site.css"]
    original = css.read_bytes()
    assert (
        brotli.decompress((tmp_path / f"{css.relative_to(tmp_path)}.br").read_bytes()) == original
    )
    assert gzip.decompress((tmp_path / f"{css.relative_to(tmp_path)}.gz").read_bytes()) == original
    # WhiteNoise serves the brotli file to a browser that accepts it.
    caches["pages"].clear()
    response = Client().get(f"/static/{manifest['paths']['css/site.css']}", headers=GZIP)
    assert response.status_code == 200
    assert response["Content-Encoding"] == "br"
    assert brotli.decompress(b"".join(response.streaming_content)) == original
