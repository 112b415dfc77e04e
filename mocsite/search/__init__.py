"""The site search: one index of every public page, in both languages.

- `text`: folding, words, stems, identifiers, highlighting;
- `documents`: what apps declare searchable (a Document per kind) and the registry;
- `index`: `register(Document())` from an AppConfig.ready(), and the signals that keep
  the index in step; `entries`: building the entries and the vocabulary, or all again;
- `query`: what was typed, and the words near it; `backends`: how words match, on
  PostgreSQL (full-text search, unaccent, pg_trgm) or SQLite; `engine`: the queries;
- `views`: the results page and the OpenSearch description.

docs/search.md says how it works and when a dedicated engine would be worth it.
"""

from .index import Document, Fields, join, rebuild, register, registry

__all__ = ["Document", "Fields", "join", "rebuild", "register", "registry"]
