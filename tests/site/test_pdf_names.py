"""PDFs are saved by visitors under a readable name: the title in the page's language."""

from urllib.parse import parse_qs, quote, urlsplit

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import RequestFactory
from django.urls import reverse
from django.utils import translation
from django.utils.text import slugify

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


def test_stored_names_are_readable_wherever_the_files_are_served(seeded):
    """Object storage, nginx or a CDN send no Content-Disposition: a browser then saves the
    file under the last part of its address, which is the French title (mocsite.uploads)."""
    protocol = CareProtocol.objects.create(
        title_fr="Ostéogenèse imparfaite", title_en="Osteogenesis imperfecta", is_published=True
    )
    protocol.document.save("Scan 0042 (Dr X).pdf", ContentFile(PDF))
    protocol.summary_document.save("x.pdf", ContentFile(PDF))
    directory, _uuid, name = protocol.document.name.split("/")
    assert (directory, name) == ("pnds", "pnds-osteogenese-imparfaite.pdf")
    assert protocol.summary_document.name.endswith("/pnds-osteogenese-imparfaite-synthese.pdf")
    assert protocol.document.url.endswith("/pnds-osteogenese-imparfaite.pdf")
    # Two uploads of one title never share an address.
    again = CareProtocol.objects.create(title_fr="Ostéogenèse imparfaite", is_published=True)
    again.document.save("y.pdf", ContentFile(PDF))
    assert again.document.name != protocol.document.name
    # A title that already says PNDS says it once; an empty one still gives a name.
    named = CareProtocol.objects.create(title_fr="PNDS : Dysplasie fibreuse", is_published=True)
    named.document.save("z.pdf", ContentFile(PDF))
    assert named.document.name.endswith("/pnds-dysplasie-fibreuse.pdf")
    booklet = Centre.get_profile()
    booklet.welcome_booklet.save("b.pdf", ContentFile(PDF))
    assert booklet.welcome_booklet.name.endswith(
        f"/livret-d-accueil-{slugify(booklet.short_name_fr)}.pdf"
    )


def test_an_uploaded_recording_is_named_after_its_episode(seeded, staff_client):
    from podcasts.models import Episode
    from tests.helpers import admin_form_data
    from tests.podcasts.audio import mp3_bytes

    episode = Episode.objects.exclude(title_fr="").first()
    url = reverse("admin:podcasts_episode_change", args=[episode.pk])
    data = admin_form_data(staff_client.get(url).content.decode())
    data["audio_file"] = SimpleUploadedFile("REC_0001.mp3", mp3_bytes(seconds=2), "audio/mpeg")
    response = staff_client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    episode.refresh_from_db()
    assert episode.audio_file.name.endswith(f"/{slugify(episode.title_fr)[:80]}.mp3")
    assert episode.audio_file.name.startswith("podcasts/audio/")


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
