"""iCalendar (RFC 5545) files of the centre's events: one event, or a feed to subscribe to.

Times are written in UTC ("…Z"): every client reads them the same way, and no VTIMEZONE
is needed (Thunderbird and Nextcloud, through ical.js, misread the one icalendar
generates for Europe/Paris, with its list of RDATEs, by an hour in summer). Only the
basic icalendar API is used (add, add_component, to_ical): icalendar 6.0 has it all.
"""

import uuid
from datetime import UTC, datetime, timedelta

from django.http import Http404, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Timezone, TimezoneStandard, vDuration
from icalendar import Event as CalendarEvent

from mocsite.links import absolute

from .models import Centre, Disease, Event

# Event UIDs: the same whatever host name the calendar was fetched by (a calendar
# subscribed through another address must not duplicate every event), and whatever is
# edited, so they derive from the row's id alone (RFC 7986 § 5.3 recommends a UUID).
EVENT_UID_NAMESPACE = uuid.UUID("4f0c3a52-39d1-4a5e-9d7c-5b8e8e6f2a61")
# How often subscribed calendars should fetch the feed again (RFC 7986 REFRESH-INTERVAL,
# and X-PUBLISHED-TTL, which Outlook and Apple Calendar read).
FEED_REFRESH_INTERVAL = timedelta(hours=6)

STATUS = {
    Event.Status.SCHEDULED: "CONFIRMED",
    Event.Status.IN_PREPARATION: "TENTATIVE",
    Event.Status.CANCELLED: "CANCELLED",
}


def event_uid(event):
    return str(uuid.uuid5(EVENT_UID_NAMESPACE, f"event-{event.pk}"))


def _utc(day, at):
    """A day and time of the centre's time zone (TIME_ZONE), in UTC."""
    return timezone.make_aware(datetime.combine(day, at)).astimezone(UTC)


def _timed_span(event):
    """(start, end) in UTC when the event's start and end times are both known, else None.

    A start time without an end time gives no end: the entry is then a whole-day one
    (its times go in the description) rather than an hour the centre never stated.
    """
    if not (event.start_time and event.end_time):
        return None
    start = _utc(event.start_date, event.start_time)
    end = _utc(event.end_date or event.start_date, event.end_time)
    return (start, end) if end > start else None


def calendar_event(request, event):
    item = CalendarEvent()
    item.add("uid", event_uid(event))
    item.add("dtstamp", event.updated_at or timezone.now())
    if event.created_at:
        item.add("created", event.created_at)
    if event.updated_at:
        item.add("last-modified", event.updated_at)
    item.add("summary", event.title)
    span = _timed_span(event)
    if span:
        item.add("dtstart", span[0])
        item.add("dtend", span[1])
    else:
        # Whole days: DTEND is the day after the last one (RFC 5545 § 3.6.1).
        item.add("dtstart", event.start_date)
        item.add("dtend", event.last_day + timedelta(days=1))
    if event.location or event.is_online:
        place = [event.location] if event.location else []
        if event.is_online:
            place.append(_("Online"))
        item.add("location", ", ".join(place))
    description = [event.description] if event.description else []
    if not span and (event.start_time or event.end_time):
        # The times the whole-day entry cannot carry, as the event page states them.
        description.append(event.when)
    if event.contact:
        description.append(_("Contact: %(name)s") % {"name": event.contact})
    if event.registration_url:
        description.append(_("Registration: %(url)s") % {"url": event.registration_url})
    if description:
        item.add("description", "\n\n".join(description))
    item.add("url", absolute(request, event.get_absolute_url()))
    item.add("status", STATUS[event.status])
    return item


def _utc_timezone():
    """A VTIMEZONE for UTC: RFC 5545 wants at least one component in a calendar, and a
    feed with no upcoming event has no VEVENT. It states what the times are in."""
    zone = Timezone()
    zone.add("tzid", "UTC")
    standard = TimezoneStandard()
    standard.add("dtstart", datetime(1970, 1, 1))
    standard.add("tzoffsetfrom", timedelta(0))
    standard.add("tzoffsetto", timedelta(0))
    standard.add("tzname", "UTC")
    zone.add_component(standard)
    return zone


def build_calendar(request, events, name, source=None):
    """The calendar of `events` (each known to the day); `source` is a feed's own address."""
    cal = Calendar()
    cal.add("prodid", "-//MOC reference centre//mocsite//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("name", name)  # RFC 7986
    cal.add("x-wr-calname", name)  # what Apple, Google and Outlook read
    if source:
        cal.add("source", source, parameters={"VALUE": "URI"})
        # Durations given as vDuration (one each: add() sets its parameters on the value):
        # icalendar before 7 does not know REFRESH-INTERVAL and would write "6:00:00".
        refresh = vDuration(FEED_REFRESH_INTERVAL)
        cal.add("refresh-interval", refresh, parameters={"VALUE": "DURATION"})
        cal.add("x-published-ttl", vDuration(FEED_REFRESH_INTERVAL))
    components = [calendar_event(request, event) for event in events]
    for component in components or [_utc_timezone()]:
        cal.add_component(component)
    return cal


def _response(cal, filename):
    response = HttpResponse(cal.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def calendar_response(request, events, name, filename):
    """One event's .ics file, to add to a calendar once."""
    return _response(build_calendar(request, events, name), filename)


def feed_response(request, events, name, filename):
    """A calendar to subscribe to: it carries its address and a refresh interval."""
    source = absolute(request, request.path)
    return _response(build_calendar(request, events, name, source=source), filename)


def upcoming_with_dates(events):
    """A calendar entry needs a day: upcoming events in preparation may have none yet."""
    return [event for event in events if event.has_exact_dates]


def feed_name(*parts):
    centre = Centre.get_profile()
    return " – ".join([centre.short_name, *parts] if centre else parts)


def disease_events_ics(request, slug):
    """The upcoming events about one disease, as a calendar to subscribe to."""
    disease = Disease.objects.published().by_any_slug(slug)
    if disease is None:
        raise Http404
    events = upcoming_with_dates(Event.objects.upcoming().filter(diseases=disease).for_listing())
    name = feed_name(_("Upcoming events"), disease.name)
    return feed_response(request, events, name, f"events-{disease.slug}.ics")
