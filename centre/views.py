"""Pages about the centre. Each view fetches what its template needs, nothing more."""

from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect, render

from .hub import disease_sections
from .models import Centre, Disease, KeyFigure, Mission, Network, Person, Specialty


def home(request):
    context = {
        "missions": Mission.objects.all(),
        "focus_diseases": Disease.objects.focus(),
        "key_figures": KeyFigure.objects.with_value(),
        "head": Person.objects.published().filter(is_head=True).first(),
    }
    return render(request, "centre/home.html", context)


def about(request):
    specialties = list(Specialty.objects.all())
    groups = [
        (label, [s for s in specialties if s.kind == kind])
        for kind, label in Specialty.Kind.choices
    ]
    context = {
        "specialty_groups": [(label, items) for label, items in groups if items],
        "missions": Mission.objects.all(),
        "networks": Network.objects.all(),
    }
    return render(request, "centre/about.html", context)


def team(request):
    return render(request, "centre/team.html", {"people": Person.objects.published()})


def disease_list(request):
    return render(request, "centre/disease_list.html",
                  {"diseases": Disease.objects.published()})


def disease_detail(request, slug):
    disease = (
        Disease.objects.published()
        .filter(Q(slug_fr=slug) | Q(slug_en=slug))
        .first()
    )
    if disease is None:
        raise Http404
    if disease.slug != slug:
        # An address in the other language's slug: send to this language's own address.
        return redirect(disease, permanent=True)
    request.translatable_object = disease
    context = {"disease": disease, "sections": disease_sections(disease)}
    return render(request, "centre/disease_detail.html", context)


def contact(request):
    return render(request, "centre/contact.html")


def legal_notice(request):
    return render(request, "centre/legal_notice.html")


def privacy(request):
    return render(request, "centre/privacy.html")


def accessibility(request):
    return render(request, "centre/accessibility.html")
