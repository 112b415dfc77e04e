"""The site search: one index of every public page, in both languages.

- `text`: folding, words, stems, identifiers, highlighting;
- `index`: the registry apps declare their documents in (`register(Document())` from
  their AppConfig.ready()), and the signals that keep the index in step;
- `engine`: the queries, on PostgreSQL (full-text search, unaccent, pg_trgm) or SQLite;
- `views`: the results page and the OpenSearch description.

docs/search.md says how it works and when a dedicated engine would be worth it.
"""

from .index import Document, Fields, join, rebuild, register, registry

__all__ = ["Document", "Fields", "join", "rebuild", "register", "registry"]
