"""The query engine: what a search request asks the database, on either database.

Two queries, three when nothing is found, whatever the amount of content (docs/search.md):

1. the vocabulary near the query's words (typos, "did you mean"; mocsite.search.query);
2. the visible entries with all the words or the identifier, ranked by the database
   (identifier, exact name, all words in titles, in titles and keywords, elsewhere) — or,
   when there is none, those with the most of the words — of which only the rows shown
   are read, with their texts and the number of results of each kind (window functions);
3. with no result, the diseases A to Z.

How words match is the backend's (mocsite.search.backends: PostgreSQL's full-text search,
or LIKE over folded stems elsewhere); both give this module the same conditions.
"""

from dataclasses import dataclass, field

from django.conf import settings
from django.core.paginator import Paginator
from django.db import connection
from django.db.models import BooleanField, Exists, ExpressionWrapper, Q, Value

from mocsite.models import SearchEntry
from mocsite.paging import plain_number

from . import text
from .backends import A, B, C, any_of, backend, visible_now
from .documents import registry
from .query import Query, load_vocabulary, parse, suggestion

__all__ = ["backend", "parse", "search", "visible_now"]

# Results of each kind on the page of all kinds (each group links to all its results,
# PAGE_SIZE a page): three, a glance at every kind; five made the page of a common word
# half as long again, and a fifth slower to make at 100 times the seed.
GROUP_SIZE = 3
PAGE_SIZE = 20
# The page without a result lists the diseases A to Z while there are this many at most;
# past that it links to the (paged) list of diseases, so it does not grow with them.
BROWSE_SHOWN = 50
LANGUAGES = [code for code, _name in settings.LANGUAGES]

SCORES = {A: 3, B: 2, C: 1}
# The order of the results (candidates(): the columns of its statement, perhaps qualified).
# The tier, then the score, the entry's priority, the newest. (Not the title: comparing a
# thousand titles by collation costs more than the whole match.)
ORDER = "{table}tier, {table}score DESC, {table}priority, {table}day DESC NULLS LAST, {table}id"
# What a result shows of its entry, read with its rank (load_results).
TEXTS = ["title", "alt", "keywords", "body", "meta", "url"]


@dataclass
class Row:
    pk: int
    kind: str
    tier: int
    matched: int
    place: int  # its rank among the results of its kind, from 1
    of_kind: int  # how many results its kind has
    texts: dict  # each of TEXTS in the page's language, or else the other's

    @property
    def url(self):
        return self.texts["url"]


def _shown(kind, page):
    """Which ranks of each kind are read: the first GROUP_SIZE of every kind, and for a
    filtered kind the requested page and the last one (where Paginator sends a page past
    the end): SQL and its parameters."""
    condition, params = "place <= %s", [GROUP_SIZE]
    if kind:
        first = (page - 1) * PAGE_SIZE + 1
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
    visible = SearchEntry.objects.filter(visible_now()).order_by()
    # Each condition is read once a row, as a column (a flag) of `found`, then ranked from
    # the flags: written inside the CASEs of the ranking, each was matched again in every
    # WHEN that named it (five matches a word and row instead of two).
    terms = range(len(hits))
    flags = ["ident", "exact", "starts"] + [f"{f}{i}" for i in terms for f in ("t", "k", "h")]

    def flagged(entries, everywhere):
        """`everywhere`: every word is known to be in the entry (the full matches)."""
        conditions = {
            "ident": identifier,
            "exact": Q(names__contains=f"|{query.phrase}|"),
            "starts": Q(names__contains=f"|{query.phrase}"),
        }
        for i, (title, keywords, hit) in enumerate(zip(in_title, in_keywords, hits, strict=True)):
            conditions |= {f"t{i}": title, f"k{i}": keywords, f"h{i}": None if everywhere else hit}
        annotations = {
            name: Value(name.startswith("h") and everywhere, output_field=BooleanField())
            if condition is None
            else ExpressionWrapper(condition, output_field=BooleanField())
            for name, condition in conditions.items()
        }
        return entries.annotate(**annotations).values_list("pk", "kind", *flags, "priority", "date")

    def both(letter):
        return " AND ".join(f"{letter}{i}" for i in terms)

    # Identifier, exact name, all words in titles, in titles and keywords, elsewhere.
    tier = (
        "CASE WHEN ident THEN 0 WHEN exact THEN 1 "
        f"WHEN {both('t')} THEN 2 "
        f"WHEN {' AND '.join(f'(t{i} OR k{i})' for i in terms)} THEN 3 ELSE 4 END"
    )
    score = " + ".join(
        [
            f"CASE WHEN t{i} THEN {SCORES[A]} WHEN k{i} THEN {SCORES[B]} "
            f"WHEN h{i} THEN {SCORES[C]} ELSE 0 END"
            for i in terms
        ]
        + ["CASE WHEN starts THEN 1 ELSE 0 END"]
    )
    matched = " + ".join(f"CASE WHEN h{i} THEN 1 ELSE 0 END" for i in terms)

    found = flagged(visible.filter(full), everywhere=True)
    # Only the rows with the most words: every row has them all, unless some are added.
    best = "scored"
    if len(hits) > 1 and not query.redirectable:
        # Not for an identifier: its label alone ("ORPHA", "PMID") matches a whole kind.
        some = visible.filter(any_of(hits)).filter(~Exists(visible.filter(full)))
        found = found.union(flagged(some, everywhere=False), all=True)
        best = "(SELECT * FROM scored WHERE matched = (SELECT MAX(matched) FROM scored)) best"
    matches, params = found.query.sql_with_params()
    where, where_params = _shown(kind, page)
    # The texts are read for the rows shown only, at the end, by primary key: carried
    # through the ranking, they were read and sorted for every match. On PostgreSQL a
    # LATERAL subquery, an index look-up a row shown: a join the planner, unable to tell
    # how few rows are shown, made a scan of the whole index table. (SQLite joins so.)
    table = connection.ops.quote_name(SearchEntry._meta.db_table)
    other = [code for code in LANGUAGES if code != language][0]
    texts = ", ".join(f"entry.{name}_{code}" for name in TEXTS for code in (language, other))
    postgresql = connection.vendor == "postgresql"
    if postgresql:
        # LIMIT 1 (one row by key anyway) keeps it a look-up: a plain subquery is merged.
        entry = f"CROSS JOIN LATERAL (SELECT * FROM {table} WHERE id = shown.id LIMIT 1) entry"
    else:
        entry = f"JOIN {table} entry ON entry.id = shown.id"
    # The kinds are grouped by a number, never sorted by name: sorting the matches by a
    # text column was a quarter of the statement (on PostgreSQL, through the collation).
    group = " ".join(f"WHEN '{document.kind}' THEN {n}" for n, document in enumerate(registry))
    # Computed once (PostgreSQL would otherwise fold `found` into the ranking, and each
    # flag's condition with it, back into every CASE).
    materialized = "MATERIALIZED " if postgresql else ""
    sql = (
        f"WITH found (id, kind, {', '.join(flags)}, priority, day) AS {materialized}"
        f"({matches}), "
        f"scored AS (SELECT id, kind, priority, day, {tier} AS tier, {score} AS score, "
        f"{matched} AS matched, CASE kind {group} END AS kind_group FROM found), "
        f"placed AS (SELECT *, ROW_NUMBER() OVER (PARTITION BY kind_group "
        f"ORDER BY {ORDER.format(table='')}) AS place, "
        f"COUNT(*) OVER (PARTITION BY kind_group) AS of_kind FROM {best}), "
        f"shown AS (SELECT * FROM placed WHERE {where}) "
        f"SELECT shown.id, shown.kind, shown.tier, shown.matched, shown.place, shown.of_kind, "
        f"{texts} FROM shown {entry} ORDER BY {ORDER.format(table='shown.')}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, *where_params])
        return [
            # Each text in the language asked for, the other standing in.
            Row(*ranks, {name: values[2 * i] or values[2 * i + 1] for i, name in enumerate(TEXTS)})
            for ranks, values in ((row[:6], row[6:]) for row in cursor.fetchall())
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
    browse_too_many: bool = False  # more than BROWSE_SHOWN to browse: none listed

    @property
    def selected(self):
        """(document, count) of the kind the results are filtered by."""
        return next(((d, n) for d, n in self.counts if d.kind == self.kind), (None, 0))


def search(typed, language, kind="", page=1):
    """The outcome of a search, in `language`, perhaps for one kind and page (a page past
    the end is the last one; what is not a plain number, "²" or "２" too, is the first)."""
    page = plain_number(str(page)) or 1
    query = parse(typed)
    outcome = Outcome(query=query, kind=kind if registry.get(kind) else "")
    if not query:
        outcome.browse, outcome.browse_too_many = browse(language)
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
    if query.redirectable and len(exact) == 1 and not outcome.kind and page == 1:
        outcome.redirect = exact[0].url
        return outcome
    if not rows:
        outcome.browse, outcome.browse_too_many = browse(language)
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
    results = load_results(shown, matcher)
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


def load_results(rows, matcher):
    """The entries shown, highlighted (their texts came with their ranks)."""
    results = {}
    for row in rows:
        pk, kind, value = row.pk, row.kind, row.texts
        document = registry.get(kind)
        # The passage that matches, unless it only repeats the title and the meta line.
        shown = set(text.words(f"{value['title']} {value['meta']}"))
        passage = ""
        for name in ("body", "keywords", "alt"):
            candidate = value[name]
            if candidate and text.has_word_besides(candidate, shown):
                first = matcher.first(candidate)
                if first:
                    passage = text.excerpt(candidate, matcher, first=first)
                    break
        if not passage:
            passage = text.excerpt(value["body"], matcher)
        results[pk] = Result(
            kind=document.label if document else kind,
            title=text.highlight(value["title"], matcher),
            url=value["url"],
            meta=text.highlight(value["meta"], matcher),
            excerpt=passage,
        )
    return results


def browse(language):
    """The browsable kinds' entries (the diseases), A to Z, by initial letter, and whether
    there are too many to list (more than BROWSE_SHOWN: then none is listed)."""
    kinds = [d.kind for d in registry if d.browse]
    if not kinds:
        return [], False
    other = [code for code in LANGUAGES if code != language][0]
    rows = list(
        SearchEntry.objects.filter(visible_now(), kind__in=kinds)
        .values_list(f"title_{language}", f"title_{other}", f"url_{language}", f"url_{other}")
        .order_by()[: BROWSE_SHOWN + 1]
    )
    if len(rows) > BROWSE_SHOWN:
        return [], True
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
    return letters, False
