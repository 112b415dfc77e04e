"""Publication and talk pages, and citation downloads."""

from django import forms
from django.core.exceptions import ValidationError
from django.forms.models import ModelChoiceIterator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext_lazy as _
from django.views.generic import DetailView, ListView

from centre.models import Disease, Person
from mocsite.cache import cached_for_request
from mocsite.fragments import render_page, whole_page
from mocsite.pagination import ListAddress, cached_paginator, page_or_404
from mocsite.slugs import by_any_slug

from .exporters import FORMATS
from .models import Publication, Talk
from .structured_data import publication_item_list, scholarly_article

EXPORT_FORMATS = [("ris", "RIS"), ("bibtex", "BibTeX"), ("csl", "CSL-JSON")]


class LazyModelChoiceIterator(ModelChoiceIterator):
    """Reads the field's queryset when the choices are listed, not when they are set."""

    def __init__(self, field):
        self.field = field

    @property
    def queryset(self):
        return self.field.queryset


class LazyModelChoiceField(forms.ModelChoiceField):
    """A ModelChoiceField whose queryset is built by `queryset_factory` on first use:
    rendering the select or checking a value. A list page whose form comes from a cached
    fragment (mocsite/fragments.py) does neither, and building these querysets (a join and
    DISTINCT) was most of its remaining time."""

    queryset_factory = None
    iterator = LazyModelChoiceIterator

    def _get_queryset(self):
        if self._queryset is None and self.queryset_factory is not None:
            self._set_queryset(self.queryset_factory())
        return self._queryset

    queryset = property(_get_queryset, forms.ModelChoiceField._set_queryset)

    def __deepcopy__(self, memo):
        # Django's copy would build the queryset: copy the factory instead.
        result = super(forms.ChoiceField, self).__deepcopy__(memo)
        result.queryset = None
        result.queryset_factory = self.queryset_factory
        return result


class SlugInAnyLanguageField(LazyModelChoiceField):
    """A disease by its slug in either language: a filtered address copied from the French
    pages (?disease=hypophosphatasie) still filters the English ones, and the reverse."""

    def to_python(self, value):
        if value in self.empty_values:
            return None
        found = by_any_slug(self.queryset, value)
        if found is None:
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return found


class PublicationFilterForm(forms.Form):
    """The GET filters: a plain form, so a filtered list has a shareable address."""

    year = forms.TypedChoiceField(label=_("Year"), required=False, coerce=int, empty_value=None)
    disease = SlugInAnyLanguageField(
        label=_("Disease"),
        required=False,
        queryset=None,
        to_field_name="slug",
        empty_label=_("All diseases"),
    )
    member = LazyModelChoiceField(
        label=_("Team member"),
        required=False,
        queryset=None,
        to_field_name="slug",
        empty_label=_("All team members"),
    )

    def __init__(self, *args, years=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [("", _("All years"))] + [(y, y) for y in years]
        self.fields["disease"].queryset_factory = lambda: (
            Disease.objects.published().filter(publications__is_published=True).distinct()
        )
        self.fields["member"].queryset_factory = lambda: (
            Person.objects.published().filter(publications__is_published=True).distinct()
        )

    def filters(self):
        """The valid filters: a wrong value (?member=nope, a member who left) drops that
        filter only, never the others of a shared address."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return {
            "year": data.get("year"),
            "disease": data.get("disease"),
            "person": data.get("member"),
        }


def publication_years(request):
    """The years with a publication, newest first: cached until content changes."""
    return cached_for_request(
        request,
        "publication-years",
        lambda: tuple(
            d.year for d in Publication.objects.published().dates("date", "year", order="DESC")
        ),
    )


NO_FILTERS = {"year": None, "disease": None, "person": None}


def publication_filters(request, years):
    """The valid filters of the address (a plain list needs no form at all)."""
    if not request.GET:
        return dict(NO_FILTERS)
    return PublicationFilterForm(request.GET, years=years).filters()


def filtered_publications(request):
    """The published entries the address's filters select (the list export)."""
    filters = publication_filters(request, publication_years(request))
    return Publication.objects.published().filtered(**filters)


class FilteredList(ListAddress):
    """The filtered list's address: the same filters in each language, with the disease's
    slug of that language (for the language switcher)."""

    def __init__(self, filters, page_number=1):
        super().__init__("publications:list", page_number=page_number)
        self.filters = filters

    def get_params(self):
        disease, person = self.filters.get("disease"), self.filters.get("person")
        return {
            "year": self.filters.get("year"),
            "disease": disease.slug if disease is not None else None,
            "member": person.slug if person is not None else None,
        }


# Grouped by year, newest first; 50 a page keeps a year of 2,000 entries readable.
PUBLICATIONS_PER_PAGE = 50


def publication_list(request):
    """The list, filtered by year, disease and member through a plain GET form (a filtered
    list has a shareable address). A wrong filter value (?member=nope, a member who left)
    drops that filter only; a page out of range is a 404. The page depends only on the
    valid filters and the page number, and is cached as such."""
    years = publication_years(request)
    filters = publication_filters(request, years)
    current = FilteredList(filters)
    query = current.query()

    def rows():
        return Publication.objects.published().filtered(**filters).for_listing()

    paginator = cached_paginator(request, f"publications:{query}", rows, PUBLICATIONS_PER_PAGE)
    page = page_or_404(paginator, request.GET.get("page"))
    # The page depends on the valid filters and the page number only.
    FilteredList(filters, page.number).serve(request)
    context = {
        # The form shows the filters in force (not a wrong value that was dropped).
        "form": SimpleLazyObject(
            lambda: PublicationFilterForm(
                initial={
                    "year": filters["year"],
                    "disease": filters["disease"],
                    "member": filters["person"],
                },
                years=years,
            )
        ),
        "paginator": paginator,
        "page_obj": page,
        "entries": page.object_list,
        "query": query,
        "is_filtered": any(filters.values()),
        "structured_data": lambda: publication_item_list(
            page.object_list, request, start=page.start_index()
        ),
        "export_links": lambda: [
            {
                "label": label,
                "url": reverse("publications:export_list", args=[code])
                + (f"?{query}" if query else ""),
            }
            for code, label in EXPORT_FORMATS
        ],
    }
    return render_page(request, "publications/publication_list.html", context)


@method_decorator(whole_page, name="dispatch")
class PublicationDetailView(DetailView):
    template_name = "publications/publication_detail.html"

    def get_queryset(self):
        return Publication.objects.published().for_listing().prefetch_related("diseases")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # Built only when the page's cached fragment (mocsite/fragments.py) is not.
        context["structured_data"] = lambda: scholarly_article(self.object, self.request)
        context["export_links"] = [
            {
                "label": label,
                "url": reverse("publications:export_detail", args=[self.object.pk, code]),
            }
            for code, label in EXPORT_FORMATS
        ]
        self.request.translatable_object = self.object
        return context


def _download(publications, fmt, stem):
    if fmt not in FORMATS:
        raise Http404
    render, content_type, extension = FORMATS[fmt]
    response = HttpResponse(render(publications), content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{stem}.{extension}"'
    return response


def export_list(request, fmt):
    return _download(filtered_publications(request), fmt, "publications")


def export_detail(request, pk, fmt):
    publication = get_object_or_404(Publication.objects.published(), pk=pk)
    return _download([publication], fmt, publication.export_stem)


@method_decorator(whole_page, name="dispatch")
class TalkListView(ListView):
    template_name = "publications/talk_list.html"

    def get_queryset(self):
        return Talk.objects.published().for_listing()
