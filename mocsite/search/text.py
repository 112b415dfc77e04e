"""Text as the search sees it: folded (no accent, no case), cut into words, stemmed.

The same functions prepare what is indexed and what is typed, so "Ostéogenèse",
"osteogenese" and "OSTÉOGENÈSE" are one word, and "protocoles" and "protocole" one stem.
Stems come from the Snowball algorithms (snowballstemmer): the ones PostgreSQL's
french_stem and english_stem dictionaries use, so both databases agree on word forms.
"""

import html
import re
import threading
import unicodedata
from functools import lru_cache

import snowballstemmer
from django.utils.safestring import mark_safe

# Letters that Unicode does not decompose into a base letter and an accent.
LIGATURES = str.maketrans(
    {"œ": "oe", "Œ": "oe", "æ": "ae", "Æ": "ae", "ß": "ss", "ø": "o", "Ø": "o", "ł": "l"}
)
WORD = re.compile(r"[a-z0-9]+")
# A word as written, for highlighting: letters (accented too) and digits.
WRITTEN_WORD = re.compile(r"[^\W_]+")
# Words shorter than this match exactly; longer ones also match as the start of a word
# ("hypophosphatasi" finds "hypophosphatasie").
PREFIX_MIN_LENGTH = 4
# Vocabulary words: at least this long, with a letter (numbers are never "corrected").
VOCABULARY_MIN_LENGTH = 3
VOCABULARY_MAX_LENGTH = 60

STEMMERS = {"fr": "french", "en": "english"}

# Function words dropped from a query ("os de verre" is "os" and "verre"), in the two
# languages of the site; documents keep every word, so the list only loosens queries.
STOP_WORDS = frozenset(
    """
    a au aux avec ce ces c d dans de des du elle en est et il ils j je l la le les leur
    lui ma mais me mes n ne nos notre nous on ou par pas pour qu que quel quelle quels
    quelles qui s sa se ses sont sur ta te tes toi ton tu un une vos votre vous y
    an and are as at be by for from how in into is it its of or that the their this to
    was were what when which who why with
    """.split()
)

_local = threading.local()


class _WithoutMarks(dict):
    """str.translate() table dropping combining marks, filled as characters are met."""

    def __missing__(self, code):
        self[code] = None if unicodedata.combining(chr(code)) else code
        return self[code]


_WITHOUT_MARKS = _WithoutMarks()


def fold(text):
    """Lower case without accents: "Ostéogenèse" -> "osteogenese"."""
    text = text or ""
    if text.isascii():
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text.translate(LIGATURES))
    return decomposed.translate(_WITHOUT_MARKS).lower()


def words(text):
    """The folded words of a text; punctuation and hyphens separate words."""
    return WORD.findall(fold(text))


def has_word_besides(text, known):
    """Whether the text has a word (folded) that the set `known` lacks; it is read only
    as far as the first such word, which in a body of text is one of the first."""
    for match in WRITTEN_WORD.finditer(text or ""):
        if not known.issuperset(words(match.group())):
            return True
    return False


def _stemmer(language):
    # Snowball stemmers keep state while they work: one per thread.
    stemmers = getattr(_local, "stemmers", None)
    if stemmers is None:
        stemmers = _local.stemmers = {}
    if language not in stemmers:
        stemmers[language] = snowballstemmer.stemmer(STEMMERS[language])
    return stemmers[language]


@lru_cache(maxsize=100_000)
def stem(word, language):
    """The stem of a folded word in one of the site's languages."""
    if word.isdigit():
        return word
    return _stemmer(language).stemWord(word)


def stems(word):
    """A folded word's stems in every language of the site (a query is matched against
    the text of both)."""
    return {stem(word, language) for language in STEMMERS}


def stemmed(text, language):
    """The distinct stems of a text, space-padded (" a b c ") for LIKE '% stem%'."""
    found = dict.fromkeys(stem(w, language) for w in words(text))
    return f" {' '.join(found)} " if found else ""


def is_vocabulary_word(word):
    return (
        VOCABULARY_MIN_LENGTH <= len(word) <= VOCABULARY_MAX_LENGTH
        and not word.isdigit()
        and any(c.isalpha() for c in word)
    )


def written_forms(text):
    """{folded word: the word as written, lower case}: "ostéogenèse" for "osteogenese"."""
    forms = {}
    for match in WRITTEN_WORD.finditer(text or ""):
        written = match.group().lower()
        folded = words(written)
        if len(folded) == 1 and is_vocabulary_word(folded[0]):
            forms.setdefault(folded[0], written)
    return forms


# -- Identifiers ----------------------------------------------------------------------------

# Labels that may stand before an identifier, as people type them; "nct" and "pmc" are
# part of the identifier itself. Longest first.
IDENTIFIER_LABELS = ("httpsdxdoiorg", "httpdxdoiorg", "httpsdoiorg", "httpdoiorg", "doiorg")
IDENTIFIER_LABELS += ("orphanet", "orphacode", "orpha", "pmcid", "pmid", "doi")
IDENTIFIER_QUERY = re.compile(
    r"^(?:"
    r"orpha(?:net|code)?\s*:?\s*\d+"
    r"|nct[\s\-]*\d{8}"
    r"|(?:pmid\s*:?\s*)?\d{6,9}"
    r"|(?:pmcid\s*:?\s*)?pmc\s*\d+"
    r"|(?:https?://(?:dx\.)?doi\.org/|doi\s*:?\s*)?10\.\d{4,9}/\S+"
    r")$"
)


def identifier_key(text):
    """An identifier in one canonical form, however it is typed: "ORPHA:436", "orpha 436"
    and "436" are "436"; "NCT 03118570" is "nct03118570"; "https://doi.org/10.1002/X" is
    "101002x". Used for what is indexed and for what is typed alike."""
    compact = re.sub(r"[^a-z0-9]", "", fold(text))
    for label in IDENTIFIER_LABELS:
        if compact.startswith(label) and len(compact) > len(label):
            return compact[len(label) :]
    return compact


def is_identifier_query(text):
    """A query that is one identifier and nothing else (so one match may be opened at
    once): ORPHA code with its label, NCT number, PMID, PMCID or DOI."""
    return bool(IDENTIFIER_QUERY.match(fold(text).strip()))


# -- Highlighting ---------------------------------------------------------------------------


class Matcher:
    """Tells whether a written word matches one of the query's words, by the rules of
    the search: same stem, or (for words of PREFIX_MIN_LENGTH letters or more) a word
    that starts like it."""

    def __init__(self, query_words):
        self.exact = set()
        prefixes = set()
        for word in query_words:
            for s in stems(word) | {word}:
                (prefixes if len(word) >= PREFIX_MIN_LENGTH else self.exact).add(s)
        self.prefix = re.compile("|".join(sorted(prefixes))) if prefixes else None
        self.seen = {}  # the same words recur in every excerpt

    def __bool__(self):
        return bool(self.exact or self.prefix)

    def matches(self, written):
        found = self.seen.get(written)
        if found is None:
            forms = written_word_forms(written)
            found = bool(forms & self.exact) or (
                self.prefix is not None and any(self.prefix.match(form) for form in forms)
            )
            self.seen[written] = found
        return found

    def spans(self, text, start=0, end=None):
        """The spans of the matching words of the text, of those from `start` (where a word
        begins) to `end` (the words wholly before it)."""
        seen, found = self.seen, []
        for match in WRITTEN_WORD.finditer(text, start):
            if end is not None and match.end() > end:
                break
            written = match.group()
            hit = seen.get(written)
            if hit is None:
                hit = self.matches(written)
            if hit:
                found.append(match.span())
        return found

    def first(self, text):
        """The span of the first matching word of the text, or None (the rest of a long
        text is not read)."""
        seen = self.seen
        for match in WRITTEN_WORD.finditer(text):
            written = match.group()
            hit = seen.get(written)
            if hit is None:
                hit = self.matches(written)
            if hit:
                return match.span()
        return None


@lru_cache(maxsize=100_000)
def written_word_forms(written):
    """A written word's folded forms and their stems (the same words recur in every
    excerpt: they are worked out once)."""
    forms = set()
    for word in words(written):
        forms |= stems(word) | {word}
    return frozenset(forms)


def highlight(text, matcher, spans=None):
    """The text, escaped, with the matching words in <mark>."""
    text = text or ""
    if spans is None:
        spans = matcher.spans(text) if matcher else []
    parts, position = [], 0
    # html.escape(): what django.utils.html.escape() does to a str (a slice of a string is
    # one, marked safe or not), without its wrappers.
    for start, end in spans:
        parts.append(html.escape(text[position:start]))
        parts.append(f"<mark>{html.escape(text[start:end])}</mark>")
        position = end
    parts.append(html.escape(text[position:]))
    return mark_safe("".join(parts))  # every piece is escaped above


_UNKNOWN = object()


def excerpt(text, matcher, length=240, first=_UNKNOWN):
    """A passage of the text around its first matching word, highlighted, with "…"
    where it is cut; the text's beginning when no word matches. (`first`: the matcher's
    first span in this text, or None, when known.) Only the passage is highlighted: the
    words after it are never looked at."""
    text = text or ""
    if not text:
        return ""
    if first is _UNKNOWN:
        first = matcher.first(text) if matcher else None
    start = 0
    if first and first[0] > length // 3:
        start = text.rfind(" ", 0, first[0] - length // 3) + 1
    end = len(text)
    if end - start > length:
        end = text.rfind(" ", start, start + length)
        if end <= start:
            end = start + length
    passage = text[start:end]
    # A word begins at `start` (after a space, or the text's start), so the words read
    # from there are the text's own.
    spans = matcher.spans(text, start, end) if matcher and first else []
    inside = [(s - start, e - start) for s, e in spans]
    result = highlight(passage, matcher, inside)
    prefix = "… " if start > 0 else ""
    suffix = " …" if end < len(text) else ""
    return mark_safe(f"{prefix}{result}{suffix}")  # highlight() escaped the passage
