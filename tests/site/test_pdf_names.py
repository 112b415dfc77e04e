"""PDFs are saved by visitors under a readable name: the title in the page's language."""

from urllib.parse import parse_qs, quote, urlsplit

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.test import RequestFactory
from django.urls import reverse
from django.utils import translation

from centre.models import CareProtocol, Centre
from mocsite.media import readable_filename, serve_media

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n" + b"0" * 200 + b"\n%%EOF\n"


def link_of(html, marker):
    start = html.index(marker)
    href = html.rindex('href="', 0, start + len(marker))
    return html[href + 6 : html.index('"', href + 6)].replace("&amp;", "&")


def serve(url):
    parts = urlsplit(url)
    path = parts.path.removeprefix(settings.MEDIA_URL)
    request = RequestFactory().get(parts.path, parse_qs(parts.query))
    return serve_media(request, path, document_root=settings.MEDIA_ROOT)


def test_protocol_pdf_is_saved_under_its_title_in_each_language(seeded, client):
    protocol = CareProtocol.objects.create(
        title_fr="PNDS : ostéogenèse imparfaite", title_en="OI protocol", is_published=True
    )
    protocol.document.save("x.pdf", ContentFile(PDF))
    names = {"fr": "PNDS ostéogenèse imparfaite.pdf", "en": "OI protocol.pdf"}
    for language, expected in names.items():
        with translation.override(language):
            page = reverse("centre:care_protocols")
        html = client.get(page).content.decode()
        url = link_of(html, protocol.document.url)
        assert parse_qs(urlsplit(url).query)["filename"] == [expected]
        response = serve(url)
        assert response["Content-Type"] == "application/pdf"
        disposition = response["Content-Disposition"]
        assert disposition.startswith("inline;")
        assert f"filename*=utf-8''{quote(expected)}" in disposition or (
            f'filename="{expected}"' in disposition
        )


def test_without_a_name_the_pdf_is_served_as_before(seeded):
    centre = Centre.get_profile()
    centre.welcome_booklet.save("b.pdf", ContentFile(PDF))
    response = serve(centre.welcome_booklet.url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    # Django's own header, with the stored name.
    stored = centre.welcome_booklet.name.rsplit("/", 1)[-1]
    assert response.get("Content-Disposition", f'inline; filename="{stored}"') == (
        f'inline; filename="{stored}"'
    )


def test_welcome_booklet_link_names_the_file(seeded, client):
    centre = Centre.get_profile()
    centre.welcome_booklet.save("b.pdf", ContentFile(PDF))
    html = client.get("/fr/contact/").content.decode()
    assert f'download="Livret d’accueil – {centre.short_name_fr}.pdf"' in html or (
        'download="Livret d&#x27;accueil' in html
    )


def test_readable_filenames_hold_no_path_or_unsafe_character():
    assert readable_filename('../../etc/passwd "x" <y>', "pdf") == "etc passwd x y.pdf"
    assert readable_filename("   ", "pdf") == "document.pdf"
    assert len(readable_filename("a" * 500, "pdf")) <= 124
    response_name = readable_filename("a\r\nSet-Cookie: x", "pdf")
    assert "\r" not in response_name and "\n" not in response_name
