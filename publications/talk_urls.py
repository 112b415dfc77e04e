"""Talks live at their own translated address (/fr/communications/, /en/talks/)."""

from django.urls import path

from . import opendata, views

app_name = "talks"

urlpatterns = [
    path("", views.TalkListView.as_view(), name="list"),
    path("data.<slug:fmt>", opendata.talks, name="data"),
]
