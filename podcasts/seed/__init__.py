"""The seed's three podcast series and fourteen episodes, translated into French.

The seed has no recordings, durations, dates or transcripts: those stay empty until staff
upload the audio in the admin, and the pages say the recording is not online yet.
"""

from centre.models import Disease, Person
from centre.seeding import french

from ..models import Episode, Series
from . import fop, hpp, oi

SERIES = [fop.SERIES, hpp.SERIES, oi.SERIES]


def load(seeder):
    for series_order, item in enumerate(SERIES, start=1):
        values = dict(item)
        disease_slug = values.pop("disease")
        episodes = values.pop("episodes")
        disease = seeder.find(Disease, slug_en=disease_slug)
        if disease is None:
            continue  # the centre seed did not run: nothing to attach the series to
        series = seeder.ensure(
            f"podcasts:series:{disease_slug}",
            Series,
            {"disease": disease},
            {**values, "ordering": series_order},
        )
        if series is None:
            continue
        for order, episode in enumerate(episodes, start=1):
            values = dict(episode)
            questions = values.pop("questions")
            person_slug = values.pop("speaker_person", None)
            values["questions_fr"] = "\n".join(french(fr) for fr, _en in questions)
            values["questions_en"] = "\n".join(en for _fr_, en in questions)
            values["speaker_person"] = (
                seeder.find(Person, slug=person_slug) if person_slug else None
            )
            values["series"] = series
            values["ordering"] = order
            slug_en = values.pop("slug_en")
            seeder.ensure(f"podcasts:episode:{slug_en}", Episode, {"slug_en": slug_en}, values)
