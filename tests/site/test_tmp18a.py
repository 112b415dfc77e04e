import pytest, re
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext
from centre.models import Disease, DiseaseQuestion
pytestmark = pytest.mark.django_db
def test_count(seeded, client):
    d = Disease.objects.get(slug_en="hypophosphatasia")
    d.emergency_must_know_fr = "Risque de fracture."
    d.save()
    DiseaseQuestion.objects.create(disease=d, question_fr="Est-ce héréditaire ?", answer_fr="Oui.\n\nSouvent.", question_en="Hereditary?", answer_en="Yes.")
    DiseaseQuestion.objects.create(disease=d, question_fr="Q2 ?", answer_fr="R2", ordering=5)
    for path in ["/fr/maladies/hypophosphatasie/", "/fr/pnds/", "/fr/adresser-un-patient/", "/en/refer-a-patient/", "/fr/glossaire/", "/fr/la-transition/", "/fr/maladies/hypophosphatasie/fiche-urgence/", "/en/diseases/hypophosphatasia/emergency-sheet/"]:
        caches["pages"].clear()
        with CaptureQueriesContext(connection) as q:
            r = client.get(path)
        print(path, r.status_code, len(q))
        html = r.content.decode()
        main = html[html.index("<main"):html.index("</main>")]
        print(re.sub(r"\n\s*\n", "\n", re.sub(r'<path d="[^"]*"', '<path d=…', main))[:2500])
