"""What the tests of the machine-readable outputs (test_outputs_*.py) share: addresses in
a language, HTML read by a real parser, and content that exercises every branch of the
outputs on top of the seed (timed, online and cancelled events, an episode with its
recording and transcript, artwork, a photo, authors with particles, a checked trial)."""

import io
import json
import xml.etree.ElementTree as ET
from datetime import date, time, timedelta
from urllib.parse import urlsplit

import html5lib
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone, translation
from PIL import Image

from tests.podcasts.audio import mp3_bytes

LANGUAGES = ["fr", "en"]
SITEMAP_NS = {
    "s": "http://www.sitemaps.org/schemas/sitemap/0.9",
    "x": "http://www.w3.org/1999/xhtml",
}


def url(name, lang, *args, **kwargs):
    with translation.override(lang):
        return reverse(name, args=args or None, kwargs=kwargs or None)


def obj_url(obj, lang):
    with translation.override(lang):
        return obj.get_absolute_url()


def parse_html(html):
    """The page as a browser builds it (html5lib, strict: a parse error fails)."""
    parser = html5lib.HTMLParser(strict=True, namespaceHTMLElements=False)
    return parser.parse(html)


def json_ld_blocks(html):
    return [
        json.loads(script.text)
        for script in parse_html(html).iter("script")
        if script.get("type") == "application/ld+json"
    ]


def head_links(html, rel):
    return [link.attrib for link in parse_html(html).iter("link") if link.get("rel") == rel]


def sitemap_paths(client):
    root = ET.fromstring(client.get("/sitemap.xml").content)
    return sorted({urlsplit(loc.text).path for loc in root.findall("s:url/s:loc", SITEMAP_NS)})


def png(size, color=(11, 79, 108)):
    out = io.BytesIO()
    Image.new("RGB", (size, size), color).save(out, "PNG")
    return out.getvalue()


def rich_content():
    """Rows beyond the seed's, so that each kind of page shows every part of its markup."""
    from centre.models import Centre, Disease, Event, Person, Trial
    from podcasts.models import Episode, Series
    from publications.models import Publication
    from tests.helpers import write_emergency_sheet_and_questions

    centre = Centre.get_profile()
    centre.email = "moc@example.org"  # the seed has none; staff enter it in the admin
    centre.save()
    hpp = Disease.objects.get(slug_en="hypophosphatasia")
    soon = timezone.localdate() + timedelta(days=20)
    online = Event.objects.create(
        slug="online-webinar",
        title_fr="Webinaire en ligne",
        title_en="Online webinar",
        kind=Event.Kind.WEBINAR,
        start_date=soon,
        start_time=time(19, 0),
        end_time=time(20, 30),
        is_online=True,
        registration_url="https://example.org/register",
        description_fr="Pour les patients.",
        description_en="For patients.",
    )
    mixed = Event.objects.create(
        slug="mixed-course",
        title_fr="Cours à Cochin et en ligne",
        title_en="Course at Cochin and online",
        kind=Event.Kind.COURSE,
        start_date=soon + timedelta(days=1),
        end_date=soon + timedelta(days=2),
        location_fr="Hôpital Cochin, Paris",
        location_en="Cochin hospital, Paris",
        is_online=True,
    )
    cancelled = Event.objects.create(
        slug="cancelled-workshop",
        title_fr="Atelier annulé",
        title_en="Cancelled workshop",
        start_date=soon + timedelta(days=3),
        start_time=time(14, 0),
        status=Event.Status.CANCELLED,
        location_fr="Hôpital Necker",
        location_en="Necker hospital",
    )
    for event in (online, mixed, cancelled):
        event.diseases.add(hpp)
    write_emergency_sheet_and_questions()  # hypophosphatasia's FAQPage and sheet
    series = Series.objects.get(disease=hpp)
    series.artwork = SimpleUploadedFile("art.png", png(1400), "image/png")
    series.artwork_alt_fr = series.artwork_alt_en = "Logo"
    series.save()
    person = Person.objects.get(slug="eugenie-koumakis")
    # Reviews confirmed by staff (the seed has none): the pages' lastReviewed/reviewedBy.
    for reviewed in (centre, hpp, *hpp.care_protocols.all()[:1]):
        reviewed.last_reviewed_on = date(2026, 12, 2)
        reviewed.last_reviewed_by = person
        reviewed.save()
    person.photo = SimpleUploadedFile("photo.png", png(200, (200, 120, 90)), "image/png")
    person.save()
    episode = Episode.objects.filter(series=series).order_by("ordering", "pk").first()
    episode.audio_file = SimpleUploadedFile("episode.mp3", mp3_bytes(3), "audio/mpeg")
    episode.transcript_fr = "Bonjour.\n\nAu revoir."
    episode.transcript_en = "Hello.\n\nGoodbye."
    episode.published_on = date(2024, 5, 2)
    episode.speaker_person = person
    episode.save()
    article = Publication.objects.create(
        title="Ca^2+ & PTH in ~50% of adults: a #1 study_of {bone} \\ <markers> | 100$.",
        authors=(
            "de Vernejoul MC, Marie-Christine de Vernejoul, van der Meer A, Koumakis E, "
            "au nom du Groupe de recherche et d’information sur les ostéoporoses, (GRIO)"
        ),
        journal="J Bone Miner Res",
        date=date(2022, 3, 1),
        date_precision="month",
        volume="37",
        issue="3",
        pages="401-409",
        doi="10.1002/jbmr.0000_test",
    )
    article.diseases.add(hpp)
    article.team_authors.add(person)
    trial = Trial.objects.get(nct_id="NCT03188666")
    trial.status = Trial.Status.RECRUITING
    trial.status_checked_at = timezone.now()
    trial.save()
    return {
        "disease": hpp,
        "online": online,
        "mixed": mixed,
        "cancelled": cancelled,
        "series": series,
        "episode": episode,
        "person": person,
        "article": article,
        "trial": trial,
    }
