"""schema.org ScholarlyArticle JSON-LD for publications."""

from mocsite.context_processors import absolute


def scholarly_article(publication, request):
    authors = []
    for family, given in publication.structured_authors:
        if family is None:
            authors.append({"@type": "Organization", "name": given})
        else:
            authors.append({"@type": "Person", "familyName": family,
                            **({"givenName": given} if given else {}),
                            "name": f"{given} {family}".strip()})
    identifiers = [
        {"@type": "PropertyValue", "propertyID": name, "value": value}
        for name, value in (("PMID", publication.pmid), ("PMCID", publication.pmcid),
                            ("DOI", publication.doi)) if value
    ]
    data = {
        "@context": "https://schema.org",
        "@type": "ScholarlyArticle",
        "@id": absolute(request, publication.get_absolute_url()),
        "url": absolute(request, publication.get_absolute_url()),
        "headline": publication.title[:110],
        "name": publication.title,
        "author": authors,
        "datePublished": publication.iso_date,
        "isPartOf": {"@type": "Periodical", "name": publication.journal}
        if publication.journal else None,
        "identifier": identifiers,
        "sameAs": [u for u in (publication.doi_url, publication.pubmed_url,
                               publication.pmc_url) if u],
    }
    return {k: v for k, v in data.items() if v}


def scholarly_articles(publications, request):
    return [scholarly_article(p, request) for p in publications]
