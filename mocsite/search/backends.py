"""The two ways the search matches words, one per database (docs/search.md, "Engines").

PostgreSQL matches each entry's weighted tsvector with to_tsquery through the moc_french
and moc_english configurations (unaccent, then the Snowball stemmer, no stop words) and
finds candidate typos with pg_trgm's similarity; SQLite (and any other database) matches
the folded stems with LIKE and takes the vocabulary words of a similar length. Both give
mocsite.search.engine the same Q objects, so one query serves both.
"""

from django.conf import settings
from django.contrib.postgres.search import SearchVector
from django.db import connection
from django.db.models import BooleanField, Q
from django.db.models.expressions import RawSQL
from django.utils import timezone

from mocsite.models import SearchEntry, SearchTerm

from . import text

CONFIGS = {"fr": "moc_french", "en": "moc_english"}
LANGUAGES = [code for code, _name in settings.LANGUAGES]
# pg_trgm similarity above which a word may be a misspelling of another (the lowest seen
# for one typo in five letters is 0.2; pg_trgm's own default, 0.3, misses some of them).
TRIGRAM_THRESHOLD = 0.15
# Where a word is found: titles and other names, keywords, body.
A, B, C = "A", "B", "C"


def visible_now():
    now = timezone.now()
    return (
        Q(visible=True)
        & (Q(visible_from__isnull=True) | Q(visible_from__lte=timezone.localdate()))
        & (Q(live_from__isnull=True) | Q(live_from__lte=now))
        & (Q(live_until__isnull=True) | Q(live_until__gt=now))
    )


def _merge(*padded):
    found = dict.fromkeys(s for p in padded for s in p.split())
    return f" {' '.join(found)} " if found else ""


class LikeBackend:
    """SQLite (and any database but PostgreSQL): LIKE over folded, stemmed copies."""

    columns = {A: "folded_title", B: "folded_keywords", C: "folded_body"}

    def prepare(self, entry):
        def stemmed(name):
            return _merge(
                *(
                    text.stemmed(" ".join(getattr(entry, f"{n}_{code}") for n in name), code)
                    for code in LANGUAGES
                )
            )

        entry.folded_title = stemmed(("title", "alt"))
        entry.folded_keywords = stemmed(("keywords",))
        entry.folded_body = stemmed(("body",))

    def saved(self, pks):
        pass

    def every(self, terms):
        return all_of(self.hit(term, A + B + C) for term in terms)

    def hit(self, term, weights):
        match = Q()
        for form in term.forms:
            for s in text.stems(form):
                needle = f" {s}" if term.prefix else f" {s} "
                for weight in weights:
                    match |= Q(**{f"{self.columns[weight]}__contains": needle})
        return match

    def vocabulary(self, words):
        near = Q()
        for word in words:
            near |= Q(length__range=(len(word) - 2, len(word) + 2)) | Q(word__startswith=word)
        return SearchTerm.objects.filter(near)


class PostgresBackend:
    """PostgreSQL: tsvectors, and pg_trgm for the vocabulary.

    `vector` (titles A, keywords B, body C) is what the GIN index finds entries by;
    `vector_title` and `vector_keywords`, small, say cheaply where a word was found.
    """

    vectors = {A: "vector_title", B: "vector_keywords", A + B + C: "vector"}

    def prepare(self, entry):
        entry.folded_title = entry.folded_keywords = entry.folded_body = ""

    def saved(self, pks):
        entries = (
            SearchEntry.objects.all() if pks is None else SearchEntry.objects.filter(pk__in=pks)
        )
        entries.update(
            vector=self.vector(A, B, C), vector_title=self.vector(A), vector_keywords=self.vector(B)
        )

    @staticmethod
    def vector(*weights):
        fields = {A: ("title", "alt"), B: ("keywords",), C: ("body",)}
        parts = [
            SearchVector(*(f"{n}_{code}" for n in fields[weight]), config=config, weight=weight)
            for code, config in CONFIGS.items()
            for weight in weights
        ]
        vector = parts[0]
        for part in parts[1:]:
            vector = vector + part
        return vector

    @staticmethod
    def query(term):
        """The term as a tsquery in both configurations: SQL and its parameters."""
        # The words are [a-z0-9]+ only (text.words), so they are safe in a raw tsquery.
        raw = " | ".join(f"{form}:*" if term.prefix else form for form in term.forms)
        sql = " || ".join("to_tsquery(%s::regconfig, %s)" for _config in CONFIGS)
        params = [value for config in CONFIGS.values() for value in (config, raw)]
        return f"({sql})", params

    def hit(self, term, weights):
        # Raw SQL rather than SearchQuery objects: the same match, with a fraction of the
        # ORM's work to build and compile a query that has a dozen of them. Columns are
        # not qualified, so the expression also works inside a subquery.
        sql, params = self.query(term)
        return Q(RawSQL(f"{self.vectors[weights]} @@ {sql}", params, BooleanField()))

    def every(self, terms):
        """All the words, as one tsquery: one match per row, through the GIN index."""
        parts = [self.query(term) for term in terms]
        sql = " && ".join(part for part, _params in parts)
        params = [value for _part, values in parts for value in values]
        return Q(RawSQL(f"vector @@ ({sql})", params, BooleanField()))

    def vocabulary(self, words):
        """Words sharing enough trigrams with one of `words` (one typo in a word of five
        letters leaves a similarity of 0.2 at least), and the words they begin.

        Only words of about the same length can be close (mocsite.search.query reads
        those within two edits, as LikeBackend finds them), so similarity() runs for
        those only: it was most of the statement, over every word of the vocabulary.
        One raw condition, which the ORM has next to nothing to build."""
        conditions, params = [], []
        for word in words:
            # The words are [a-z]+ only (text.words, query._is_word): no LIKE wildcard.
            conditions.append(
                "(length BETWEEN %s AND %s AND similarity(word, %s) > %s) OR word LIKE %s"
            )
            params += [len(word) - 2, len(word) + 2, word, TRIGRAM_THRESHOLD, f"{word}%"]
        near = RawSQL(" OR ".join(f"({c})" for c in conditions), params, BooleanField())
        return SearchTerm.objects.filter(Q(near))


def backend():
    return PostgresBackend() if connection.vendor == "postgresql" else LikeBackend()


def all_of(conditions):
    combined = Q()
    for condition in conditions:
        combined &= condition
    return combined


def any_of(conditions):
    combined = Q()
    for condition in conditions:
        combined |= condition
    return combined
