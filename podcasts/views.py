"""Podcast pages: the series, one series, one episode. Queries stay flat with content:
the series list and each series' episodes are paged."""

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.generic import ListView

from centre.structured_data import breadcrumbs
from mocsite.links import language_links, page_query
from mocsite.paging import PlainPageNumbers, plain_number, requested_page
from mocsite.publishing import note_unpublished, private_when_unpublished, visible_to

from . import structured_data
from .models import Episode, Series, published_episodes

# Episodes a page of a series lists.
EPISODES_PAGE_SIZE = 20


class SeriesListView(PlainPageNumbers, ListView):
    """The series, in their order, 24 a page: full rows of the card grid, whether it
    shows 1, 2, 3 or 4 cards a row."""

    template_name = "podcasts/series_list.html"
    context_object_name = "series_list"
    paginate_by = 24

    def get_queryset(self):
        return Series.objects.for_listing()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["breadcrumb_json_ld"] = breadcrumbs(self.request, _trail())
        return context


def _trail(*pages):
    """The breadcrumb of a podcast page: home, podcasts, then `pages` (name, path)."""
    return [(_("Home"), reverse("centre:home")), (_("Podcasts"), reverse("podcasts:list")), *pages]


@private_when_unpublished
def series_detail(request, slug):
    """A series and its published episodes, EPISODES_PAGE_SIZE a page."""
    series = visible_to(request, Series.objects).select_related("disease").by_any_slug(slug)
    series = note_unpublished(request, series)
    if series is None:
        raise Http404
    if series.slug != slug:  # the other language's slug: this language's, same page
        number = plain_number(request.GET.get("page", ""))
        return redirect(series.get_absolute_url() + page_query(request, number), permanent=True)
    page_obj = requested_page(request, Paginator(published_episodes(series), EPISODES_PAGE_SIZE))
    episodes = list(page_obj.object_list)
    for episode in episodes:
        # Already loaded: get_absolute_url must not fetch it once per episode.
        episode.series = series
    context = {
        "series": series,
        "episodes": episodes,
        "page_obj": page_obj,
        "paginator": page_obj.paginator,
        "json_ld": structured_data.series(request, series, episodes),
        "breadcrumb_json_ld": breadcrumbs(
            request, _trail((series.title, series.get_absolute_url()))
        ),
        # With the page number: page 2 of the series is page 2 in the other language.
        "language_links": language_links(request, series),
    }
    return render(request, "podcasts/series_detail.html", context)


@private_when_unpublished
def episode_detail(request, series_slug, slug):
    episode = (
        visible_to(request, Episode.objects)
        .select_related("series__disease", "speaker_person")
        .by_any_slug(slug)
    )
    note_unpublished(request, episode)
    if episode is None or series_slug not in (episode.series.slug_fr, episode.series.slug_en):
        raise Http404
    if episode.slug != slug or episode.series.slug != series_slug:
        return redirect(episode, permanent=True)
    context = {
        "episode": episode,
        "series": episode.series,
        "json_ld": structured_data.episode(request, episode),
        "breadcrumb_json_ld": breadcrumbs(
            request,
            _trail(
                (episode.series.title, episode.series.get_absolute_url()),
                (episode.title, episode.get_absolute_url()),
            ),
        ),
        "language_links": language_links(request, episode),
    }
    return render(request, "podcasts/episode_detail.html", context)
