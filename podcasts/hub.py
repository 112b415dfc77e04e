"""The podcast section of a disease page (see centre/hub.py)."""

from .models import Series, series_with_episodes


def disease_podcasts(disease):
    """The disease's published series with its episodes: two queries, whatever the count."""
    series = series_with_episodes(Series.objects.published().filter(disease=disease)).first()
    if series is None or not series.published_episodes:
        return None
    return {"template": "podcasts/includes/disease_section.html", "series": series}
