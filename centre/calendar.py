"""iCalendar (RFC 5545) files of the centre's events: one event, or the upcoming ones."""

from datetime import datetime, timedelta

from django.conf import settings
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar
from icalendar import Event as CalendarEvent

from mocsite.links import absolute

from .models import Event


def calendar_event(request, event):
    item = CalendarEvent()
    host = settings.SITE_URL.split("://")[-1] or request.get_host()
    item.add("uid", f"event-{event.pk}@{host}")
    item.add("dtstamp", event.updated_at or timezone.now())
    item.add("summary", event.title)
    if event.start_time:
        zone = timezone.get_default_timezone()
        start = timezone.make_aware(datetime.combine(event.start_date, event.start_time), zone)
        item.add("dtstart", start)
        if event.end_time:
            end = timezone.make_aware(
                datetime.combine(event.end_date or event.start_date, event.end_time), zone
            )
            item.add("dtend", end)
    else:
        # All-day events: DTEND is the day after the last one (RFC 5545).
        item.add("dtstart", event.start_date)
        item.add("dtend", event.last_day + timedelta(days=1))
    if event.location or event.is_online:
        place = [event.location] if event.location else []
        if event.is_online:
            place.append(_("Online"))
        item.add("location", ", ".join(place))
    description = [event.description] if event.description else []
    if event.contact:
        description.append(_("Contact: %(name)s") % {"name": event.contact})
    if event.registration_url:
        description.append(_("Registration: %(url)s") % {"url": event.registration_url})
    if description:
        item.add("description", "\n\n".join(description))
    item.add("url", absolute(request, event.get_absolute_url()))
    item.add(
        "status",
        {
            Event.Status.SCHEDULED: "CONFIRMED",
            Event.Status.IN_PREPARATION: "TENTATIVE",
            Event.Status.CANCELLED: "CANCELLED",
        }[event.status],
    )
    return item


def calendar_response(request, events, name, filename):
    cal = Calendar()
    cal.add("prodid", "-//MOC reference centre//mocsite//EN")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", name)
    for event in events:
        cal.add_component(calendar_event(request, event))
    if hasattr(cal, "add_missing_timezones"):
        cal.add_missing_timezones()
    response = HttpResponse(cal.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
