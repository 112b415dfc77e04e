from django.core.management.base import BaseCommand

from centre.notifications import send_pending


class Command(BaseCommand):
    help = (
        "Send the staff notifications and visitor acknowledgements of contact requests "
        "that are still owed and due (failures are retried with a growing delay, then "
        "given up and shown to staff). Run it every minute (cron or a systemd timer): two "
        "runs at once, or a run and the web process, never send the same email twice."
    )

    def handle(self, *args, **options):
        due, sent = send_pending()
        self.stdout.write(f"{due} contact request(s) due, {sent} fully sent.")
        if sent < due:
            self.stderr.write(f"{due - sent} still pending; they will be retried.")
