"""Publication and talk pages, and citation downloads."""

from urllib.parse import urlencode

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.forms.models import ModelChoiceIterator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.functional import SimpleLazyObject, cached_property
from django.utils.translation import gettext_lazy as _
from django.views.generic import DetailView, ListView

from centre.models import Disease, Person
from mocsite.cache import cached_for_request

from .exporters import FORMATS
from .models import Publication, Talk
from .structured_data import scholarly_article, scholarly_articles

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
        query = Q()
        for code, _name in settings.LANGUAGES:
            query |= Q(**{f"slug_{code}": value})
        try:
            return self.queryset.filter(query).get()
        except (self.queryset.model.DoesNotExist, self.queryset.model.MultipleObjectsReturned,
                ValueError, TypeError) as error:
            raise ValidationError(self.error_messages["invalid_choice"],
                                  code="invalid_choice") from error


class PublicationFilterForm(forms.Form):
    """The GET filters: a plain form, so a filtered list has a shareable address."""

    year = forms.TypedChoiceField(label=_("Year"), required=False, coerce=int,
                                  empty_value=None)
    disease = SlugInAnyLanguageField(label=_("Disease"), required=False,
                                     queryset=None, to_field_name="slug",
                                     empty_label=_("All diseases"))
    member = LazyModelChoiceField(label=_("Team member"), required=False,
                                  queryset=None, to_field_name="slug",
                                  empty_label=_("All team members"))

    def __init__(self, *args, years=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [("", _("All years"))] + [(y, y) for y in years]
        self.fields["disease"].queryset_factory = lambda: Disease.objects.published().filter(
            publications__is_published=True).distinct()
        self.fields["member"].queryset_factory = lambda: Person.objects.published().filter(
            publications__is_published=True).distinct()

    def filters(self):
        """The valid filters: a wrong value (?member=nope, a member who left) drops that
        filter only, never the others of a shared address."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return {"year": data.get("year"), "disease": data.get("disease"),
                "person": data.get("member")}


def publication_years(request, base):
    """The years with a publication, newest first: cached until content changes."""
    return cached_for_request(
        request, "publication-years",
        lambda: [d.year for d in base.dates("date", "year", order="DESC")])


def filtered_publications(request):
    """(form, queryset) for the list page and the list export, from the GET parameters."""
    base = Publication.objects.published()
    form = PublicationFilterForm(request.GET or None, years=publication_years(request, base))
    return form, base.filtered(**form.filters())


class CachedCountPaginator(Paginator):
    """A paginator whose count is kept in the cache until content changes, under
    `count_name` (the page's filters): the page's list itself comes from a cached fragment,
    and the count is all the view needs to answer 404 for a page out of range."""

    def __init__(self, *args, request, count_name, **kwargs):
        super().__init__(*args, **kwargs)
        self.request = request
        self.count_name = count_name

    @cached_property
    def count(self):
        return cached_for_request(self.request, self.count_name, self.object_list.count)


class FilteredList:
    """The filtered list, for the language switcher: the same filters in each language,
    with the disease's slug of that language."""

    def __init__(self, filters, page_number=1):
        self.filters = filters
        self.page_number = page_number

    def get_absolute_url(self):
        params = {}
        if self.filters.get("year"):
            params["year"] = self.filters["year"]
        if self.filters.get("disease") is not None:
            params["disease"] = self.filters["disease"].slug
        if self.filters.get("person") is not None:
            params["member"] = self.filters["person"].slug
        if self.page_number > 1:
            params["page"] = self.page_number
        url = reverse("publications:list")
        return f"{url}?{urlencode(params)}" if params else url


class PublicationListView(ListView):
    """Grouped by year, newest first; 50 a page keeps a year of 2,000 entries readable."""

    paginate_by = 50
    template_name = "publications/publication_list.html"

    def get_queryset(self):
        self.form, queryset = filtered_publications(self.request)
        return queryset.for_listing()

    def get_paginator(self, queryset, per_page, **kwargs):
        filters = FilteredList(self.form.filters()).get_absolute_url()
        return CachedCountPaginator(queryset, per_page, **kwargs, request=self.request,
                                    count_name=f"publication-count:{filters}")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # Lazy: the list is read only when the page's cached fragments are not.
        page = SimpleLazyObject(lambda: list(context["object_list"]))
        query = self.request.GET.copy()
        query.pop("page", None)
        page_obj = context.get("page_obj")
        self.request.translatable_object = FilteredList(
            self.form.filters(), page_obj.number if page_obj is not None else 1)
        context.update({
            "form": self.form,
            "entries": page,
            "query": query.urlencode(),
            "is_filtered": any(self.form.filters().values()),
            "structured_data": lambda: scholarly_articles(page, self.request),
            "export_links": [
                {"label": label, "url": reverse("publications:export_list", args=[code])
                 + (f"?{query.urlencode()}" if query else "")}
                for code, label in EXPORT_FORMATS
            ],
        })
        return context


class PublicationDetailView(DetailView):
    template_name = "publications/publication_detail.html"

    def get_queryset(self):
        return Publication.objects.published().for_listing().prefetch_related("diseases")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # Built only when the page's cached fragment (mocsite/fragments.py) is not.
        context["structured_data"] = lambda: scholarly_article(self.object, self.request)
        context["export_links"] = [
            {"label": label,
             "url": reverse("publications:export_detail", args=[self.object.pk, code])}
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
    _form, queryset = filtered_publications(request)
    return _download(queryset, fmt, "publications")


def export_detail(request, pk, fmt):
    publication = get_object_or_404(Publication.objects.published(), pk=pk)
    return _download([publication], fmt, publication.export_stem)


class TalkListView(ListView):
    template_name = "publications/talk_list.html"

    def get_queryset(self):
        return Talk.objects.published().for_listing()
