"""Site-wide pieces: robots.txt, sitemap, health check, error pages, uploads, static files."""

import io
import xml.etree.ElementTree as ET

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import override_settings
from django.urls import path
from PIL import Image

from mocsite.validators import validate_image_upload, validate_pdf_upload

pytestmark = pytest.mark.django_db


def test_robots_txt(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    body = response.content.decode()
    assert "Disallow: /admin/" in body
    assert "Sitemap: http://testserver/sitemap.xml" in body


def test_sitemap_has_both_languages_and_alternates(seeded, client):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    root = ET.fromstring(response.content)
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}
    locs = [el.text for el in root.findall("s:url/s:loc", ns)]
    assert "http://testserver/fr/equipe/" in locs
    assert "http://testserver/en/team/" in locs
    assert "http://testserver/en/diseases/hypophosphatasia/" in locs
    assert "http://testserver/fr/maladies/hypophosphatasie/" in locs
    links = root.findall("s:url/x:link", ns)
    langs = {link.get("hreflang") for link in links}
    assert {"fr", "en", "x-default"} <= langs
    for loc in locs:
        assert client.get(loc.replace("http://testserver", "")).status_code == 200


def test_health_check(client):
    response = client.get("/health/")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "cache": "ok"}
    assert "no-cache" in response["Cache-Control"]


def test_health_check_reports_database_failure(client, monkeypatch):
    from django.db import connection

    def broken_cursor(*args, **kwargs):
        raise RuntimeError("database down")

    monkeypatch.setattr(connection, "cursor", broken_cursor)
    response = client.get("/health/")
    assert response.status_code == 503
    assert response.json()["database"] == "error"


def boom(request):
    raise RuntimeError("boom")


urlpatterns_with_error = [path("boom/", boom)]


@override_settings(ROOT_URLCONF=__name__, DEBUG=False)
@pytest.mark.parametrize(
    ("accept", "text"), [("fr", "Une erreur s’est produite"), ("en", "Something went wrong")]
)
def test_server_error_page_in_visitor_language(accept, text):
    from django.test import Client

    client = Client(raise_request_exception=False)
    response = client.get("/boom/", HTTP_ACCEPT_LANGUAGE=accept)
    assert response.status_code == 500
    html = response.content.decode()
    assert text in html
    assert f'<html lang="{accept}">' in html
    assert "Traceback" not in html and "RuntimeError" not in html


urlpatterns = urlpatterns_with_error
handler500 = "mocsite.views.server_error"


def image_file(fmt="PNG", name="photo.png"):
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "red").save(buffer, fmt)
    return SimpleUploadedFile(name, buffer.getvalue())


def test_real_image_is_accepted():
    validate_image_upload(image_file())


@pytest.mark.parametrize("content", [b"<?php echo 1; ?>", b"GIF89a-not-really", b""])
def test_fake_image_is_refused(content):
    with pytest.raises(ValidationError) as error:
        validate_image_upload(SimpleUploadedFile("photo.jpg", content))
    assert error.value.code == "invalid_image"


def test_oversized_image_is_refused(settings):
    settings.MAX_IMAGE_UPLOAD_SIZE = 10
    with pytest.raises(ValidationError) as error:
        validate_image_upload(image_file())
    assert error.value.code == "too_large"


def test_pdf_check_is_by_content():
    validate_pdf_upload(SimpleUploadedFile("a.pdf", b"%PDF-1.7\n..."))
    with pytest.raises(ValidationError):
        validate_pdf_upload(SimpleUploadedFile("a.pdf", b"MZ\x90\x00 executable"))


def test_collectstatic_fingerprints_and_compresses(settings, tmp_path):
    settings.STATIC_ROOT = tmp_path / "static"
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    call_command("collectstatic", interactive=False, verbosity=0)
    names = {p.name for p in (tmp_path / "static/css").iterdir()}
    assert any(n.startswith("site.") and n.endswith(".css") and n != "site.css" for n in names)
    assert any(n.endswith(".css.gz") for n in names)
    assert (tmp_path / "static/staticfiles.json").exists()


def test_pages_reference_no_third_party_host(seeded, client):
    import re

    for path_ in ["/fr/", "/en/centre/", "/fr/contact/"]:
        html = client.get(path_).content.decode()
        # Links a visitor follows may leave the site; nothing is *loaded* from elsewhere.
        assert not re.search(
            r'<(?:script|link|img)[^>]+(?:src|href)="https?://(?!testserver)', html
        )


def test_favicon_redirects_to_the_svg_icon(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"].endswith("img/favicon.svg")
