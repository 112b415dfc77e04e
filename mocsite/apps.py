from django.apps import AppConfig
from django.contrib.admin.apps import AdminConfig


class MocsiteConfig(AppConfig):
    """What every app uses: uploads, images, shared querysets, the page cache."""

    name = "mocsite"
    verbose_name = "MOC"

    def ready(self):
        from . import checks  # noqa: F401 (registers the deploy checks)
        from .cache import connect_signals

        connect_signals()
        from .history import connect as connect_history

        connect_history()  # versions of the content and the redirects of moved addresses
        from .admin_history import register as register_history_admin

        register_history_admin()  # the redirects' admin


class MocAdminConfig(AdminConfig):
    """The admin, with the site's own AdminSite (new contact requests on the index)."""

    default_site = "mocsite.admin.MocAdminSite"

    def ready(self):
        super().ready()
        from .admin_labels import name_technical_apps

        name_technical_apps()
