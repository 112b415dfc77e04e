"""Uploads: checked by content and size, stored under generated names, images cleaned of
their metadata and given responsive renditions, served with the right type."""

import io
import re

import pytest
from django.core.cache import caches
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection
from django.template import Context, Template
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from PIL import Image, ImageCms

from centre.models import Centre, Disease, Network, Person
from mocsite import images
from mocsite.media import serve_media
from podcasts.models import Episode, Series
from tests.podcasts.audio import mp3_bytes

GPS_IFD = 0x8825
ORIENTATION = 0x0112
HEX_NAME = r"[0-9a-f]{32}"


def jpeg_with_gps(size=(300, 200), orientation=6):
    """A photo as a phone takes it: GPS position, camera, orientation, sRGB profile."""
    image = Image.new("RGB", size, (200, 30, 30))
    exif = Image.Exif()
    exif[ORIENTATION] = orientation
    exif[0x010F] = "PhoneMaker"  # Make
    exif.get_ifd(GPS_IFD).update({1: "N", 2: (48.0, 50.0, 20.0), 3: "E", 4: (2.0, 20.0, 1.0)})
    icc = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", exif=exif, icc_profile=icc, comment=b"secret comment")
    return buffer.getvalue(), icc


def image_bytes(size=(700, 350), fmt="PNG", mode="RGB"):
    buffer = io.BytesIO()
    Image.new(mode, size, (10, 80, 110, 128)[: len(mode)]).save(buffer, fmt)
    return buffer.getvalue()


@pytest.fixture
def person(db):
    return Person.objects.create(
        first_name="Eugénie", last_name="Koumakis", slug="test-person", title="Dr"
    )


def stored(name):
    with default_storage.open(name, "rb") as handle:
        data = handle.read()
    return data, Image.open(io.BytesIO(data))


# --- metadata ---------------------------------------------------------------------------


def test_jpeg_comes_out_without_exif_upright_and_with_its_colour_profile(person):
    data, icc = jpeg_with_gps()
    assert b"Exif" in data and b"PhoneMaker" in data
    person.photo = SimpleUploadedFile("IMG_2024 Paris.jpg", data, "image/jpeg")
    person.full_clean()
    person.save()
    content, image = stored(person.photo.name)
    assert image.format == "JPEG"
    assert not image.getexif()
    assert "exif" not in image.info and "comment" not in image.info
    assert b"PhoneMaker" not in content and b"secret comment" not in content
    # Orientation 6 (turn 90°) applied to the pixels: a 300×200 shot stands 200×300.
    assert image.size == (200, 300)
    assert (person.photo_width, person.photo_height) == (200, 300)
    assert image.info.get("icc_profile") == icc


def test_renditions_are_cleaned_too(person):
    data, _icc = jpeg_with_gps()
    person.photo.save("photo.jpg", ContentFile(data))
    for _width, webp, fallback in images.renditions(person.photo.name, person.photo_width):
        for name in (webp, fallback):
            content, image = stored(name)
            assert not image.getexif() and b"PhoneMaker" not in content


# --- renditions -------------------------------------------------------------------------


def test_renditions_in_webp_and_jpeg_at_each_width_never_upscaled(person, settings):
    settings.IMAGE_RENDITION_WIDTHS = [160, 320, 640, 1280]
    person.photo = SimpleUploadedFile("p.jpg", image_bytes((700, 350), "JPEG"))
    person.save()
    made = images.renditions(person.photo.name, 700)
    assert [w for w, _webp, _fallback in made] == [160, 320, 640, 700]
    for width, webp, fallback in made:
        assert webp.endswith(f"-{width}w.webp") and fallback.endswith(f"-{width}w.jpg")
        _data, image = stored(webp)
        assert image.format == "WEBP" and image.size == (width, width // 2)
        _data, image = stored(fallback)
        assert image.format == "JPEG" and image.size == (width, width // 2)


def test_transparent_png_falls_back_to_png_and_small_image_is_not_enlarged(db):
    network = Network.objects.create(name="OSCAR")
    network.logo = SimpleUploadedFile("logo.png", image_bytes((120, 40), "PNG", "RGBA"))
    network.save()
    assert network.logo.name.endswith(".png")
    [(width, webp, fallback)] = images.renditions(network.logo.name, network.logo_width)
    assert width == 120
    _data, image = stored(fallback)
    assert image.format == "PNG" and image.mode == "RGBA" and image.size == (120, 40)
    _data, image = stored(webp)
    assert image.format == "WEBP" and image.mode == "RGBA"


def test_missing_renditions_are_made_again(person):
    person.photo.save("p.png", ContentFile(image_bytes((400, 400))))
    _width, webp, fallback = images.renditions(person.photo.name, 400)[1]
    default_storage.delete(webp)
    person.save()  # any save of the row makes what is missing
    assert default_storage.exists(webp)
    default_storage.delete(fallback)
    call_command("make_renditions", stdout=io.StringIO())
    assert default_storage.exists(fallback)


def test_migration_backfill_records_sizes_of_older_images(person):
    person.photo.save("p.png", ContentFile(image_bytes((400, 200))))
    Person.objects.filter(pk=person.pk).update(photo_width=None, photo_height=None)
    for _w, webp, _fallback in images.renditions(person.photo.name, 400):
        default_storage.delete(webp)
    images.backfill(Person, "photo")
    person.refresh_from_db()
    assert (person.photo_width, person.photo_height) == (400, 200)
    assert all(
        default_storage.exists(webp) for _w, webp, _f in images.renditions(person.photo.name, 400)
    )


# --- template tag -----------------------------------------------------------------------


def render(template, **context):
    return Template("{% load images %}" + template).render(Context(context))


def test_tag_renders_picture_with_srcset_sizes_and_dimensions(person, monkeypatch):
    person.photo.save("p.png", ContentFile(image_bytes((700, 350))))
    person = Person.objects.get(pk=person.pk)

    def no_file_access(*args, **kwargs):
        raise AssertionError("the tag must not open image files")

    monkeypatch.setattr(Image, "open", no_file_access)
    monkeypatch.setattr(default_storage, "open", no_file_access)
    monkeypatch.setattr(default_storage, "exists", no_file_access)
    with CaptureQueriesContext(connection) as queries:
        html = render(
            '{% responsive_image person.photo alt="Portrait" sizes="96px" '
            'css_class="person-photo" %}',
            person=person,
        )
    assert len(queries) == 0
    stem = person.photo.name.rsplit("/", 1)[1].rsplit(".", 1)[0]
    assert html.startswith("<picture>") and html.endswith("</picture>")
    assert re.search(
        rf'<source type="image/webp" srcset="/media/team/renditions/{stem}-160w.webp 160w, '
        rf'.*-700w.webp 700w" sizes="96px">',
        html,
    )
    assert f'src="{person.photo.url}" alt="Portrait"' in html
    assert f"/media/team/renditions/{stem}-320w.png 320w" in html
    assert 'sizes="96px" width="700" height="350" class="person-photo"' in html
    assert 'loading="lazy" decoding="async"' in html


def test_tag_display_size_eager_and_empty_image(person):
    person.photo.save("p.png", ContentFile(image_bytes((700, 350))))
    html = render('{% responsive_image p.photo alt="" height=48 eager=True %}', p=person)
    assert 'width="96" height="48"' in html and 'sizes="96px"' in html
    assert 'loading="eager"' in html and 'loading="lazy"' not in html
    assert 'alt=""' in html
    assert render("{% responsive_image p.photo %}", p=Person(first_name="X")) == ""


def test_team_page_queries_do_not_grow_with_photos(seeded, client):
    url = reverse("centre:team")
    client.get(url)  # warm caches of the first request (sessions, translations…)
    caches["pages"].clear()  # full renders, not the stored page
    with CaptureQueriesContext(connection) as without:
        assert client.get(url).status_code == 200
    for person in Person.objects.all():
        person.photo.save("p.jpg", ContentFile(image_bytes((500, 500), "JPEG")))
    with CaptureQueriesContext(connection) as with_photos:
        html = client.get(url).content.decode()
    assert len(with_photos) == len(without)
    assert html.count('<source type="image/webp"') == Person.objects.published().count()


def test_about_and_podcast_pages_use_renditions(seeded, client):
    network = Network.objects.first()
    network.logo.save("l.png", ContentFile(image_bytes((300, 100))))
    html = client.get(reverse("centre:about")).content.decode()
    assert 'width="144" height="48"' in html and "-300w.webp 300w" in html
    series = Series.objects.filter(is_published=True).first()
    if series is None:
        pytest.skip("the seed has no podcast series")
    series.artwork.save("a.png", ContentFile(image_bytes((1400, 1400))))
    for url in (reverse("podcasts:list"), series.get_absolute_url()):
        html = client.get(url).content.decode()
        assert "-1280w.webp 1280w" in html and 'type="image/webp"' in html


# --- refused files ----------------------------------------------------------------------

SVG = (
    b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
)
FAKES = {
    "php": ("photo.jpg", b"<?php system($_GET['c']); ?>"),
    "svg": ("logo.png", SVG),
    "svg-named-svg": ("logo.svg", SVG),
    "html": ("photo.gif", b"<!doctype html><script>alert(1)</script>"),
    "php-in-gif": ("shell.php", b"GIF89a<?php system($_GET['c']); ?>"),
}


@pytest.mark.parametrize("name,content", FAKES.values(), ids=FAKES.keys())
def test_renamed_script_or_markup_is_refused_as_image(person, name, content):
    with pytest.raises(ValidationError):
        person.photo = SimpleUploadedFile(name, content)
        person.full_clean()
    # Even code that skips validation cannot store it.
    person.photo = SimpleUploadedFile(name, content)
    with pytest.raises(ValidationError):
        person.save()
    with pytest.raises(ValidationError):
        person.photo.save(name, ContentFile(content))
    assert not default_storage.exists("team") or not default_storage.listdir("team")[1]


@pytest.mark.parametrize("name,content", FAKES.values(), ids=FAKES.keys())
def test_renamed_script_or_markup_is_refused_as_pdf_or_audio(seeded, name, content):
    centre = Centre.get_profile()
    with pytest.raises(ValidationError):
        centre.welcome_booklet.save("livret.pdf", ContentFile(content))
    with pytest.raises(ValidationError):
        Episode(audio_file=SimpleUploadedFile("talk.mp3", content)).audio_file.save(
            "talk.mp3", ContentFile(content), save=False
        )


def test_admin_refuses_an_svg_photo(seeded, staff_client):
    person = Person.objects.get(slug="eugenie-koumakis")
    url = reverse("admin:centre_person_change", args=[person.pk])
    data = {
        "title": "Dr",
        "first_name": "Eugénie",
        "last_name": "Koumakis",
        "slug": "eugenie-koumakis",
        "is_published": "on",
        "ordering": 2,
        "photo": SimpleUploadedFile("portrait.svg", SVG, "image/svg+xml"),
    }
    response = staff_client.post(url, data)
    assert response.status_code == 200 and "errornote" in response.content.decode()
    person.refresh_from_db()
    assert not person.photo


def test_animated_and_huge_images_are_refused(person, monkeypatch):
    frames = [Image.new("RGB", (20, 20), colour) for colour in ("red", "blue")]
    buffer = io.BytesIO()
    frames[0].save(buffer, "GIF", save_all=True, append_images=frames[1:])
    with pytest.raises(ValidationError) as error:
        person.photo.save("a.gif", ContentFile(buffer.getvalue()))
    assert error.value.code == "animated_image"
    monkeypatch.setattr("mocsite.validators.MAX_IMAGE_PIXELS", 100)
    with pytest.raises(ValidationError) as error:
        person.photo.save("big.png", ContentFile(image_bytes((20, 20))))
    assert error.value.code == "too_many_pixels"


def test_oversized_files_are_refused_at_save(seeded, person, settings):
    settings.MAX_IMAGE_UPLOAD_SIZE = settings.MAX_DOCUMENT_UPLOAD_SIZE = 100
    with pytest.raises(ValidationError):
        person.photo.save("p.png", ContentFile(image_bytes((200, 200))))
    with pytest.raises(ValidationError):
        Centre.get_profile().welcome_booklet.save("b.pdf", ContentFile(b"%PDF-1.4\n" + b"0" * 200))


# --- generated names --------------------------------------------------------------------


def test_names_are_generated_and_extensions_come_from_the_content(seeded):
    person = Person.objects.get(slug="eugenie-koumakis")
    person.photo = SimpleUploadedFile("Jean Dupont passport.php.jpg", image_bytes((50, 50), "PNG"))
    person.save()
    assert re.fullmatch(rf"team/{HEX_NAME}\.png", person.photo.name)  # a PNG, not .jpg
    centre = Centre.get_profile()
    centre.welcome_booklet.save(
        "Livret d'accueil FINAL.PDF.html", ContentFile(b"%PDF-1.4\n%%EOF\n")
    )
    # Named after the centre (a readable download), never after what was uploaded.
    assert re.fullmatch(
        rf"booklet/{HEX_NAME}/livret-d-accueil-moc\.pdf", centre.welcome_booklet.name
    )
    series = Series.objects.create(
        disease=Disease.objects.create(name_fr="X", name_en="X", slug_fr="x", slug_en="x"),
        title_fr="S",
        slug_fr="s",
    )
    episode = Episode(
        series=series,
        title_fr="E",
        slug_fr="e",
        speaker_name_fr="X",
        audio_file=SimpleUploadedFile("interview Dr X.ogg", mp3_bytes(2)),
    )
    episode.save()
    assert re.fullmatch(rf"podcasts/audio/{HEX_NAME}/e\.mp3", episode.audio_file.name)
    assert episode.audio_mime_type == "audio/mpeg"
    other = Person.objects.create(first_name="A", last_name="B", slug="a-b")
    other.photo.save("Jean Dupont passport.php.jpg", ContentFile(image_bytes((50, 50))))
    assert other.photo.name != person.photo.name


# --- serving ----------------------------------------------------------------------------


def serve(path):
    request = RequestFactory().get("/media/" + path)
    from django.conf import settings

    return serve_media(request, path, document_root=settings.MEDIA_ROOT)


def test_media_are_served_with_the_type_of_their_content_and_nosniff(person):
    person.photo.save("p.jpg", ContentFile(image_bytes((200, 100), "JPEG")))
    response = serve(person.photo.name)
    assert response["Content-Type"] == "image/jpeg"
    assert response["X-Content-Type-Options"] == "nosniff"
    _w, webp, _fallback = images.renditions(person.photo.name, 200)[0]
    assert serve(webp)["Content-Type"] == "image/webp"


@pytest.mark.parametrize("name", ["team/evil.html", "team/evil.svg", "team/shell.php"])
def test_other_files_are_never_displayed(settings, name):
    path = settings.MEDIA_ROOT / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"<script>alert(1)</script>")
    response = serve(name)
    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"] == "attachment"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_french_team_page_renders_photos(seeded, client):
    person = Person.objects.get(slug="eugenie-koumakis")
    person.photo.save("p.jpg", ContentFile(image_bytes((300, 300), "JPEG")))
    with translation.override("fr"):
        url = reverse("centre:team")
    html = client.get(url).content.decode()
    assert f'src="{person.photo.url}"' in html and 'width="96" height="96"' in html
