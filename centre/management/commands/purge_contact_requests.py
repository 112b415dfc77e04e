from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone

from centre.models import ContactRequest
from centre.models.contact import ContactRateLimit


class Command(BaseCommand):
    help = (
        "Delete contact requests older than the retention period (CONTACT_RETENTION_DAYS, "
        "stated on the privacy page), suspected and marked spam older than "
        "CONTACT_SPAM_RETENTION_DAYS, and the rate-limit counters of past windows."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Only count what would be deleted."
        )

    def handle(self, *args, dry_run=False, **options):
        now = timezone.now()
        expired = ContactRequest.objects.past_retention(now)
        count = expired.count()
        spam = expired.held().count()
        details = (
            f"{count - spam} older than {settings.CONTACT_RETENTION_DAYS} days, {spam} spam "
            f"older than {settings.CONTACT_SPAM_RETENTION_DAYS} days"
        )
        if dry_run:
            self.stdout.write(
                f"{count} contact request(s) would be deleted ({details}): dry run, "
                "nothing deleted."
            )
            return
        expired.delete()
        ContactRateLimit.objects.expired(now).delete()
        self.stdout.write(f"{count} contact request(s) deleted ({details}).")
