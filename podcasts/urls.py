from django.urls import path

from . import feeds, views

app_name = "podcasts"

# The feed pattern comes before the episode pattern, which would otherwise take "rss".
urlpatterns = [
    path("", views.SeriesListView.as_view(), name="list"),
    path("<slug:slug>/", views.series_detail, name="series"),
    path("<slug:slug>/rss/", feeds.SeriesFeed(), name="feed"),
    path("<slug:series_slug>/<slug:slug>/", views.episode_detail, name="episode"),
]
