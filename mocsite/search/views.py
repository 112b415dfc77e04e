"""The results page (/fr/rechercher/, /en/search/) and the OpenSearch description.

The page reads `q`, which is not one of the page cache's PAGE_PARAMETERS, so no result
page is ever stored (mocsite/cache.py); it is `noindex` for search engines too.
"""

from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.templatetags.static import static
from django.urls import reverse
from django.utils import translation
from django.views.decorators.http import require_safe

from mocsite.links import absolute, language_links

from . import engine


@require_safe
def results(request):
    language = translation.get_language()
    typed = request.GET.get("q", "")
    kind = request.GET.get("type", "")
    page = request.GET.get("page", "1")
    outcome = engine.search(typed, language, kind=kind, page=page)
    if outcome.redirect:
        return HttpResponseRedirect(outcome.redirect)
    query = outcome.query
    parameters = {"q": query.text} if query.text else {}
    links = language_links(request)
    if parameters:
        extra = urlencode({**parameters, **({"type": outcome.kind} if outcome.kind else {})})
        for link in links:
            link["path"] = f"{link['path'].split('?')[0]}?{extra}"
            link["url"] = absolute(request, link["path"])
    context = {
        "outcome": outcome,
        "search_query": query.text,
        "query_string": urlencode(parameters),
        "kind_query": urlencode({**parameters, "type": outcome.kind}),
        "language_links": links,
    }
    response = render(request, "search/results.html", context)
    response["X-Robots-Tag"] = "noindex"
    return response


def _absolute_static(request, path):
    url = static(path)
    return url if url.startswith(("http://", "https://")) else absolute(request, url)


@require_safe
def opensearch(request):
    """The OpenSearch description: browsers offer the site's search in their address bar.
    `?lang=en` describes the English results page (base.html links the page's own)."""
    codes = [code for code, _name in settings.LANGUAGES]
    language = request.GET.get("lang")
    language = language if language in codes else settings.LANGUAGE_CODE
    with translation.override(language):
        context = {
            "language": language,
            "results_url": absolute(request, reverse("search")),
            "self_url": absolute(request, reverse("opensearch")),
            "icon_url": _absolute_static(request, "img/favicon.svg"),
        }
        return render(
            request,
            "search/opensearch.xml",
            context,
            content_type="application/opensearchdescription+xml; charset=utf-8",
        )
