"""Related rows read inside another row's query, as one JSON array.

A page's layout reads the centre's profile and the networks its footer lists; with
`embedded_rows_sql()` both come from one query instead of two, on every page. PostgreSQL
aggregates the rows with `jsonb_agg`, SQLite with `json_group_array`; `instances()` turns
them back into model instances (not saved; only the fields read are set, the others keep
their defaults). Read only fields JSON carries as they are: text, numbers, booleans (a date
would come back as text).

The query is written in SQL, for a raw query (`Manager.raw()`): built by the ORM, that
one query cost more to build and compile (about 1 ms, on every page) than to run.
"""

import json

from django.db import connection


def _column(model, name):
    field = model._meta.pk if name == "pk" else model._meta.get_field(name)
    return f"{connection.ops.quote_name('embedded')}.{connection.ops.quote_name(field.column)}"


def embedded_rows_sql(model, fields, where):
    """(sql, params) of a scalar subquery: `fields` of the rows of `model` that `where`
    keeps, as a JSON array of arrays (null, or an empty array, when there is none).

    `where(alias)` gives (sql, params) of the condition on the table aliased `alias`
    (mocsite.models.published_sql). Read the result with `instances()`, given `fields`."""
    if connection.vendor == "postgresql":
        aggregate, array = "JSONB_AGG", "JSONB_BUILD_ARRAY"
    else:
        aggregate, array = "JSON_GROUP_ARRAY", "JSON_ARRAY"
    columns = ", ".join(_column(model, name) for name in fields)
    condition, params = where(connection.ops.quote_name("embedded"))
    table = connection.ops.quote_name(model._meta.db_table)
    sql = f"SELECT {aggregate}({array}({columns})) FROM {table} embedded WHERE {condition}"
    return sql, params


def instances(model, fields, rows, order_by=("ordering", "pk")):
    """Instances of `model` made from `embedded_rows_sql()` output (a list, or its JSON
    text, as SQLite returns it), sorted by `order_by`."""
    if isinstance(rows, str):
        rows = json.loads(rows)
    made = [model(**dict(zip(fields, row, strict=True))) for row in rows or ()]
    return sorted(made, key=lambda obj: tuple(getattr(obj, name) for name in order_by))
