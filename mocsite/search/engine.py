"""The query engine: what a search request asks the database, on either database.

Three queries at most, whatever the amount of content (docs/search.md):

1. the vocabulary near the query's words (typos, "did you mean");
2. every visible entry with all the words or the identifier, as small rows ranked by the
   database (identifier, exact name, all words in titles, in titles and keywords,
   elsewhere) — or, when there is none, those with some of the words; counts per kind,
   groups and pages are cut from these rows;
3. the text of the entries shown (or, with no result, the diseases A to Z).

PostgreSQL matches each entry's weighted tsvector with to_tsquery through the moc_french
and moc_english configurations (unaccent, then the Snowball stemmer, no stop words) and
finds candidate typos with pg_trgm's similarity; SQLite (and any other database) matches
the folded stems with LIKE and takes the vocabulary words of a similar length. Both then
keep the words one edit away (rapidfuzz), so they answer alike.
"""

from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.postgres.search import SearchVector, TrigramSimilarity
from django.core.paginator import Paginator
from django.db import connection
from django.db.models import BooleanField, Case, Exists, IntegerField, Q, Value, When
from django.db.models.expressions import RawSQL
from django.db.models.functions import Greatest
from django.utils import timezone
from rapidfuzz import process
from rapidfuzz.distance import OSA

from mocsite.models import SearchEntry, SearchTerm

from . import text
from .index import registry

CONFIGS = {"fr": "moc_french", "en": "moc_english"}
MAX_QUERY_LENGTH = 200
MAX_WORDS = 8
# One typo (an insertion, deletion, substitution or swap) is forgiven in words this long.
TYPO_MIN_LENGTH = 5
GROUP_SIZE = 5
PAGE_SIZE = 20
LANGUAGES = [code for code, _name in settings.LANGUAGES]

# pg_trgm similarity above which a word may be a misspelling of another (the lowest seen
# for one typo in five letters is 0.2; pg_trgm's own default, 0.3, misses some of them).
TRIGRAM_THRESHOLD = 0.15

A, B, C = "A", "B", "C"
SCORES = {A: 3, B: 2, C: 1}


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
        return _all(self.hit(term, A + B + C) for term in terms)

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
        letters leaves a similarity of 0.2 at least), and the words they begin."""
        similarities = [TrigramSimilarity("word", word) for word in words]
        similarity = similarities[0] if len(similarities) == 1 else Greatest(*similarities)
        near = Q(similarity__gt=TRIGRAM_THRESHOLD)
        for word in words:
            near |= Q(word__startswith=word)
        return SearchTerm.objects.annotate(similarity=similarity).filter(near)


def backend():
    return PostgresBackend() if connection.vendor == "postgresql" else LikeBackend()


# -- The query ------------------------------------------------------------------------------


@dataclass
class Term:
    word: str
    forms: list
    prefix: bool


@dataclass
class Query:
    text: str = ""
    words: list = field(default_factory=list)
    terms: list = field(default_factory=list)
    identifier: str = ""
    redirectable: bool = False

    @property
    def phrase(self):
        return " ".join(self.words)

    def __bool__(self):
        return bool(self.terms or self.identifier)


def parse(typed):
    typed = " ".join((typed or "").split())[:MAX_QUERY_LENGTH]
    found = text.words(typed)[: MAX_WORDS * 2]
    distinct = list(dict.fromkeys(found))
    kept = [w for w in distinct if w not in text.STOP_WORDS] or distinct
    terms = [Term(w, [w], len(w) >= text.PREFIX_MIN_LENGTH) for w in kept[:MAX_WORDS]]
    identifier = text.identifier_key(typed)
    # Every identifier has digits (ORPHA code, NCT number, PMID, PMCID, DOI): a query
    # without any is not looked for among them.
    if len(identifier) < 2 or not any(c.isdigit() for c in identifier):
        identifier = ""
    return Query(
        text=typed,
        words=found,
        terms=terms,
        identifier=identifier,
        redirectable=text.is_identifier_query(typed),
    )


@dataclass
class Vocabulary:
    """The words near the query's, and what the search makes of them."""

    words: dict = field(default_factory=dict)  # word -> (written form, entries)
    corrections: list = field(default_factory=list)  # written forms used for typos

    def known(self, word):
        return word in self.words or any(w.startswith(word) for w in self.words)

    def closest(self, word, distance):
        choices = sorted(self.words, key=lambda w: -self.words[w][1])
        found = process.extract(
            word, choices, scorer=OSA.distance, score_cutoff=distance, limit=None
        )
        return [choice for choice, _score, _index in sorted(found, key=lambda f: f[1])]


def _is_word(word):
    return text.is_vocabulary_word(word) and word.isalpha()


def load_vocabulary(query, engine):
    words = [t.word for t in query.terms if _is_word(t.word)]
    vocabulary = Vocabulary()
    if not words:
        return vocabulary
    rows = (
        engine.vocabulary(words)
        .filter(visible_from__lte=timezone.localdate())
        .values_list("word", "display", "entries")
    )
    for word, written, entries in rows:
        previous = vocabulary.words.get(word, (written, 0))
        vocabulary.words[word] = (previous[0], previous[1] + entries)
    for term in query.terms:
        if len(term.word) < TYPO_MIN_LENGTH or not _is_word(term.word):
            continue
        if vocabulary.known(term.word):
            continue
        close = vocabulary.closest(term.word, 1)[:3]
        if close:
            term.forms += close
            vocabulary.corrections.append(vocabulary.words[close[0]][0])
    return vocabulary


def suggestion(query, vocabulary):
    """The query with its unknown words replaced by the closest known ones, or ""."""
    changed, parts = False, []
    for match in text.WRITTEN_WORD.finditer(query.text):
        written = match.group()
        folded = text.words(written)
        word = folded[0] if len(folded) == 1 else ""
        if word and _is_word(word) and word not in text.STOP_WORDS:
            if not vocabulary.known(word):
                close = vocabulary.closest(word, 2 if len(word) >= TYPO_MIN_LENGTH else 1)
                if close:
                    written, changed = vocabulary.words[close[0]][0], True
        parts.append(written)
    return " ".join(parts) if changed else ""


def _all(conditions):
    combined = Q()
    for condition in conditions:
        combined &= condition
    return combined


def _any(conditions):
    combined = Q()
    for condition in conditions:
        combined |= condition
    return combined


def _sum(expressions):
    total = Value(0, output_field=IntegerField())
    for expression in expressions:
        total = total + expression
    return total


@dataclass
class Row:
    pk: int
    kind: str
    tier: int
    matched: int
    place: int  # its rank among the results of its kind, from 1
    of_kind: int  # how many results its kind has
    url: str


def _shown(kind, page):
    """Which ranks of each kind are read: the first GROUP_SIZE of every kind, and for a
    filtered kind the requested page and the last one (where Paginator sends a page past
    the end): SQL and its parameters."""
    condition, params = "place <= %s", [GROUP_SIZE]
    if kind:
        number = int(page) if str(page).isdigit() and int(page) > 0 else 1
        first = (number - 1) * PAGE_SIZE + 1
        condition += (
            " OR (kind = %s AND (place BETWEEN %s AND %s"
            " OR place >= ((of_kind - 1) / %s) * %s + 1))"
        )
        params += [kind, first, first + PAGE_SIZE - 1, PAGE_SIZE, PAGE_SIZE]
    return condition, params


def candidates(query, engine, language, kind="", page=1):
    """The visible entries matching all the words or the identifier, ranked by the
    database, with the number of results of each kind: only the rows shown are read
    (query 2, one statement, window functions).

    When no entry has all the words, those having the most of them: the second half of
    the UNION runs only then (PostgreSQL and SQLite evaluate its NOT EXISTS once), so the
    common case reads only the full matches, through the indexes.
    """
    hits = [engine.hit(term, A + B + C) for term in query.terms]
    in_title = [engine.hit(term, A) for term in query.terms]
    in_keywords = [engine.hit(term, B) for term in query.terms]
    identifier = Q(identifiers__contains=f" {query.identifier} ") if query.identifier else None
    full = engine.every(query.terms)
    if identifier is not None:
        full = full | identifier
    tiers = [] if identifier is None else [When(identifier, then=0)]
    tiers += [
        When(Q(names__contains=f"|{query.phrase}|"), then=1),
        When(_all(in_title), then=2),
        When(_all(a | b for a, b in zip(in_title, in_keywords, strict=True)), then=3),
    ]
    starts = Case(
        When(Q(names__contains=f"|{query.phrase}"), then=1), default=0, output_field=IntegerField()
    )
    other = [code for code in LANGUAGES if code != language][0]
    visible = SearchEntry.objects.filter(visible_now()).order_by()

    def ranked(entries, everywhere):
        """`everywhere`: every word is known to be in the entry (the full matches)."""
        per_term = [
            Case(
                When(a, then=SCORES[A]),
                When(b, then=SCORES[B]),
                *([] if everywhere else [When(h, then=SCORES[C])]),
                default=SCORES[C] if everywhere else 0,
                output_field=IntegerField(),
            )
            for a, b, h in zip(in_title, in_keywords, hits, strict=True)
        ]
        if everywhere:
            matched = Value(len(hits), output_field=IntegerField())
        else:
            matched = _sum(
                Case(When(h, then=1), default=0, output_field=IntegerField()) for h in hits
            )
        return entries.annotate(
            tier=Case(*tiers, default=4, output_field=IntegerField()),
            score=_sum(per_term + [starts]),
            matched=matched,
        ).values_list(
            "pk",
            "kind",
            "tier",
            "score",
            "matched",
            "priority",
            "date",
            f"url_{language}",
            f"url_{other}",
        )

    found = ranked(visible.filter(full), everywhere=True)
    if len(hits) > 1 and not query.redirectable:
        # Not for an identifier: its label alone ("ORPHA", "PMID") matches a whole kind.
        some = visible.filter(_any(hits)).filter(~Exists(visible.filter(full)))
        found = found.union(ranked(some, everywhere=False), all=True)
    matches, params = found.query.sql_with_params()
    shown, shown_params = _shown(kind, page)
    # Identifier, exact name, all words in titles, in titles and keywords, elsewhere; then
    # the score, the kind, the newest. (Not the title: comparing a thousand titles by
    # collation costs more than the whole match.) Only the rows with the most words.
    order = "tier, score DESC, priority, CASE WHEN day IS NULL THEN 1 ELSE 0 END, day DESC, id"
    sql = (
        "WITH found (id, kind, tier, score, matched, priority, day, url, other_url) AS "
        f"({matches}), best AS (SELECT * FROM found WHERE matched = "
        "(SELECT MAX(matched) FROM found)), "
        f"placed AS (SELECT *, ROW_NUMBER() OVER (PARTITION BY kind ORDER BY {order}) AS place, "
        "COUNT(*) OVER (PARTITION BY kind) AS of_kind FROM best) "
        "SELECT id, kind, tier, matched, place, of_kind, url, other_url FROM placed "
        f"WHERE {shown} ORDER BY {order}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, *shown_params])
        return [
            Row(pk, kind_, tier, matched, place, of_kind, url or other_url)
            for pk, kind_, tier, matched, place, of_kind, url, other_url in cursor.fetchall()
        ]


class _Ranked:
    """The results of one kind as Paginator sees them: all of them long, the rows read
    (those of the page asked for and of the last page) where they rank."""

    def __init__(self, rows, total):
        self.rows = {row.place: row for row in rows}
        self.total = total

    def __len__(self):
        return self.total

    def __getitem__(self, part):
        return [self.rows[p] for p in range(part.start + 1, part.stop + 1) if p in self.rows]


@dataclass
class Result:
    kind: object
    title: str
    url: str
    meta: str
    excerpt: str


@dataclass
class Group:
    document: object
    total: int
    results: list


@dataclass
class Outcome:
    query: Query
    kind: str = ""
    total: int = 0
    partial: bool = False
    counts: list = field(default_factory=list)  # [(document, count)]
    groups: list = field(default_factory=list)
    page: object = None  # the page of one kind's results, when filtered
    corrections: list = field(default_factory=list)
    suggestion: str = ""
    redirect: str = ""
    browse: list = field(default_factory=list)  # [(letter, [(title, url)])]

    @property
    def selected(self):
        """(document, count) of the kind the results are filtered by."""
        return next(((d, n) for d, n in self.counts if d.kind == self.kind), (None, 0))


def search(typed, language, kind="", page=1):
    """The outcome of a search, in `language`, perhaps for one kind and page."""
    query = parse(typed)
    outcome = Outcome(query=query, kind=kind if registry.get(kind) else "")
    if not query:
        outcome.browse = browse(language)
        return outcome
    engine = backend()
    vocabulary = load_vocabulary(query, engine)
    outcome.corrections = vocabulary.corrections
    rows = candidates(query, engine, language, kind=outcome.kind, page=page)
    # No page has every word: those with the most of them (candidates() kept only those).
    outcome.partial = any(r.tier != 0 and r.matched < len(query.terms) for r in rows)
    if not rows or outcome.partial:
        outcome.suggestion = suggestion(query, vocabulary)
    exact = [r for r in rows if r.tier == 0]
    if query.redirectable and len(exact) == 1 and not outcome.kind and str(page) in ("", "1"):
        outcome.redirect = exact[0].url
        return outcome
    if not rows:
        outcome.browse = browse(language)
        return outcome
    by_kind = {}
    for row in rows:
        by_kind.setdefault(row.kind, []).append(row)
    totals = {name: rows_of_kind[0].of_kind for name, rows_of_kind in by_kind.items()}
    outcome.total = sum(totals.values())
    outcome.counts = [(d, totals[d.kind]) for d in registry if d.kind in by_kind]
    if outcome.kind not in by_kind:
        outcome.kind = ""
    matcher = text.Matcher([form for term in query.terms for form in term.forms])
    if outcome.kind:
        paginator = Paginator(_Ranked(by_kind[outcome.kind], totals[outcome.kind]), PAGE_SIZE)
        outcome.page = paginator.get_page(page)
        shown = list(outcome.page.object_list)
    else:
        shown = [r for rows_of_kind in by_kind.values() for r in rows_of_kind[:GROUP_SIZE]]
    results = load_results(shown, matcher, language)
    if outcome.kind:
        outcome.page.object_list = [results[r.pk] for r in shown if r.pk in results]
    else:
        # Groups in the order of their best result.
        for kind_name, rows_of_kind in by_kind.items():
            outcome.groups.append(
                Group(
                    registry.get(kind_name),
                    totals[kind_name],
                    [results[r.pk] for r in rows_of_kind[:GROUP_SIZE] if r.pk in results],
                )
            )
    return outcome


def load_results(rows, matcher, language):
    """The entries shown, highlighted (query 3)."""
    other = [code for code in LANGUAGES if code != language][0]
    names = ["title", "alt", "keywords", "body", "meta", "url"]
    columns = [f"{n}_{code}" for n in names for code in (language, other)]
    entries = SearchEntry.objects.filter(pk__in=[r.pk for r in rows]).only("kind", *columns)
    results = {}
    for entry in entries:

        def value(name, entry=entry):
            return getattr(entry, f"{name}_{language}") or getattr(entry, f"{name}_{other}")

        document = registry.get(entry.kind)
        # The passage that matches, unless it only repeats the title and the meta line.
        shown = set(text.words(f"{value('title')} {value('meta')}"))
        passage = ""
        for name in ("body", "keywords", "alt"):
            candidate = value(name)
            if candidate and not set(text.words(candidate)) <= shown:
                spans = matcher.spans(candidate)
                if spans:
                    passage = text.excerpt(candidate, matcher, spans=spans)
                    break
        if not passage:
            passage = text.excerpt(value("body"), matcher)
        results[entry.pk] = Result(
            kind=document.label if document else entry.kind,
            title=text.highlight(value("title"), matcher),
            url=value("url"),
            meta=text.highlight(value("meta"), matcher),
            excerpt=passage,
        )
    return results


def browse(language):
    """The browsable kinds' entries (the diseases), A to Z, by initial letter."""
    kinds = [d.kind for d in registry if d.browse]
    if not kinds:
        return []
    other = [code for code in LANGUAGES if code != language][0]
    rows = (
        SearchEntry.objects.filter(visible_now(), kind__in=kinds)
        .values_list(f"title_{language}", f"title_{other}", f"url_{language}", f"url_{other}")
        .order_by()
    )
    items = sorted(
        ((title or other_title, url or other_url) for title, other_title, url, other_url in rows),
        key=lambda item: text.fold(item[0]),
    )
    letters = []
    for title, url in items:
        letter = text.fold(title[:1]).upper() or "#"
        if not letters or letters[-1][0] != letter:
            letters.append((letter, []))
        letters[-1][1].append((title, url))
    return letters
