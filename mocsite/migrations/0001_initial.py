"""The site search's index (mocsite/search/).

On PostgreSQL it also creates the unaccent and pg_trgm extensions, the moc_french and
moc_english text search configurations (french and english with unaccent first and the
Snowball stemmer without stop words: the query drops function words itself, so every
word of a page stays findable) and the GIN indexes of the tsvector, and of the identifiers
and the vocabulary (trigrams: LIKE and similarity). On SQLite these steps do nothing: the search matches folded copies there.
"""

import datetime

import django.contrib.postgres.search
import django.db.models.deletion
from django.contrib.postgres.operations import TrigramExtension, UnaccentExtension
from django.db import migrations, models

CONFIGURATIONS = {"moc_french": "french", "moc_english": "english"}
LETTERS = "asciiword, asciihword, hword_asciipart, word, hword, hword_part"

POSTGRESQL = []
POSTGRESQL_REVERSE = []
for name, language in CONFIGURATIONS.items():
    POSTGRESQL += [
        f"CREATE TEXT SEARCH DICTIONARY {name}_stem (TEMPLATE = snowball, LANGUAGE = {language})",
        f"CREATE TEXT SEARCH CONFIGURATION {name} (COPY = pg_catalog.{language})",
        f"ALTER TEXT SEARCH CONFIGURATION {name} ALTER MAPPING FOR {LETTERS} "
        f"WITH unaccent, {name}_stem",
    ]
    POSTGRESQL_REVERSE += [
        f"DROP TEXT SEARCH CONFIGURATION IF EXISTS {name}",
        f"DROP TEXT SEARCH DICTIONARY IF EXISTS {name}_stem",
    ]
POSTGRESQL += [
    "CREATE INDEX mocsite_searchentry_vector_gin ON mocsite_searchentry USING gin (vector)",
    "CREATE INDEX mocsite_searchentry_identifiers_trgm ON mocsite_searchentry USING gin "
    "(identifiers gin_trgm_ops)",
    "CREATE INDEX mocsite_searchterm_word_trgm ON mocsite_searchterm USING gin "
    "(word gin_trgm_ops)",
]
# Long texts out of the row (uncompressed), the tsvectors in it: a scan of the entries
# then reads narrow rows and never decompresses a vector.
TEXTS = ["words", "names", "identifiers", "folded_title", "folded_keywords", "folded_body"]
TEXTS += [f"{name}_{code}" for name in ("title", "alt", "keywords", "body", "meta") for code in ("fr", "en")]
POSTGRESQL.append(
    "ALTER TABLE mocsite_searchentry "
    + ", ".join(f"ALTER COLUMN {column} SET STORAGE EXTERNAL" for column in TEXTS)
    + ", "
    + ", ".join(
        f"ALTER COLUMN {column} SET STORAGE MAIN"
        for column in ("vector", "vector_title", "vector_keywords")
    )
)
POSTGRESQL_REVERSE = [
    "DROP INDEX IF EXISTS mocsite_searchentry_vector_gin",
    "DROP INDEX IF EXISTS mocsite_searchentry_identifiers_trgm",
    "DROP INDEX IF EXISTS mocsite_searchterm_word_trgm",
] + POSTGRESQL_REVERSE


def on_postgresql(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for statement in statements:
                schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('contenttypes', '0002_remove_content_type_name'),
    ]

    operations = [
        UnaccentExtension(),
        TrigramExtension(),
        migrations.CreateModel(
            name='SearchTerm',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('word', models.CharField(max_length=60)),
                ('display', models.CharField(max_length=60)),
                ('length', models.PositiveSmallIntegerField()),
                ('visible_from', models.DateField(default=datetime.date(2000, 1, 1))),
                ('entries', models.PositiveIntegerField(default=0)),
            ],
            options={
                'verbose_name': 'search term',
                'verbose_name_plural': 'search terms',
                'indexes': [models.Index(fields=['length'], name='mocsite_sea_length_00b0c7_idx')],
                'constraints': [models.UniqueConstraint(fields=('word', 'visible_from'), name='search_term_unique')],
            },
        ),
        migrations.CreateModel(
            name='SearchEntry',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('key', models.CharField(max_length=120, unique=True)),
                ('object_id', models.PositiveBigIntegerField(blank=True, null=True)),
                ('kind', models.CharField(max_length=20)),
                ('priority', models.PositiveSmallIntegerField(default=0)),
                ('title_fr', models.TextField(blank=True)),
                ('title_en', models.TextField(blank=True)),
                ('alt_fr', models.TextField(blank=True)),
                ('alt_en', models.TextField(blank=True)),
                ('keywords_fr', models.TextField(blank=True)),
                ('keywords_en', models.TextField(blank=True)),
                ('body_fr', models.TextField(blank=True)),
                ('body_en', models.TextField(blank=True)),
                ('meta_fr', models.TextField(blank=True)),
                ('meta_en', models.TextField(blank=True)),
                ('url_fr', models.CharField(blank=True, max_length=500)),
                ('url_en', models.CharField(blank=True, max_length=500)),
                ('identifiers', models.TextField(blank=True)),
                ('names', models.TextField(blank=True)),
                ('words', models.TextField(blank=True)),
                ('folded_title', models.TextField(blank=True)),
                ('folded_keywords', models.TextField(blank=True)),
                ('folded_body', models.TextField(blank=True)),
                ('vector', django.contrib.postgres.search.SearchVectorField(blank=True, null=True)),
                ('vector_title', django.contrib.postgres.search.SearchVectorField(blank=True, null=True)),
                ('vector_keywords', django.contrib.postgres.search.SearchVectorField(blank=True, null=True)),
                ('date', models.DateField(blank=True, null=True)),
                ('visible', models.BooleanField(default=False)),
                ('visible_from', models.DateField(blank=True, null=True)),
                ('updated_at', models.DateTimeField(auto_now=True)),
                ('content_type', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, to='contenttypes.contenttype')),
            ],
            options={
                'verbose_name': 'search entry',
                'verbose_name_plural': 'search entries',
                'indexes': [models.Index(fields=['content_type', 'object_id'], name='mocsite_sea_content_4cc705_idx')],
            },
        ),
        migrations.RunPython(on_postgresql(POSTGRESQL), on_postgresql(POSTGRESQL_REVERSE)),
    ]
