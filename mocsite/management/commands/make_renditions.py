"""Record sizes and make the missing renditions of every uploaded image.

Run it after restoring media from a backup or changing IMAGE_RENDITION_WIDTHS;
`--force` remakes every rendition.
"""

from django.apps import apps
from django.core.management.base import BaseCommand

from mocsite.cache import clear_page_cache
from mocsite.images import backfill
from mocsite.uploads import CheckedImageField


class Command(BaseCommand):
    help = "Make the missing responsive renditions of uploaded images."

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help="Remake every rendition, not only the missing ones.",
        )

    def handle(self, *args, force=False, **options):
        total = 0
        for model in apps.get_models():
            for field in model._meta.get_fields():
                if isinstance(field, CheckedImageField):
                    total += backfill(model, field.name, force=force)
        # backfill() records image sizes with queryset.update(), which sends no signal:
        # empty the page cache so that pages show the new sizes and renditions at once.
        clear_page_cache()
        self.stdout.write(f"{total} rendition files written.")
