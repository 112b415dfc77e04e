from django.urls import path

from . import views

app_name = "publications"

urlpatterns = [
    path("", views.PublicationListView.as_view(), name="list"),
    path("export/<slug:fmt>/", views.export_list, name="export_list"),
    path("<int:pk>/", views.PublicationDetailView.as_view(), name="detail"),
    path("<int:pk>/export/<slug:fmt>/", views.export_detail, name="export_detail"),
]
