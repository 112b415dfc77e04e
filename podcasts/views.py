"""Podcast pages: the series, one series, one episode. Queries stay flat with content."""

from django.http import Http404
from django.shortcuts import redirect
from django.utils.decorators import method_decorator
from django.views.generic import ListView

from mocsite.context_processors import absolute
from mocsite.fragments import render_page, whole_page
from mocsite.slugs import cached_by_any_slug

from .models import Episode, Series, series_with_episodes


@method_decorator(whole_page, name="dispatch")
class SeriesListView(ListView):
    template_name = "podcasts/series_list.html"
    context_object_name = "series_list"

    def get_queryset(self):
        return Series.objects.for_listing()


def series_json_ld(request, series):
    data = {
        "@context": "https://schema.org",
        "@type": "PodcastSeries",
        "name": series.title,
        "url": absolute(request, series.get_absolute_url()),
        "inLanguage": request.LANGUAGE_CODE,
        "webFeed": absolute(request, series.get_feed_url()),
        "about": {"@type": "MedicalCondition", "name": series.disease.name},
    }
    if series.description:
        data["description"] = series.description
    if series.artwork:
        data["image"] = absolute(request, series.artwork.url)
    return data


@whole_page
def series_detail(request, slug):
    series = cached_by_any_slug(
        request,
        "series",
        lambda: series_with_episodes(Series.objects.published().select_related("disease")),
        slug,
    )
    if series is None:
        raise Http404
    if series.slug != slug:
        return redirect(series, permanent=True)
    request.translatable_object = series

    def json_ld():  # built only when the page's cached fragments are not
        data = series_json_ld(request, series)
        data["episode"] = [
            {
                "@type": "PodcastEpisode",
                "name": episode.title,
                "url": absolute(request, _episode_url(series, episode)),
            }
            for episode in series.published_episodes
        ]
        return data

    context = {"series": series, "episodes": series.published_episodes, "json_ld": json_ld}
    return render_page(request, "podcasts/series_detail.html", context)


def _episode_url(series, episode):
    # The series is already loaded: do not let get_absolute_url fetch it once per episode.
    episode.series = series
    return episode.get_absolute_url()


@whole_page
def episode_detail(request, series_slug, slug):
    episode = cached_by_any_slug(
        request,
        "episode",
        lambda: Episode.objects.published().select_related("series__disease", "speaker_person"),
        slug,
    )
    if episode is None or series_slug not in (episode.series.slug_fr, episode.series.slug_en):
        raise Http404
    if episode.slug != slug or episode.series.slug != series_slug:
        return redirect(episode, permanent=True)
    request.translatable_object = episode
    context = {
        "episode": episode,
        "series": episode.series,
        # built only when the page's cached fragments are not
        "json_ld": lambda: episode_json_ld(request, episode),
    }
    return render_page(request, "podcasts/episode_detail.html", context)


def episode_json_ld(request, episode):
    series = episode.series
    data = {
        "@context": "https://schema.org",
        "@type": "PodcastEpisode",
        "name": episode.title,
        "url": absolute(request, episode.get_absolute_url()),
        "inLanguage": request.LANGUAGE_CODE,
        "partOfSeries": {
            "@type": "PodcastSeries",
            "name": series.title,
            "url": absolute(request, series.get_absolute_url()),
        },
        "about": {"@type": "MedicalCondition", "name": series.disease.name},
    }
    if episode.questions:
        data["description"] = " ".join(episode.question_list)
    if episode.published_on:
        data["datePublished"] = episode.published_on.isoformat()
    if episode.has_audio:
        audio_url = episode.audio_src
        if audio_url.startswith("/"):
            audio_url = absolute(request, audio_url)
        data["associatedMedia"] = {"@type": "MediaObject", "contentUrl": audio_url}
        if episode.audio_mime_type:
            data["associatedMedia"]["encodingFormat"] = episode.audio_mime_type
        if episode.duration is not None:
            data["timeRequired"] = episode.duration_iso
            data["associatedMedia"]["duration"] = episode.duration_iso
    if episode.transcript:
        data["transcript"] = "\n\n".join(episode.transcript_paragraphs)
    speaker = {"@type": "Person", "name": episode.speaker_name}
    if episode.speaker_person:
        speaker["url"] = absolute(request, episode.speaker_person.get_absolute_url())
    data["actor"] = speaker
    return data
