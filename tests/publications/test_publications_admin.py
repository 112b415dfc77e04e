"""The publication form in the admin: an identifier already taken is said in a sentence
that links to the publication that has it, never with the database constraint's name."""

import pytest

from publications.models import Publication

pytestmark = pytest.mark.django_db

ADD = "/admin/publications/publication/add/"


def form(**values):
    return {
        "title": "A new article",
        "language": "en",
        "authors": "Roux C",
        "journal": "Bone",
        "date": "2024-01-01",
        "date_precision": "year",
        "is_published": "on",
        **values,
    }


@pytest.fixture
def french_staff(staff_client):
    staff_client.defaults["HTTP_ACCEPT_LANGUAGE"] = "fr"
    return staff_client


@pytest.mark.parametrize(
    ("field", "typed", "label", "shown"),
    [
        ("pmid", "34258503", "PMID", "34258503"),
        ("pmcid", "pmc8260818", "PMCID", "PMC8260818"),
        ("doi", "https://doi.org/10.1002/JBM4.10507", "DOI", "10.1002/JBM4.10507"),
    ],
)
def test_taken_identifier_links_to_the_publication_that_has_it(
    seeded, french_staff, field, typed, label, shown
):
    fractos = Publication.objects.get(pmid="34258503")
    response = french_staff.post(ADD, form(**{field: typed}))
    assert response.status_code == 200
    html = response.content.decode()
    assert "contrainte" not in html.lower() and "publication_unique" not in html
    assert (
        f"Une publication a déjà le {label} {shown}\xa0: "
        f'<a href="/admin/publications/publication/{fractos.pk}/change/">{fractos.title}</a>'
    ) in html
    assert Publication.objects.count() == 12


def test_a_publication_keeps_its_own_identifiers_on_save(seeded, french_staff):
    fractos = Publication.objects.get(pmid="34258503")
    url = f"/admin/publications/publication/{fractos.pk}/change/"
    data = form(
        title=fractos.title, pmid=fractos.pmid, pmcid=fractos.pmcid, doi=fractos.doi.upper()
    )
    response = french_staff.post(url, data)
    assert response.status_code == 302
