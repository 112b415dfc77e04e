"""The admin site: titles, and the count of new contact requests on the index page."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _


class MocAdminSite(admin.AdminSite):
    site_header = _("MOC website administration")
    site_title = _("MOC administration")
    index_title = _("Site content and contact requests")
    index_template = "admin/moc_index.html"

    def index(self, request, extra_context=None):
        from centre.models import ContactRequest

        context = dict(extra_context or {})
        if request.user.has_perm("centre.view_contactrequest"):
            context["new_contact_requests"] = ContactRequest.objects.filter(
                status=ContactRequest.Status.NEW
            ).count()
        return super().index(request, context)
