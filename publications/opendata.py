"""Open data: the publications and the talks as CSV and JSON (columns: docs/outputs.md).

The publications' download takes the list's filters (?year=, ?disease=, ?member=), as
the citation exports do.
"""

from django.db.models import Prefetch

from centre.models import Disease
from centre.opendata import iso, table_response
from mocsite.links import absolute

from .models import Talk
from .views import filtered_publications


def _names(people):
    return [person.full_name for person in people]


def publication_columns(request):
    return [
        ("id", lambda p: p.pk),
        ("url", lambda p: absolute(request, p.get_absolute_url())),
        ("title", lambda p: p.title),
        ("language", lambda p: p.language),
        ("authors", lambda p: p.authors),
        ("journal", lambda p: p.journal),
        ("date", lambda p: p.iso_date),
        ("volume", lambda p: p.volume),
        ("issue", lambda p: p.issue),
        ("pages", lambda p: p.pages),
        ("pmid", lambda p: p.pmid),
        ("pmcid", lambda p: p.pmcid),
        ("doi", lambda p: p.doi),
        ("diseases", lambda p: [d.name for d in p.diseases.all()]),
        ("disease_orpha_codes", lambda p: [d.orpha_code for d in p.diseases.all() if d.orpha_code]),
        ("team_members", lambda p: _names(p.team_authors.all())),
        ("updated_at", lambda p: iso(p.updated_at)),
    ]


def publications(request, fmt):
    """Three queries whatever the number of rows: the publications, their (published)
    diseases, their team members."""
    rows = (
        filtered_publications(request)
        .for_listing()
        .prefetch_related(Prefetch("diseases", queryset=Disease.objects.published()))
    )
    return table_response(rows, publication_columns(request), fmt, "publications")


def talk_columns(request):
    return [
        ("id", lambda t: t.pk),
        ("url", lambda t: absolute(request, t.get_absolute_url())),
        ("title", lambda t: t.title),
        ("translated_title", lambda t: t.translated_title),
        ("language", lambda t: t.language),
        ("event", lambda t: t.event),
        ("date", lambda t: t.iso_date),
        ("kind", lambda t: t.kind),
        ("speakers", lambda t: t.speakers),
        ("team_members", lambda t: _names(t.team_speakers.all())),
        ("note", lambda t: t.note),
    ]


def talks(request, fmt):
    """Two queries: the talks and their team speakers."""
    return table_response(
        Talk.objects.published().for_listing(), talk_columns(request), fmt, "talks"
    )
