from django.urls import path

from . import feeds, opendata, views

app_name = "publications"

urlpatterns = [
    path("", views.PublicationListView.as_view(), name="list"),
    path("export/<slug:fmt>/", views.export_list, name="export_list"),
    path("<int:pk>/", views.PublicationDetailView.as_view(), name="detail"),
    path("<int:pk>/export/<slug:fmt>/", views.export_detail, name="export_detail"),
    path("feed/", feeds.PublicationFeed(), name="feed"),
    path("feed/<slug:disease>/", feeds.PublicationFeed(), name="disease_feed"),
    path("data.<slug:fmt>", opendata.publications, name="data"),
]
