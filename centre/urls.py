from django.urls import path
from django.utils.translation import gettext_lazy as _

from . import views

app_name = "centre"

urlpatterns = [
    path("", views.home, name="home"),
    path(_("centre/"), views.about, name="about"),
    path(_("team/"), views.team, name="team"),
    path(_("diseases/"), views.disease_list, name="disease_list"),
    path(_("diseases/<slug:slug>/"), views.disease_detail, name="disease_detail"),
    path(_("contact/"), views.contact, name="contact"),
    path(_("legal-notice/"), views.legal_notice, name="legal_notice"),
    path(_("privacy/"), views.privacy, name="privacy"),
    path(_("accessibility/"), views.accessibility, name="accessibility"),
]
