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
