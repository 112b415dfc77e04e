"""schema.org JSON-LD for publications: a ScholarlyArticle per entry, an ItemList per list."""

from mocsite.links import absolute

from .exporters import citation_authors


def scholarly_article(publication, request):
    """A ScholarlyArticle; authors read as the citation exports read them (a family name
    with its particles is a Person, a group author an Organization)."""
    authors = []
    for family, given in citation_authors(publication):
        if family is None:
            authors.append({"@type": "Organization", "name": given})
        else:
            authors.append(
                {
                    "@type": "Person",
                    "familyName": family,
                    **({"givenName": given} if given else {}),
                    "name": f"{given} {family}".strip(),
                }
            )
    identifiers = [
        {"@type": "PropertyValue", "propertyID": name, "value": value}
        for name, value in (
            ("PMID", publication.pmid),
            ("PMCID", publication.pmcid),
            ("DOI", publication.doi),
        )
        if value
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
        if publication.journal
        else None,
        "inLanguage": publication.language,
        "about": [
            {
                "@type": "MedicalCondition",
                "name": disease.name,
                "url": absolute(request, disease.get_absolute_url()),
            }
            for disease in publication.diseases.all()
            if disease.is_live
        ],
        "identifier": identifiers,
        "sameAs": [
            u for u in (publication.doi_url, publication.pubmed_url, publication.pmc_url) if u
        ],
    }
    return {k: v for k, v in data.items() if v}


def publication_item_list(publications, request, start=1):
    """A list page's markup: an ItemList pointing at each entry's own page, which carries
    the full ScholarlyArticle (schema.org's summary-page pattern). Repeating every author
    list here doubled the list page's weight for no gain."""
    return {
        "@context": "https://schema.org",
        "@type": "ItemList",
        "itemListElement": [
            {
                "@type": "ListItem",
                "position": position,
                "name": publication.title,
                "url": absolute(request, publication.get_absolute_url()),
            }
            for position, publication in enumerate(publications, start=start)
        ],
    }
