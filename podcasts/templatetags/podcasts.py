"""`{% disease_podcasts disease %}`: the podcast section of a disease page;
`{% latest_episodes %}`: the home page's latest episodes."""

from django import template
from django.db.models import F

from podcasts.models import Episode

register = template.Library()

# The first episodes of the disease's series; the series page has them all.
DISEASE_EPISODES_SHOWN = 10
# What podcasts/includes/episode_item.html shows of an episode (and its address).
EPISODE_ITEM_FIELDS = (
    "title",
    "slug",
    "series",
    "speaker_name",
    "audio_file",
    "audio_url",
    "duration",
)


@register.inclusion_tag("podcasts/includes/disease_section.html")
def disease_podcasts(disease):
    """The first published episodes of the disease's series (one series a disease), with
    the series, in one query; nothing when there is none. Only what the section shows
    (not the transcripts, nor the rest of the series)."""
    episodes = list(
        Episode.objects.published()
        .filter(series__disease=disease)
        .select_related("series")
        .only(*EPISODE_ITEM_FIELDS, "series__title", "series__slug")[:DISEASE_EPISODES_SHOWN]
    )
    series = episodes[0].series if episodes else None
    return {"series": series, "episodes": episodes}


# The home page's latest episodes; the podcast page has them all.
HOME_EPISODES_SHOWN = 3


@register.inclusion_tag("podcasts/includes/latest_episodes.html")
def latest_episodes():
    """One query: the latest published episodes (by publication date, then the newest
    rows), with their series; only what the list shows (not the transcripts)."""
    episodes = (
        Episode.objects.published()
        .select_related("series")
        .only("title", "slug", "series__title", "series__slug")
        .order_by(F("published_on").desc(nulls_last=True), "-pk")
    )
    return {"episodes": list(episodes[:HOME_EPISODES_SHOWN])}
