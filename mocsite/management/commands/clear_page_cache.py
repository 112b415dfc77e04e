from django.core.management.base import BaseCommand

from mocsite.cache import clear_page_cache


class Command(BaseCommand):
    help = "Empty the page cache, so every page is rendered afresh (a step of every deploy)."

    def handle(self, *args, **options):
        clear_page_cache()
        self.stdout.write("Page cache emptied.")
