"""The machinery behind `manage.py load_seed`.

Each app may have a `seed.py` module with a `load(seeder)` function. Every seed item has
a stable key; once an item has been loaded, its key is recorded in SeedRecord and the item
is never loaded or overwritten again, even if staff later edit or delete it.
"""

from importlib import import_module

from django.apps import apps
from django.db import transaction

from mocsite.search import index
from mocsite.templatetags.typography import french_spacing

from .models import SeedRecord


def tr(field, fr, en):
    """Both language columns of a translated field (French typography in the French)."""
    return {f"{field}_fr": french(fr), f"{field}_en": en}


def french(text):
    """French typography for seed text typed with plain spaces: a no-break space before
    : ; ? ! and inside « » (mocsite.templatetags.typography)."""
    return french_spacing(text, "fr") if isinstance(text, str) else text


class Seeder:
    def __init__(self):
        self.created = 0
        self.skipped = 0

    def ensure(self, key, model, lookup, values=None):
        """Create the item unless its key was loaded before; return the row or None.

        `lookup` identifies an existing row (created by hand before the seed ran: then it
        is adopted, not changed); `values` fill the other fields of a new row.
        """
        if SeedRecord.objects.filter(key=key).exists():
            self.skipped += 1
            return model.objects.filter(**lookup).first()
        obj = model.objects.filter(**lookup).first()
        if obj is None:
            obj = model(**{**lookup, **(values or {})})
            obj.full_clean(validate_unique=False, validate_constraints=False)
            obj.save()
            self.created += 1
        else:
            self.skipped += 1
        SeedRecord.objects.create(key=key)
        return obj

    def fill(self, key, obj, values):
        """Fill the empty fields of an existing row (new fields of a row loaded before)
        unless the key was loaded before; what staff already wrote is kept."""
        if obj is None or SeedRecord.objects.filter(key=key).exists():
            self.skipped += 1
            return
        empty = {name: value for name, value in values.items() if value and not getattr(obj, name)}
        for name, value in empty.items():
            setattr(obj, name, value)
        if empty:
            obj.save(update_fields=list(empty))
            self.created += 1
        else:
            self.skipped += 1
        SeedRecord.objects.create(key=key)

    def find(self, model, **lookup):
        """A row another seed item may refer to (for example a disease), or None."""
        return model.objects.filter(**lookup).first()


def seed_modules():
    for config in apps.get_app_configs():
        try:
            yield import_module(f"{config.name}.seed")
        except ModuleNotFoundError as error:
            if error.name != f"{config.name}.seed":
                raise


def load_all():
    seeder = Seeder()
    # One index build at the end rather than one per save (docs/search.md).
    with transaction.atomic(), index.deferred():
        for module in seed_modules():
            module.load(seeder)
    return seeder
