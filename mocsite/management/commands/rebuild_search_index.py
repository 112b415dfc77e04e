from django.core.management.base import BaseCommand
from django.db import connection

from mocsite.cache import clear_page_cache
from mocsite.models import SearchEntry, SearchTerm
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
        vacuum()
        self.stdout.write(f"Search index rebuilt: {count} entries.")


def vacuum():
    """On PostgreSQL, outside a transaction: the rows the rebuild replaced (every entry,
    twice: written, then given its vectors) are cleared at once, and the planner's
    statistics renewed, instead of searches reading past them until autovacuum comes."""
    if connection.vendor != "postgresql" or connection.in_atomic_block:
        return
    tables = ", ".join(
        connection.ops.quote_name(m._meta.db_table) for m in (SearchEntry, SearchTerm)
    )
    with connection.cursor() as cursor:
        cursor.execute(f"VACUUM (ANALYZE) {tables}")
