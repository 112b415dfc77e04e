"""The seed's 12 publications and 11 talks, exactly as printed on the current site.

Titles, bylines and journals are kept as printed (a publication's title stays in its
original language). Talk titles stay in French in both languages; the English rendering
is only the `translated_title` shown under it. Team members among authors and speakers
are matched to the centre's Person rows by family name and first initial.
"""

from datetime import date

from centre.models import Disease, Person
from centre.seeding import tr

from ..authors import find_people
from ..models import Publication, Talk
from .articles import PUBLICATIONS, RANGE
from .talks import TALKS


def _team():
    return list(
        Person.objects.filter(
            slug__in=["christian-roux", "eugenie-koumakis", "mioranirainy-deraharijaona"]
        )
    )


def load(seeder):
    team = _team()
    for (
        title,
        authors,
        journal,
        day,
        precision,
        printed,
        pmid,
        pmcid,
        doi,
        disease_slugs,
    ) in PUBLICATIONS:
        before = seeder.created
        publication = seeder.ensure(
            f"publications:publication:{pmid}",
            Publication,
            {"pmid": pmid},
            {
                "title": title,
                "authors": authors,
                "journal": journal,
                "date": day,
                "date_precision": precision,
                "date_text": printed,
                "pmcid": pmcid,
                "doi": doi,
                "date_end": date(2019, 6, 1) if precision == RANGE else None,
            },
        )
        if publication is None or seeder.created == before:
            continue  # loaded before (perhaps edited by staff since): leave it alone
        publication.team_authors.set(find_people(authors, team))
        diseases = [seeder.find(Disease, slug_en=slug) for slug in disease_slugs]
        publication.diseases.set([d for d in diseases if d])

    for (
        key,
        title,
        language,
        rendering,
        event,
        kind,
        speakers,
        day,
        precision,
        printed,
        note,
    ) in TALKS:
        other = "en" if language == "fr" else "fr"
        before = seeder.created
        values = {
            "title": title,
            "language": language,
            "event": event,
            "kind": kind,
            "speakers": speakers,
            "date": day,
            "date_precision": precision,
            "date_text": printed,
            f"translated_title_{other}": rendering,
        }
        if note:
            values.update(tr("note", *note))
        talk = seeder.ensure(
            f"publications:talk:{key}", Talk, {"title": title, "event": event, "date": day}, values
        )
        if talk is None or seeder.created == before:
            continue
        bare = [
            " ".join(t for t in s.split() if t not in ("Pr", "Dr")) for s in speakers.split(",")
        ]
        talk.team_speakers.set(find_people(", ".join(bare), team))
