"""Publication and talk pages, and citation downloads."""

from urllib.parse import urlencode

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.decorators import method_decorator
from django.utils.translation import gettext_lazy as _
from django.views.generic import DetailView, ListView

from centre.models import Disease, Person
from centre.opendata import data_links
from centre.structured_data import breadcrumbs
from mocsite.cache import reads_parameters
from mocsite.links import absolute, language_links
from mocsite.models import published_q
from mocsite.paging import PlainPageNumbers, plain_number
from mocsite.publishing import note_unpublished, private_when_unpublished, visible_to

from .exporters import FORMATS
from .models import Publication, Talk
from .structured_data import publication_item_list, scholarly_article

EXPORT_FORMATS = [("ris", "RIS"), ("bibtex", "BibTeX"), ("csl", "CSL-JSON")]


# The filters offer the diseases and team members with the most publications, so the
# form stays the same size whatever the content; any other one with publications is
# still a valid filter (the links of its own page lead there).
FILTER_OPTIONS_SHOWN = 25


def _most_published(queryset, fields):
    """Up to FILTER_OPTIONS_SHOWN rows with published entries, the most published, in
    their usual order; only `fields` (what an option shows) are read."""
    published = published_q("publications__")
    ranked = (
        queryset.only(*fields, *(name.lstrip("-") for name in queryset.model._meta.ordering))
        .filter(published)
        .annotate(entries=Count("publications", filter=published))
        .order_by("-entries", *queryset.model._meta.ordering, "pk")[:FILTER_OPTIONS_SHOWN]
    )
    return in_usual_order(list(ranked), queryset.model)


def in_usual_order(rows, model):
    """The rows sorted as the model's Meta.ordering sorts them (one stable pass a field,
    the last field first)."""
    rows = list(rows)
    for field in reversed(model._meta.ordering):
        name = field.lstrip("-")
        rows.sort(key=lambda row, name=name: getattr(row, name), reverse=field.startswith("-"))
    return rows


class FilterOptions:
    """What the filters offer: the years, and the diseases and team members with the
    most publications (three queries, read once for the page's form and for checking
    the address); a value not offered is looked up (one more query)."""

    def __init__(self):
        published = Publication.objects.published()
        self.years = [d.year for d in published.dates("date", "year", order="DESC")]
        self.diseases = _most_published(Disease.objects.published(), ["slug", "name"])
        self.members = _most_published(
            Person.objects.published(), ["slug", "title", "first_name", "last_name"]
        )

    def disease(self, slug):
        """The disease with publications whose slug, in either language, is `slug`: a
        filtered address copied from the French pages (?disease=hypophosphatasie) still
        filters the English ones."""
        for disease in self.diseases:
            if slug in (getattr(disease, f"slug_{code}") for code, _name in settings.LANGUAGES):
                return disease
        found = with_publications(Disease.objects.published()).by_any_slug(slug)
        if found is not None:  # offered too, as the filter in force
            self.diseases = in_usual_order([*self.diseases, found], Disease)
        return found

    def member(self, slug):
        for member in self.members:
            if member.slug == slug:
                return member
        found = with_publications(Person.objects.published()).filter(slug=slug).first()
        if found is not None:
            self.members = in_usual_order([*self.members, found], Person)
        return found


def with_publications(queryset):
    return queryset.filter(published_q("publications__")).distinct()


class PublicationFilterForm(forms.Form):
    """The GET filters: a plain form, so a filtered list has a shareable address. Each
    list offers only the values that have a publication; a value is checked against
    them in Python (never sent to the database)."""

    year = forms.TypedChoiceField(label=_("Year"), required=False, coerce=int, empty_value=None)
    disease = forms.CharField(label=_("Disease"), required=False, widget=forms.Select)
    member = forms.CharField(label=_("Team member"), required=False, widget=forms.Select)

    def __init__(self, *args, options, **kwargs):
        super().__init__(*args, **kwargs)
        self.options = options
        self.fields["year"].choices = [("", _("All years"))] + [(y, y) for y in options.years]
        self.fields["disease"].widget.choices = [("", _("All diseases"))] + [
            (disease.slug, disease.name) for disease in options.diseases
        ]
        self.fields["member"].widget.choices = [("", _("All team members"))] + [
            (member.slug, str(member)) for member in options.members
        ]

    def clean_disease(self):
        return self._known(self.options.disease, self.cleaned_data["disease"])

    def clean_member(self):
        return self._known(self.options.member, self.cleaned_data["member"])

    def _known(self, look_up, value):
        if not value:
            return None
        # Slugs are plain ASCII words: anything else is refused without a query.
        found = look_up(value) if value.isascii() and len(value) <= 200 else None
        if found is None:
            raise ValidationError(_("Select a valid choice."), code="invalid_choice")
        return found

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


class FilteredList:
    """The list's address with its valid filters and page number; in each language, the
    disease's and member's slugs of that language (for the language switcher)."""

    def __init__(self, filters, page_number=1):
        self.filters = filters
        self.page_number = page_number

    def query(self, page=True):
        disease, person = self.filters["disease"], self.filters["person"]
        params = {
            "year": self.filters["year"],
            "disease": disease.slug if disease is not None else None,
            "member": person.slug if person is not None else None,
        }
        if page and self.page_number > 1:
            params["page"] = self.page_number
        return urlencode({name: value for name, value in params.items() if value})

    def get_absolute_url(self):
        query = self.query()
        url = reverse("publications:list")
        return f"{url}?{query}" if query else url


# The address's parameters the filter form reads (the page cache stores such addresses).
FILTER_PARAMETERS = ("year", "disease", "member")


def filtered_publications(request):
    """The published entries the address's filters select."""
    filters = {}
    reads_parameters(request, *FILTER_PARAMETERS)
    if request.GET:
        filters = PublicationFilterForm(request.GET, options=FilterOptions()).filters()
    return Publication.objects.published().filtered(**filters)


class PublicationListView(PlainPageNumbers, ListView):
    """The list, filtered by year, disease and member through a plain GET form (a filtered
    list has a shareable address). A wrong filter value (?member=nope, a member who left)
    drops that filter only; a page out of range is a 404."""

    template_name = "publications/publication_list.html"
    context_object_name = "entries"
    # Grouped by year, newest first, 20 a page (each entry is a full citation).
    paginate_by = 20

    def get(self, request, *args, **kwargs):
        self.options = FilterOptions()
        self.filters = {"year": None, "disease": None, "person": None}
        reads_parameters(request, *FILTER_PARAMETERS)
        if request.GET:
            self.filters = PublicationFilterForm(request.GET, options=self.options).filters()
        # Anything else than a plain number ("last" too) is left out of the address here;
        # the paginator answers it (PlainPageNumbers: a 404, or the last page).
        self.address = FilteredList(self.filters, plain_number(request.GET.get("page", "")) or 1)
        response = super().get(request, *args, **kwargs)
        if request.GET.urlencode() != self.address.query():
            # Another spelling of a list (a dropped filter, a slug of the other language,
            # parameters in another order): served, but the page cache keeps only the
            # canonical address, so made-up addresses cannot multiply its entries.
            patch_cache_control(response, private=True)
        return response

    def get_queryset(self):
        return Publication.objects.published().filtered(**self.filters).for_listing()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        page = context["page_obj"]
        query = self.address.query(page=False)
        disease = self.filters["disease"]
        context.update(
            {
                # The address in force, as the alternates and x-default have it: a
                # filtered list is a page of its own, not a copy of the whole list.
                "canonical_url": absolute(
                    self.request, FilteredList(self.filters, page.number).get_absolute_url()
                ),
                "feed_url": reverse("publications:feed"),
                "disease_feed_url": (
                    reverse("publications:disease_feed", args=[disease.slug]) if disease else ""
                ),
                "disease_feed_title": (
                    _("New publications about %(name)s (Atom feed)") % {"name": disease.name}
                    if disease
                    else ""
                ),
                "data_links": data_links("publications:data", query),
                # The form shows the filters in force (not a wrong value that was dropped).
                "form": PublicationFilterForm(
                    initial={
                        "year": self.filters["year"],
                        "disease": getattr(self.filters["disease"], "slug", ""),
                        "member": getattr(self.filters["person"], "slug", ""),
                    },
                    options=self.options,
                ),
                "query": query,
                "is_filtered": any(self.filters.values()),
                "structured_data": publication_item_list(
                    page.object_list, self.request, start=page.start_index()
                ),
                "export_links": [
                    {
                        "label": label,
                        "url": reverse("publications:export_list", args=[code])
                        + (f"?{query}" if query else ""),
                    }
                    for code, label in EXPORT_FORMATS
                ],
                "language_links": language_links(
                    self.request, FilteredList(self.filters, page.number)
                ),
            }
        )
        return context


@method_decorator(private_when_unpublished, name="dispatch")
class PublicationDetailView(DetailView):
    template_name = "publications/publication_detail.html"

    def get_queryset(self):
        publications = visible_to(self.request, Publication.objects)
        return publications.for_listing().prefetch_related("diseases")

    def get_object(self, queryset=None):
        return note_unpublished(self.request, super().get_object(queryset))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["structured_data"] = scholarly_article(self.object, self.request)
        context["export_links"] = [
            {
                "label": label,
                "url": reverse("publications:export_detail", args=[self.object.pk, code]),
            }
            for code, label in EXPORT_FORMATS
        ]
        context["language_links"] = language_links(self.request, self.object)
        context["breadcrumb_json_ld"] = breadcrumbs(
            self.request,
            [
                (_("Home"), reverse("centre:home")),
                (_("Publications"), reverse("publications:list")),
                (self.object.title, self.object.get_absolute_url()),
            ],
        )
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


class TalkListView(PlainPageNumbers, ListView):
    """The talks, newest first, grouped by year, 20 a page (as the publications)."""

    template_name = "publications/talk_list.html"
    paginate_by = 20

    def get_queryset(self):
        # The pk last: talks of the same date and title keep one order, so each is on
        # exactly one page.
        talks = Talk.objects.published().for_listing()
        return talks.order_by(*Talk._meta.ordering, "pk")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["data_links"] = data_links("talks:data")
        return context
