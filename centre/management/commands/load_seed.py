from django.core.management import call_command
from django.core.management.base import BaseCommand

from centre.seeding import load_all


class Command(BaseCommand):
    help = (
        "Load the site's seed content in French and English. Safe to run again: an item "
        "loaded once is never loaded or overwritten again."
    )

    def handle(self, *args, **options):
        seeder = load_all()
        self.stdout.write(
            f"Seed content: {seeder.created} created, {seeder.skipped} already there."
        )
        # A first version in the history of every item that has none (docs/history.md).
        call_command("createinitialrevisions", comment="Initial version", verbosity=0)
