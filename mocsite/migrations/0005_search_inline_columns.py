"""The short columns the search reads for every matching entry stay in the row.

0001 stored every text column of SearchEntry out of the row (STORAGE EXTERNAL) so that a
scan reads narrow rows. But PostgreSQL moves EXTERNAL columns out as long as the row is
over about 2 KB, the short ones too: `names` (read for every match, for the exact-name
tier) and the addresses were then one TOAST lookup each, per matching row — 1,300 rows
and 4,000 buffers for "ostéogenèse" at 100 times the seed, instead of 400. With STORAGE
MAIN they stay in the row (they are a few dozen bytes; the long texts still go out
first). The entries are written again so that the rows already there follow the new
storage (a storage change applies to the values written after it).
"""

from django.db import migrations

INLINE = ("names", "identifiers", "url_fr", "url_en")


def _statements(storage):
    return [
        "ALTER TABLE mocsite_searchentry "
        + ", ".join(f"ALTER COLUMN {column} SET STORAGE {storage}" for column in INLINE),
        # `|| ''` makes a new value, stored by the new rule (an unchanged one keeps its
        # TOAST pointer).
        "UPDATE mocsite_searchentry SET "
        + ", ".join(f"{column} = {column} || ''" for column in INLINE),
    ]


def on_postgresql(storage):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for statement in _statements(storage):
                schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("mocsite", "0004_publishing")]

    operations = [migrations.RunPython(on_postgresql("MAIN"), on_postgresql("EXTERNAL"))]
