"""Related rows read inside another row's query, as one JSON array.

A page's layout reads the centre's profile and the networks its footer lists; with
`embedded_rows()` both come from one query instead of two, on every page. PostgreSQL
aggregates the rows with `jsonb_agg`, SQLite with `json_group_array`; `instances()` turns
them back into model instances (not saved; only the fields read are set, the others keep
their defaults). Read only fields JSON carries as they are: text, numbers, booleans (a date
would come back as text).
"""

from django.db.models import Func, JSONField, Subquery
from django.db.models.functions import JSONArray


class JSONRows(Func):
    """The values of an expression over every row of a subquery, as one JSON array (the
    subquery selects nothing else, so no GROUP BY is needed)."""

    function = "JSON_GROUP_ARRAY"
    output_field = JSONField()

    def as_postgresql(self, compiler, connection, **extra_context):
        return self.as_sql(compiler, connection, function="JSONB_AGG", **extra_context)


def embedded_rows(queryset, fields):
    """A subquery expression: `fields` of every row of `queryset`, as a JSON array of
    arrays (null when there is none). Read them with `instances()`, given `fields` too."""
    rows = JSONRows(JSONArray(*fields))
    return Subquery(queryset.order_by().annotate(rows=rows).values("rows"))


def instances(model, fields, rows, order_by=("ordering", "pk")):
    """Instances of `model` made from `embedded_rows()` output, sorted by `order_by`."""
    made = [model(**dict(zip(fields, row, strict=True))) for row in rows or ()]
    return sorted(made, key=lambda obj: tuple(getattr(obj, name) for name in order_by))
