from django.conf import settings
from django.core.management.base import BaseCommand

from centre.models import ContactRequest


class Command(BaseCommand):
    help = (
        "Delete contact requests older than the retention period "
        "(CONTACT_RETENTION_DAYS, stated on the privacy page)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Only count what would be deleted."
        )

    def handle(self, *args, dry_run=False, **options):
        expired = ContactRequest.objects.past_retention()
        count = expired.count()
        days = settings.CONTACT_RETENTION_DAYS
        if dry_run:
            self.stdout.write(
                f"{count} contact request(s) older than {days} days would be "
                "deleted (dry run: nothing deleted)."
            )
            return
        expired.delete()
        self.stdout.write(f"{count} contact request(s) older than {days} days deleted.")
