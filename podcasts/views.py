"""Podcast pages: the series, one series, one episode. Queries stay flat with content."""

from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.generic import ListView

from centre.structured_data import breadcrumbs
from mocsite.links import language_links
from mocsite.publishing import note_unpublished, private_when_unpublished, visible_to

from . import structured_data
from .models import Episode, Series, series_with_episodes


class SeriesListView(ListView):
    template_name = "podcasts/series_list.html"
    context_object_name = "series_list"

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
    series = visible_to(request, Series.objects).select_related("disease")
    series = note_unpublished(request, series_with_episodes(series).by_any_slug(slug))
    if series is None:
        raise Http404
    if series.slug != slug:
        return redirect(series, permanent=True)
    episodes = series.published_episodes
    for episode in episodes:
        # Already loaded: get_absolute_url must not fetch it once per episode.
        episode.series = series
    context = {
        "series": series,
        "episodes": episodes,
        "json_ld": structured_data.series(request, series, episodes),
        "breadcrumb_json_ld": breadcrumbs(
            request, _trail((series.title, series.get_absolute_url()))
        ),
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
