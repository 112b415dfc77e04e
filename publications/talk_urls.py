"""Talks live at their own translated address (/fr/communications/, /en/talks/)."""

from django.urls import path

from . import views

app_name = "talks"

urlpatterns = [
    path("", views.TalkListView.as_view(), name="list"),
]
