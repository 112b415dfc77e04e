"""The team list and each member's page, with their latest works."""

from django.db.models import Prefetch
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views.generic import DetailView, ListView

from mocsite.paging import PlainPageNumbers
from mocsite.publishing import note_unpublished, private_when_unpublished, visible_to
from publications.models import Publication, Talk

from .. import structured_data
from ..models import Centre, Person

# How many of each member's latest publications and talks the team pages show; the
# publication list, filtered by member, has the rest.
TEAM_WORKS_SHOWN = 5


def people_with_latest_works(people=None):
    """Published members (or `people`), each with their latest works: two (sliced)
    prefetch queries in all, whatever the number of publications."""
    people = Person.objects.published() if people is None else people
    return people.prefetch_related(
        Prefetch(
            "publications",
            to_attr="latest_publications",
            queryset=Publication.objects.published()[:TEAM_WORKS_SHOWN],
        ),
        Prefetch(
            "talks", to_attr="latest_talks", queryset=Talk.objects.published()[:TEAM_WORKS_SHOWN]
        ),
    )


class TeamView(PlainPageNumbers, ListView):
    """The team, head of the centre first, a page at a time; each member's works are on
    their own page, so the list stays the same size however much they publish."""

    template_name = "centre/team.html"
    context_object_name = "people"
    paginate_by = 24

    def get_queryset(self):
        return Person.objects.published()


@method_decorator(private_when_unpublished, name="dispatch")
class PersonDetailView(DetailView):
    template_name = "centre/person_detail.html"
    context_object_name = "person"

    def get_queryset(self):
        return people_with_latest_works(visible_to(self.request, Person.objects))

    def get_object(self, queryset=None):
        return note_unpublished(self.request, super().get_object(queryset))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        person = self.object
        context["centre"] = centre = Centre.get_profile()  # the layout's, read once
        context["json_ld"] = structured_data.person(self.request, person, centre)
        context["breadcrumb_json_ld"] = structured_data.breadcrumbs(
            self.request,
            [
                (_("Home"), reverse("centre:home")),
                (_("Team"), reverse("centre:team")),
                (person.display_name, person.get_absolute_url()),
            ],
        )
        return context
