"""Events: the paged list, each event's page, and their iCalendar files."""

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views.generic import DetailView, ListView

from mocsite.links import language_links
from mocsite.paging import PlainPageNumbers
from mocsite.publishing import note_unpublished, private_when_unpublished, visible_to

from .. import calendar, structured_data
from ..models import Event, PageIntro


class EventListView(PlainPageNumbers, ListView):
    """Every event, a page at a time: upcoming ones (soonest first), then those without a
    date, then past ones (latest first), each page cut into those sections."""

    template_name = "centre/event_list.html"
    context_object_name = "events"
    paginate_by = 20

    def get_queryset(self):
        return Event.objects.in_list_order().for_listing()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["intro"] = PageIntro.text_for(PageIntro.Page.EVENTS)
        sections = {Event.UPCOMING: [], Event.UNDATED: [], Event.PAST: []}
        for event in context["events"]:
            sections[event.timing].append(event)
        context["upcoming"] = sections[Event.UPCOMING]
        context["undated"] = sections[Event.UNDATED]
        context["past"] = sections[Event.PAST]
        return context


@method_decorator(private_when_unpublished, name="dispatch")
class EventDetailView(DetailView):
    def get_queryset(self):
        events = visible_to(self.request, Event.objects)
        return events.for_listing().prefetch_related("diseases")

    def get_object(self, queryset=None):
        return note_unpublished(self.request, super().get_object(queryset))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["json_ld"] = structured_data.event(self.request, self.object)
        context["breadcrumb_json_ld"] = structured_data.breadcrumbs(
            self.request,
            [
                (_("Home"), reverse("centre:home")),
                (_("Events"), reverse("centre:event_list")),
                (self.object.title, self.object.get_absolute_url()),
            ],
        )
        context["language_links"] = language_links(self.request, self.object)
        return context


def event_ics(request, slug):
    event = get_object_or_404(Event.objects.published().for_listing(), slug=slug)
    if not event.has_exact_dates:
        # A calendar entry needs a day; year-only or undated events have none.
        raise Http404
    return calendar.calendar_response(request, [event], event.title, f"{event.slug}.ics")


def upcoming_events_ics(request):
    events = calendar.upcoming_with_dates(Event.objects.upcoming().for_listing())
    name = calendar.feed_name(_("Upcoming events"))
    return calendar.feed_response(request, events, name, "upcoming-events.ics")
