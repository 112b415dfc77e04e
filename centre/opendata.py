"""Open data: tables of the site's content as CSV and JSON downloads.

A table is a list of columns, each a name and a function of a row. The columns are
documented in docs/outputs.md and only ever grow at the end: a reuser's script that
reads them by name or by position keeps working. Text is in the language of the
address (/fr/… or /en/…); codes and identifiers are the same in both.

CSV: UTF-8, comma-separated, CRLF line ends, a header row, several values in one cell
separated by " | ". JSON: an array of objects with the same keys, several values as an
array, an empty value as null.
"""

import csv
import io
import json

from django.http import Http404, HttpResponse
from django.urls import reverse

from mocsite.links import absolute

from .models import Trial

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8; header=present",
    "json": "application/json",
}
LIST_SEPARATOR = " | "


def _csv_cell(value):
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return LIST_SEPARATOR.join(str(v) for v in value)
    return str(value)


def _json_value(value):
    if isinstance(value, list | tuple):
        return list(value)
    return None if value == "" else value


def render_table(rows, columns, fmt):
    if fmt == "csv":
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow([name for name, _get in columns])
        for row in rows:
            writer.writerow([_csv_cell(get(row)) for _name, get in columns])
        return out.getvalue()
    return json.dumps(
        [{name: _json_value(get(row)) for name, get in columns} for row in rows],
        ensure_ascii=False,
        indent=1,
    )


def table_response(rows, columns, fmt, stem):
    """The download of a table; any other format than csv and json is a 404."""
    if fmt not in CONTENT_TYPES:
        raise Http404
    response = HttpResponse(render_table(rows, columns, fmt), content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{stem}.{fmt}"'
    # Public data, read by the network's and researchers' own pages and scripts.
    response["Access-Control-Allow-Origin"] = "*"
    return response


def data_links(name, query=""):
    """A list's downloads (CSV, JSON) for its page, with its filters when it has them."""
    return [
        {"label": label, "url": reverse(name, args=[fmt]) + (f"?{query}" if query else "")}
        for fmt, label in (("csv", "CSV"), ("json", "JSON"))
    ]


def iso(moment):
    return moment.isoformat() if moment else ""


def _disease(trial):
    """The trial's disease, unless staff hold its page back."""
    disease = trial.disease
    return disease if disease is not None and disease.is_live else None


def trial_columns(request):
    return [
        ("nct_id", lambda t: t.nct_id),
        ("title", lambda t: t.title),
        ("sponsor", lambda t: t.sponsor),
        ("disease", lambda t: _disease(t).name if _disease(t) else ""),
        ("disease_orpha_code", lambda t: _disease(t).orpha_code if _disease(t) else None),
        ("status", lambda t: t.status),
        ("status_checked_at", lambda t: iso(t.status_checked_at)),
        ("stated_status", lambda t: t.stated_status),
        ("registry_url", lambda t: t.registry_url),
        ("url", lambda t: absolute(request, t.get_absolute_url())),
    ]


def trials(request, fmt):
    """The published clinical trials (the research page's list)."""
    rows = Trial.objects.published().for_listing()
    return table_response(rows, trial_columns(request), fmt, "trials")
