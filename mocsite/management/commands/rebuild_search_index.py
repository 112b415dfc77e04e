from django.core.management.base import BaseCommand

from mocsite.cache import clear_page_cache
from mocsite.search import rebuild


class Command(BaseCommand):
    help = (
        "Rebuild the site search's index from every searchable row: after changes made "
        "without signals (queryset.update(), bulk_create(), loaddata, generate_content) "
        "or an upgrade that changes what is indexed."
    )

    def handle(self, *args, **options):
        count = rebuild()
        clear_page_cache()  # the empty search page lists the diseases
        self.stdout.write(f"Search index rebuilt: {count} entries.")
