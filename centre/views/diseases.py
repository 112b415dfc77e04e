"""The diseases A to Z, each disease's page and emergency sheet, the care protocols."""

import qrcode
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.generic import ListView
from qrcode.image.svg import SvgPathImage

from mocsite.links import absolute, language_links
from mocsite.paging import PlainPageNumbers
from mocsite.publishing import note_unpublished, private_when_unpublished, visible_to

from .. import structured_data
from ..models import CareProtocol, Disease, PageIntro


class DiseaseListView(PlainPageNumbers, ListView):
    """The diseases in their order, 50 a page: the centre's whole list is one page today."""

    template_name = "centre/disease_list.html"
    context_object_name = "diseases"
    paginate_by = 50

    def get_queryset(self):
        return Disease.objects.published()


# Entries of each kind a disease page lists (trials, registries, events), so the page
# keeps its size whatever the centre takes part in; the lists it links to have the rest.
DISEASE_ENTRIES_SHOWN = 5


def first_entries(queryset):
    """The first DISEASE_ENTRIES_SHOWN rows of `queryset`, and whether there are more (the
    "all" link then leads to them): one query, for one row more than is shown."""
    rows = list(queryset[: DISEASE_ENTRIES_SHOWN + 1])
    return rows[:DISEASE_ENTRIES_SHOWN], len(rows) > DISEASE_ENTRIES_SHOWN


@private_when_unpublished
def disease_detail(request, slug):
    # The disease and its questions and answers in one query (the page's budget).
    disease = note_unpublished(
        request,
        visible_to(request, Disease.objects)
        .select_related("last_reviewed_by")
        .with_questions(slug),
    )
    if disease is None:
        raise Http404
    if disease.slug != slug:
        # An address in the other language's slug: send to this language's own address.
        return redirect(disease, permanent=True)
    questions = disease.published_questions
    trials, more_trials = first_entries(disease.trials.published())
    registries, more_registries = first_entries(disease.registries.published())
    context = {
        "disease": disease,
        "questions": questions,
        "faq_json_ld": structured_data.faq(questions),
        "protocols": disease.care_protocols.published().select_related("last_reviewed_by"),
        "trials": trials,
        "more_trials": more_trials,
        "registries": registries,
        "more_registries": more_registries,
        "events": disease.events.published().for_listing()[:DISEASE_ENTRIES_SHOWN],
        "json_ld": structured_data.disease(request, disease),
        "review_json_ld": structured_data.reviewed_page(request, disease, "MedicalWebPage"),
        "breadcrumb_json_ld": structured_data.breadcrumbs(
            request,
            [
                (_("Home"), reverse("centre:home")),
                (_("Diseases"), reverse("centre:disease_list")),
                (disease.name, disease.get_absolute_url()),
            ],
        ),
        "language_links": language_links(request, disease),
    }
    return render(request, "centre/disease_detail.html", context)


def disease_emergency(request, slug):
    """The disease's emergency sheet, one printed A4 page with a QR code to its address;
    there is no sheet (404) until staff write one."""
    disease = Disease.objects.published().by_any_slug(slug)
    if disease is None or not disease.has_emergency_sheet:
        raise Http404
    if disease.slug != slug:
        return redirect(disease.get_emergency_sheet_url(), permanent=True)
    address = absolute(request, disease.get_emergency_sheet_url())
    context = {
        "disease": disease,
        "address": address,
        "qr_code": qr_code_svg(address),
        "language_links": language_links(request, EmergencySheet(disease)),
    }
    return render(request, "centre/disease_emergency.html", context)


class EmergencySheet:
    """A disease's emergency sheet, for its addresses in each language."""

    def __init__(self, disease):
        self.disease = disease

    def get_absolute_url(self):
        return self.disease.get_emergency_sheet_url()


def qr_code_svg(data):
    """An inline SVG QR code of `data` (no image file, no outside service)."""
    image = qrcode.make(data, image_factory=SvgPathImage, border=2)
    svg = image.to_string(encoding="unicode")
    return mark_safe(svg[svg.index("<svg") :])  # noqa: S308 (markup made by qrcode, no input)


def care_protocols(request):
    protocols = list(CareProtocol.objects.published().for_listing())
    context = {
        "intro": PageIntro.text_for(PageIntro.Page.CARE_PROTOCOLS),
        "protocols": protocols,
        "review_json_ld": structured_data.reviewed_protocols(request, protocols),
    }
    return render(request, "centre/care_protocols.html", context)
