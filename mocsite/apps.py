from django.contrib.admin.apps import AdminConfig


class MocAdminConfig(AdminConfig):
    """The admin, with the site's own AdminSite (new contact requests on the index)."""

    default_site = "mocsite.admin.MocAdminSite"
