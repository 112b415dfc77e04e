"""What was typed, as the search reads it: the words and an identifier, and the words of
the index near them (one typo forgiven, "did you mean…"), query 1 of a search."""

from dataclasses import dataclass, field

from django.utils import timezone
from rapidfuzz import process
from rapidfuzz.distance import OSA

from . import text

MAX_QUERY_LENGTH = 200
MAX_WORDS = 8
# One typo (an insertion, deletion, substitution or swap) is forgiven in words this long.
TYPO_MIN_LENGTH = 5


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
