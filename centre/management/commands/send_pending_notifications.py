from django.core.management.base import BaseCommand

from centre.contact import send_pending


class Command(BaseCommand):
    help = (
        "Send the staff notifications and visitor acknowledgements of contact requests "
        "that could not be sent yet. Safe to run from cron: never sends an email twice."
    )

    def handle(self, *args, **options):
        pending, done = send_pending()
        self.stdout.write(f"{pending} contact request(s) pending, {done} fully sent.")
        if done < pending:
            self.stderr.write(f"{pending - done} still pending; they will be retried.")
