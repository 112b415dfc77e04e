"""`manage.py generate_content --factor 100`: multiplies the seed content, for benchmarks.

SYNTHETIC DATA, for a throwaway benchmark database only (`make bench`, tests/bench/harness.py
creates one): never run it on the production database. The copies are made of the
seed's own rows, so pages keep their real shape and size: titles, names and slugs get a
number (" 2", "-2"), both language columns are copied, identifiers that must be unique
(PMID, PMCID, DOI, NCT number, episode GUID) are generated in ranges no real record uses,
and ORPHA codes are left empty (a copy has none).

What grows with a centre is multiplied: team members, diseases, podcast series and
episodes, publications, talks, events, trials, registries and care protocols. What does
not (the centre itself, its missions, specialties, networks, key figures, page intros)
is left alone. Each copy's links (authors, speakers, diseases, contacts) point at a
random copy of the original link's target, with a fixed random seed: every person and
disease keeps, on average, as many publications, talks and events as in the seed, so
lists over everything (the team page) grow with the factor while a disease page keeps
its size. A factor of N leaves N times the seed rows (N - 1 copies of each).

Rows are written with bulk_create (minutes otherwise); what the models' save() derives
(an event's last day) is computed here. Running it twice does nothing the second time.
"""

import copy
import random
import uuid
from datetime import date

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.db.models.base import ModelState
from modeltranslation.translator import NotRegistered, translator

from centre.models import CareProtocol, Disease, Event, Person, Registry, SeedRecord, Trial
from mocsite.cache import clear_page_cache
from podcasts.models import Episode, Series
from publications.models import Publication, Talk

DONE_KEY = "generate_content:done"
# Generated identifiers start here: above every PMID, PMCID and NCT number in use.
PMID_BASE = 90_000_000
NCT_BASE = 90_000_000
DOI_PREFIX = "10.5555/moc-benchmark."  # 10.5555: Crossref's prefix for examples


def _languages():
    from django.conf import settings

    return [code for code, _name in settings.LANGUAGES]


def _translated(model):
    try:
        return set(translator.get_options_for_model(model).fields)
    except NotRegistered:
        return set()


def _shift_years(day, years):
    if day is None:
        return None
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return date(day.year - years, 2, 28)


class Copier:
    """Copies rows of one model, numbering the fields that name or address them."""

    def __init__(self, model, suffix_fields=(), slug_fields=()):
        self.model = model
        self.translated = _translated(model)
        self.suffix_fields = suffix_fields
        self.slug_fields = slug_fields

    def _columns(self, name):
        """A field's columns: the base column and, when translated, each language's."""
        if name in self.translated:
            return [name] + [f"{name}_{lang}" for lang in _languages()]
        return [name]

    def copy(self, obj, number):
        new = copy.copy(obj)
        new.__dict__ = dict(obj.__dict__)
        new._state = ModelState()
        new.pk = None
        # Raw values: for translated fields the base column and the language columns
        # are plain entries of __dict__ (the descriptor would read the active language).
        for name in self.suffix_fields:
            for column in self._columns(name):
                if new.__dict__.get(column):
                    new.__dict__[column] = f"{new.__dict__[column]} {number}"
        for name in self.slug_fields:
            for column in self._columns(name):
                if new.__dict__.get(column):
                    new.__dict__[column] = f"{new.__dict__[column]}-{number}"
        return new


class Command(BaseCommand):
    help = "Multiplies the seed content (synthetic rows, for benchmarks only)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--factor",
            type=int,
            default=100,
            help="Total content as a multiple of the seed (default 100).",
        )
        parser.add_argument("--random-seed", type=int, default=7)

    def handle(self, factor, random_seed, **options):
        if factor < 1:
            raise CommandError("--factor must be at least 1.")
        if SeedRecord.objects.filter(key=DONE_KEY).exists():
            self.stdout.write("Content already generated: nothing to do.")
            return
        self.rng = random.Random(random_seed)
        with transaction.atomic():
            created = self.generate(factor)
            SeedRecord.objects.create(key=DONE_KEY)
        # bulk_create sends no signal: empty the page cache and rebuild the search index.
        clear_page_cache()
        call_command("rebuild_search_index", verbosity=0)
        self.stdout.write(f"Generated {created} rows (factor {factor}).")

    # -- helpers --------------------------------------------------------------------------

    def pick(self, copies, pk):
        """A random copy (or the original) of the row `pk`, for a copied link."""
        if pk is None:
            return None
        return self.rng.choice(copies[pk])

    def multiply(self, copier, factor, adjust=None):
        """N - 1 copies of every row; returns {original pk: [original pk, copy pks…]}."""
        originals = list(copier.model._base_manager.order_by("pk"))
        batch, owners = [], []
        for number in range(2, factor + 1):
            for obj in originals:
                new = copier.copy(obj, number)
                if adjust:
                    adjust(new, obj, number)
                batch.append(new)
                owners.append(obj.pk)
        created = copier.model._base_manager.bulk_create(batch, batch_size=500)
        copies = {obj.pk: [obj.pk] for obj in originals}
        for owner, new in zip(owners, created, strict=True):
            copies[owner].append(new.pk)
        self.count += len(created)
        return copies, list(zip(owners, created, strict=True))

    def copy_m2m(self, model, field, made, target_copies):
        through = getattr(model, field).through
        source, target = f"{model._meta.model_name}_id", None
        for f in through._meta.fields:
            if f.is_relation and f.attname != source:
                target = f.attname
        links = {}
        for row in through.objects.values(source, target):
            links.setdefault(row[source], []).append(row[target])
        rows = []
        for owner, new in made:
            chosen = {self.pick(target_copies, t) for t in links.get(owner, [])}
            rows += [through(**{source: new.pk, target: t}) for t in chosen]
        through.objects.bulk_create(rows, batch_size=500)
        self.count += len(rows)

    # -- the content ----------------------------------------------------------------------

    def generate(self, factor):
        self.count = 0
        if factor == 1:
            return 0
        rng = self.rng
        serial = iter(range(1, 10**9))

        def person(new, obj, number):
            new.is_head = False

        people, _made = self.multiply(
            Copier(Person, suffix_fields=["last_name"], slug_fields=["slug"]), factor, person
        )

        def disease(new, obj, number):
            new.orpha_code = None  # a copy has no Orphanet number of its own
            new.is_focus = False  # the centre's focus stays on the seed's diseases

        diseases, _made = self.multiply(
            Copier(Disease, suffix_fields=["name"], slug_fields=["slug"]), factor, disease
        )
        disease_copy = {pk: dict(enumerate(pks, start=1)) for pk, pks in diseases.items()}

        # One series per disease: copy number N of a series belongs to copy N of its disease.
        def series(new, obj, number):
            new.disease_id = disease_copy[obj.disease_id][number]

        series_copies, _made = self.multiply(
            Copier(Series, suffix_fields=["title"], slug_fields=["slug"]), factor, series
        )
        series_copy = {pk: dict(enumerate(pks, start=1)) for pk, pks in series_copies.items()}

        def episode(new, obj, number):
            new.series_id = series_copy[obj.series_id][number]
            new.speaker_person_id = self.pick(people, obj.speaker_person_id)
            new.guid = uuid.uuid4()

        self.multiply(
            Copier(Episode, suffix_fields=["title"], slug_fields=["slug"]), factor, episode
        )

        def publication(new, obj, number):
            n = next(serial)
            new.pmid = str(PMID_BASE + n) if obj.pmid else ""
            new.pmcid = f"PMC{PMID_BASE + n}" if obj.pmcid else ""
            new.doi = f"{DOI_PREFIX}{n}" if obj.doi else ""
            years = rng.randrange(0, 25)  # spread over a quarter of a century
            new.date, new.date_end = (
                _shift_years(obj.date, years),
                _shift_years(obj.date_end, years),
            )
            if obj.date_text and new.date:
                new.date_text = ""

        _copies, made = self.multiply(
            Copier(Publication, suffix_fields=["title"]), factor, publication
        )
        self.copy_m2m(Publication, "team_authors", made, people)
        self.copy_m2m(Publication, "diseases", made, diseases)

        def talk(new, obj, number):
            years = rng.randrange(0, 25)
            new.date, new.date_end = (
                _shift_years(obj.date, years),
                _shift_years(obj.date_end, years),
            )
            if obj.date_text and new.date:
                new.date_text = ""

        _copies, made = self.multiply(
            Copier(Talk, suffix_fields=["title", "translated_title"]), factor, talk
        )
        self.copy_m2m(Talk, "team_speakers", made, people)

        def event(new, obj, number):
            years = rng.randrange(-1, 10)  # mostly past, a few next year
            new.start_date = _shift_years(obj.start_date, years)
            new.end_date = _shift_years(obj.end_date, years)
            new.last_day = new.compute_last_day()
            new.contact_person_id = self.pick(people, obj.contact_person_id)

        _copies, made = self.multiply(
            Copier(Event, suffix_fields=["title"], slug_fields=["slug"]), factor, event
        )
        self.copy_m2m(Event, "diseases", made, diseases)

        def trial(new, obj, number):
            new.nct_id = f"NCT{NCT_BASE + next(serial):08d}"
            new.disease_id = self.pick(diseases, obj.disease_id)

        self.multiply(Copier(Trial, suffix_fields=["title"]), factor, trial)

        def with_disease(new, obj, number):
            new.disease_id = self.pick(diseases, obj.disease_id)

        self.multiply(Copier(Registry, suffix_fields=["name"]), factor, with_disease)
        self.multiply(Copier(CareProtocol, suffix_fields=["title"]), factor, with_disease)
        return self.count
