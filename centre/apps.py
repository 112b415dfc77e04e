from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _

CONTACT_HANDLERS_GROUP = "Contact handlers"
# Exactly what triage needs: read requests, change their status, assignment and notes.
CONTACT_HANDLER_PERMISSIONS = ["view_contactrequest", "change_contactrequest"]


def create_contact_handlers_group(sender, **kwargs):
    from django.contrib.auth.models import Group, Permission

    group, _created = Group.objects.get_or_create(name=CONTACT_HANDLERS_GROUP)
    permissions = Permission.objects.filter(
        content_type__app_label="centre", codename__in=CONTACT_HANDLER_PERMISSIONS
    )
    group.permissions.set(permissions)


class CentreConfig(AppConfig):
    name = "centre"
    verbose_name = _("Centre")

    def ready(self):
        post_migrate.connect(
            create_contact_handlers_group, sender=self, dispatch_uid="centre.contact_handlers_group"
        )
        from . import search

        search.register()
