"""`manage.py refresh_cached_pages`: start a new content generation (mocsite/cache.py)."""

from django.core.management.base import BaseCommand, CommandError

from mocsite.cache import bump_generation, generation


class Command(BaseCommand):
    help = (
        "Start a new content generation: every cached page, fragment and object is built "
        "afresh on its next request, on every server sharing the cache. Run it after each "
        "deploy (new templates or models must not meet pages kept by the previous release) "
        "and after changing content outside the admin (queryset.update(), the shell)."
    )

    def handle(self, *args, **options):
        try:
            before = generation()
            bump_generation()
            after = generation()
        except Exception as error:  # the shared cache is unreachable
            raise CommandError(f"The cache could not be reached: {error}") from error
        self.stdout.write(
            f"Content generation {before} → {after}: cached pages will be "
            "rebuilt on their next request."
        )
