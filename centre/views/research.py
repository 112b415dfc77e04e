"""Clinical research: the trials and registries the centre takes part in, a page per trial."""

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views.generic import DetailView

from mocsite.links import language_links
from mocsite.paging import requested_page
from mocsite.publishing import note_unpublished, private_when_unpublished, visible_to

from .. import opendata, structured_data
from ..models import PageIntro, Registry, Trial

# Trials, and registries, a page of the research page lists.
RESEARCH_PAGE_SIZE = 20


def research(request):
    """Trials and registries, 20 of each a page: page N lists the Nth twenty of each list,
    so one page number (the one the canonical address, the language links and the page
    cache know) pages both; there are as many pages as the longer list needs. Each trial
    has its own page."""
    trials = Paginator(Trial.objects.published().for_listing(), RESEARCH_PAGE_SIZE)
    registries = Paginator(Registry.objects.published().for_listing(), RESEARCH_PAGE_SIZE)
    page_obj = requested_page(request, max(trials, registries, key=lambda p: p.count))
    number = page_obj.number
    page_trials = list(trials.page(number)) if number <= trials.num_pages else []
    page_registries = list(registries.page(number)) if number <= registries.num_pages else []
    context = {
        "intro": PageIntro.text_for(PageIntro.Page.RESEARCH),
        "page_obj": page_obj,
        "paginator": page_obj.paginator,
        "trials": page_trials,
        "registries": page_registries,
        "json_ld": structured_data.trials(page_trials),
        "data_links": opendata.data_links("centre:trials_data"),
    }
    return render(request, "centre/research.html", context)


@method_decorator(private_when_unpublished, name="dispatch")
class TrialDetailView(DetailView):
    """A trial's page, at its NCT number in lower case (an address typed in capitals is
    sent there)."""

    template_name = "centre/trial_detail.html"
    context_object_name = "trial"

    def get(self, request, *args, **kwargs):
        slug = kwargs["slug"]
        if slug != slug.lower():
            return redirect("centre:trial_detail", slug=slug.lower(), permanent=True)
        return super().get(request, *args, **kwargs)

    def get_object(self, queryset=None):
        trials = visible_to(self.request, Trial.objects).for_listing()
        trial = trials.filter(nct_id=self.kwargs["slug"].upper()).first()
        if trial is None:
            raise Http404
        return note_unpublished(self.request, trial)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        trial = self.object
        context["disease"] = trial.disease if trial.disease and trial.disease.is_live else None
        context["json_ld"] = structured_data.trial_page(trial)
        context["breadcrumb_json_ld"] = structured_data.breadcrumbs(
            self.request,
            [
                (_("Home"), reverse("centre:home")),
                (_("Clinical research"), reverse("centre:research")),
                (trial.title, trial.get_absolute_url()),
            ],
        )
        context["language_links"] = language_links(self.request, trial)
        return context
