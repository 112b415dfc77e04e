"""Calendars (.ics), read with icalendar: times every client reads alike (UTC), valid
RFC 5545 even when empty, whole-day entries where no end time is known, UIDs that do not
depend on the host, feeds with a refresh interval; the centre's feed and each disease's."""

import uuid
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone
from icalendar import Calendar

from centre.models import Disease, Event
from tests.site.outputs_helpers import LANGUAGES, head_links, obj_url, parse_html, url

pytestmark = pytest.mark.django_db

PARIS = ZoneInfo("Europe/Paris")


def summer_day():
    """A day in July at least a week ahead: Paris is then UTC+2."""
    today = timezone.localdate()
    year = today.year if today < date(today.year, 7, 1) else today.year + 1
    return date(year, 7, 15)


def read(client, path, **headers):
    response = client.get(path, headers=headers)
    assert response.status_code == 200, path
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    text = response.content.decode()
    calendar = Calendar.from_ical(text)
    calendar.validate()  # PRODID, VERSION and at least one component (RFC 5545 § 3.6)
    return calendar, text


@pytest.fixture
def evening(db):
    """A 19:00–20:30 summer event in Paris: 17:00–18:30 UTC."""
    return Event.objects.create(
        slug="evening",
        title_fr="Soirée",
        title_en="Evening",
        start_date=summer_day(),
        start_time=time(19, 0),
        end_time=time(20, 30),
        location_fr="Hôpital Cochin",
        location_en="Cochin hospital",
    )


@pytest.mark.parametrize("lang", LANGUAGES)
def test_times_are_utc_and_mean_the_hour_in_paris(client, evening, lang):
    for path in (url("centre:event_ics", lang, slug="evening"), url("centre:event_feed", lang)):
        calendar, text = read(client, path)
        (vevent,) = calendar.walk("VEVENT")
        start, end = vevent.decoded("DTSTART"), vevent.decoded("DTEND")
        assert start == datetime.combine(summer_day(), time(19), PARIS)
        assert start.utcoffset() == timedelta(0) and start.hour == 17
        assert end - start == timedelta(hours=1, minutes=30)
        assert f"DTSTART:{summer_day():%Y%m%d}T170000Z" in text.splitlines()
        assert f"DTEND:{summer_day():%Y%m%d}T183000Z" in text.splitlines()
        # No time zone to interpret: no TZID anywhere, no VTIMEZONE.
        assert "TZID" not in text and not calendar.walk("VTIMEZONE")
        assert vevent.decoded("DTSTAMP").tzinfo is not None
        assert str(vevent["SUMMARY"]) == {"fr": "Soirée", "en": "Evening"}[lang]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_an_empty_feed_is_a_valid_calendar(client, db, lang):
    calendar, text = read(client, url("centre:event_feed", lang))
    assert not calendar.walk("VEVENT")
    (zone,) = calendar.walk("VTIMEZONE")  # the one component RFC 5545 asks for
    assert str(zone["TZID"]) == "UTC"
    assert zone.walk("STANDARD")[0].decoded("TZOFFSETTO") == timedelta(0)
    assert text.startswith("BEGIN:VCALENDAR\r\n") and text.endswith("END:VCALENDAR\r\n")


def test_a_start_time_without_an_end_is_a_whole_day_entry(client, db):
    Event.objects.create(
        slug="morning",
        title_fr="Matin",
        title_en="Morning",
        start_date=summer_day(),
        start_time=time(9, 30),
    )
    Event.objects.create(
        slug="backwards",
        title_fr="À l’envers",
        title_en="Backwards",
        start_date=summer_day(),
        start_time=time(15),
        end_time=time(14),
    )
    for slug in ("morning", "backwards"):
        calendar, _text = read(client, url("centre:event_ics", "en", slug=slug))
        (vevent,) = calendar.walk("VEVENT")
        assert vevent.decoded("DTSTART") == summer_day()  # a date, not a date-time
        assert vevent.decoded("DTEND") == summer_day() + timedelta(days=1)
    calendar, _text = read(client, url("centre:event_ics", "fr", slug="morning"))
    assert "09:30" in str(calendar.walk("VEVENT")[0]["DESCRIPTION"])  # the time, as announced


def test_a_day_long_event_over_several_days(client, db):
    Event.objects.create(
        slug="days",
        title_fr="Journées",
        title_en="Days",
        start_date=summer_day(),
        end_date=summer_day() + timedelta(days=2),
    )
    calendar, _text = read(client, url("centre:event_ics", "en", slug="days"))
    (vevent,) = calendar.walk("VEVENT")
    assert vevent.decoded("DTSTART") == summer_day()
    assert vevent.decoded("DTEND") == summer_day() + timedelta(days=3)


def test_uids_do_not_depend_on_the_host_nor_on_edits(client, evening, settings):
    settings.ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1", "moc.example.org"]
    uids = set()
    for host in ("localhost", "127.0.0.1:8765", "moc.example.org"):
        for path in (url("centre:event_ics", "en", slug="evening"), url("centre:event_feed", "fr")):
            calendar, _text = read(client, path, host=host)
            uids.add(str(calendar.walk("VEVENT")[0]["UID"]))
    evening.title_en = "Renamed"
    evening.slug = "renamed"
    evening.save()
    calendar, _text = read(client, url("centre:event_ics", "en", slug="renamed"))
    uids.add(str(calendar.walk("VEVENT")[0]["UID"]))
    (uid,) = uids
    assert uuid.UUID(uid) and "@" not in uid


@pytest.mark.parametrize("lang", LANGUAGES)
def test_feeds_carry_a_refresh_interval_and_their_address(client, evening, lang):
    disease = Disease.objects.create(name_fr="M", name_en="D", slug_fr="m", slug_en="d")
    for path in (url("centre:event_feed", lang), url("centre:disease_event_feed", lang, slug="m")):
        calendar, text = read(client, path)
        assert calendar.decoded("REFRESH-INTERVAL") == timedelta(hours=6)
        assert "REFRESH-INTERVAL;VALUE=DURATION:PT6H" in text
        assert "X-PUBLISHED-TTL:PT6H" in text
        assert str(calendar["SOURCE"]) == "http://testserver" + path
        assert str(calendar["X-WR-CALNAME"]) == str(calendar["NAME"])
    calendar, text = read(client, url("centre:event_ics", lang, slug="evening"))
    assert "REFRESH-INTERVAL" not in text  # a single event is added once, not subscribed to
    assert disease


@pytest.mark.parametrize("lang", LANGUAGES)
def test_each_disease_has_a_feed_of_its_upcoming_events(seeded, client, lang):
    hpp = Disease.objects.get(slug_en="hypophosphatasia")
    oi = Disease.objects.get(slug_en="osteogenesis-imperfecta")
    soon = timezone.localdate() + timedelta(days=10)
    mine = Event.objects.create(
        slug="hpp-day", title_fr="Journée HPP", title_en="HPP day", start_date=soon
    )
    mine.diseases.add(hpp)
    other = Event.objects.create(
        slug="oi-day", title_fr="Journée OI", title_en="OI day", start_date=soon
    )
    other.diseases.add(oi)
    past = Event.objects.create(
        slug="hpp-past", title_fr="Passée", title_en="Past", start_date=soon - timedelta(days=400)
    )
    past.diseases.add(hpp)
    path = url("centre:disease_event_feed", lang, slug=getattr(hpp, f"slug_{lang}"))
    calendar, _text = read(client, path)
    assert [str(v["SUMMARY"]) for v in calendar.walk("VEVENT")] == [getattr(mine, f"title_{lang}")]
    assert hpp.name_fr in str(calendar["X-WR-CALNAME"]) or hpp.name_en in str(
        calendar["X-WR-CALNAME"]
    )
    # The slug of the other language reaches the same feed; an unknown disease is a 404.
    other_lang = {"fr": "en", "en": "fr"}[lang]
    with_other_slug = url(
        "centre:disease_event_feed", lang, slug=getattr(hpp, f"slug_{other_lang}")
    )
    assert read(client, with_other_slug)[0].walk("VEVENT")
    assert client.get(url("centre:disease_event_feed", lang, slug="nope")).status_code == 404
    # The disease page links it, in its head and visibly.
    html = client.get(obj_url(hpp, lang)).content.decode()
    assert any(
        link.get("type") == "text/calendar" and link.get("href") == path
        for link in head_links(html, "alternate")
    )
    visible = [a.get("href") for a in parse_html(html).find(".//main").iter("a")]
    assert path in visible
    # The centre's feed is linked from the events list.
    events_html = client.get(url("centre:event_list", lang)).content.decode()
    assert url("centre:event_feed", lang) in [
        link["href"] for link in head_links(events_html, "alternate")
    ]


def test_calendars_of_the_seed_parse_in_both_languages(seeded, client):
    for lang in LANGUAGES:
        for disease in Disease.objects.published():
            read(
                client,
                url("centre:disease_event_feed", lang, slug=getattr(disease, f"slug_{lang}")),
            )
        for event in Event.objects.published():
            if event.has_exact_dates:
                calendar, _text = read(client, url("centre:event_ics", lang, slug=event.slug))
                assert calendar.walk("VEVENT")[0].decoded("DTSTAMP").utcoffset() == timedelta(0)
