"""Structured data: every JSON-LD block of every page, in both languages, checked against
the schema.org vocabulary (tests/site/schema_org.py, offline), and what Google's rich
results require of the types that have them."""

import pytest

from tests.site.outputs_helpers import (
    LANGUAGES,
    json_ld_blocks,
    obj_url,
    parse_html,
    rich_content,
    sitemap_paths,
    url,
)
from tests.site.schema_org import PROPERTIES, TYPES, check_node

pytestmark = pytest.mark.django_db


@pytest.fixture
def content(seeded):
    return rich_content()


def all_pages(client, content):
    paths = sitemap_paths(client)
    for lang in LANGUAGES:
        paths += [
            url("publications:list", lang) + "?disease=" + content["disease"].slug,
            url("publications:list", lang) + "?page=1",
        ]
    return paths


def test_every_block_of_every_page_uses_the_vocabulary(client, content):
    problems, seen_types, seen_properties = [], set(), set()
    pages = all_pages(client, content)
    assert len(pages) > 60
    for path in pages:
        response = client.get(path)
        assert response.status_code == 200, path
        for block in json_ld_blocks(response.content.decode()):
            problems += [f"{path} {problem}" for problem in check_node(block)]
            _collect(block, seen_types, seen_properties)
    assert not problems, "\n".join(problems)
    # The allow-list holds no term the site does not use (it stays small and true).
    assert seen_types >= set(TYPES) - _ABSTRACT, set(TYPES) - _ABSTRACT - seen_types
    assert seen_properties == set(PROPERTIES), set(PROPERTIES) ^ seen_properties


# Types listed only as parents of the ones used.
_ABSTRACT = {
    "Thing",
    "Intangible",
    "CreativeWork",
    "WebPage",
    "Comment",
    "Article",
    "Episode",
    "MediaObject",
    "CreativeWorkSeries",
    "Series",
    "DefinedTerm",
    "CategoryCode",
    "ItemList",
    "StructuredValue",
    "ContactPoint",
    "Enumeration",
    "StatusEnumeration",
    "EventStatusType",
    "EventAttendanceModeEnumeration",
    "MedicalEnumeration",
    "MedicalStudyStatus",
    "MedicalEntity",
    "MedicalIntangible",
    "MedicalStudy",
    "Place",
    "CivicStructure",
    "LocalBusiness",
    "EmergencyService",
    "Action",
    "Periodical",
}


def _collect(node, types, properties):
    if isinstance(node, list):
        for item in node:
            _collect(item, types, properties)
    elif isinstance(node, dict):
        if "@type" in node:
            types.add(node["@type"])
        for name, value in node.items():
            if not name.startswith("@"):
                properties.add(name)
            _collect(value, types, properties)


def test_the_checker_refuses_what_schema_org_does_not_have():
    assert check_node(
        {"@context": "https://schema.org", "@type": "PodcastEpisode", "transcript": "x"}
    )
    assert check_node({"@context": "https://schema.org", "@type": "PodcastSeries", "episode": []})
    assert check_node(
        {
            "@context": "https://schema.org",
            "@type": "Event",
            "eventStatus": "https://schema.org/Open",
        }
    )
    assert check_node(
        {"@context": "https://schema.org", "@type": "Event", "location": {"@type": "Person"}}
    )
    assert check_node({"@context": "https://schema.org", "@type": "Person", "startDate": "2021"})
    assert not check_node(
        {
            "@context": "https://schema.org",
            "@type": "AudioObject",
            "transcript": "x",
            "duration": "PT1M3S",
        }
    )


def _blocks(client, path):
    return {block["@type"]: block for block in json_ld_blocks(client.get(path).content.decode())}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_each_kind_of_page_has_its_blocks(client, content, lang):
    expected = {
        url("centre:home", lang): {"MedicalOrganization", "WebSite"},
        obj_url(content["person"], lang): {"Person", "BreadcrumbList"},
        # With the review rich_content confirms: the page, lastReviewed and reviewedBy.
        obj_url(content["disease"], lang): {
            "MedicalCondition",
            "FAQPage",
            "BreadcrumbList",
            "MedicalWebPage",
        },
        url("centre:about", lang): {"AboutPage"},
        obj_url(content["online"], lang): {"Event", "BreadcrumbList"},
        obj_url(content["trial"], lang): {"MedicalTrial", "BreadcrumbList"},
        obj_url(content["article"], lang): {"ScholarlyArticle", "BreadcrumbList"},
        url("publications:list", lang): {"ItemList"},
        url("podcasts:list", lang): {"BreadcrumbList"},
        obj_url(content["series"], lang): {"PodcastSeries", "BreadcrumbList"},
        obj_url(content["episode"], lang): {"PodcastEpisode", "BreadcrumbList"},
    }
    for path, types in expected.items():
        assert set(_blocks(client, path)) == types, path
    (research,) = json_ld_blocks(client.get(url("centre:research", lang)).content.decode())
    assert {node["@type"] for node in research["@graph"]} == {"MedicalTrial"}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_breadcrumb_lists_say_what_the_visible_breadcrumbs_say(client, content, lang):
    paths = [
        obj_url(content[name], lang)
        for name in ("person", "disease", "online", "trial", "article", "series", "episode")
    ] + [url("podcasts:list", lang)]
    for path in paths:
        html = client.get(path).content.decode()
        nav = next(n for n in parse_html(html).iter("nav") if n.get("class") == "breadcrumb")
        visible = [
            ("".join(a.itertext()), "http://testserver" + a.get("href")) for a in nav.iter("a")
        ]
        crumbs = _blocks(client, path)["BreadcrumbList"]["itemListElement"]
        assert [c["position"] for c in crumbs] == list(range(1, len(visible) + 1))
        assert [c["item"] for c in crumbs] == [link for _name, link in visible], path
        for crumb, (name, _link) in zip(crumbs, visible, strict=True):
            # A long title is cut in the visible breadcrumb ("…"), whole in the markup.
            assert crumb["name"] == name or crumb["name"].startswith(name.removesuffix("…"))


@pytest.mark.parametrize("lang", LANGUAGES)
def test_events_have_the_location_rich_results_require(client, content, lang):
    for event in Event_with_place(content):
        data = _blocks(client, obj_url(event, lang))["Event"]
        places = data["location"] if isinstance(data["location"], list) else [data["location"]]
        place = next(p for p in places if p["@type"] == "Place")
        assert place["address"] == getattr(event, f"location_{lang}")
        assert {"name", "startDate"} <= set(data)
    online = _blocks(client, obj_url(content["online"], lang))["Event"]
    assert online["location"] == {"@type": "VirtualLocation", "url": "https://example.org/register"}
    assert online["eventAttendanceMode"].endswith("/OnlineEventAttendanceMode")
    assert online["startDate"].endswith("T19:00:00+01:00") or online["startDate"].endswith(
        "T19:00:00+02:00"
    )
    mixed = _blocks(client, obj_url(content["mixed"], lang))["Event"]
    assert mixed["eventAttendanceMode"].endswith("/MixedEventAttendanceMode")
    assert {p["@type"] for p in mixed["location"]} == {"Place", "VirtualLocation"}
    cancelled = _blocks(client, obj_url(content["cancelled"], lang))["Event"]
    assert cancelled["eventStatus"] == "https://schema.org/EventCancelled"


def Event_with_place(content):
    from centre.models import Event

    return [event for event in Event.objects.published() if event.start_date and event.location] + [
        content["mixed"]
    ]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_podcast_markup_puts_each_property_where_schema_org_has_it(client, content, lang):
    series = _blocks(client, obj_url(content["series"], lang))["PodcastSeries"]
    assert "episode" not in series
    assert obj_url(content["episode"], lang) in {
        part["url"].removeprefix("http://testserver") for part in series["hasPart"]
    }
    assert series["image"].endswith(".png")
    episode = _blocks(client, obj_url(content["episode"], lang))["PodcastEpisode"]
    assert "transcript" not in episode and "actor" not in episode
    audio = episode["associatedMedia"]
    assert audio["@type"] == "AudioObject" and audio["encodingFormat"] == "audio/mpeg"
    assert audio["transcript"] == {"fr": "Bonjour.\n\nAu revoir.", "en": "Hello.\n\nGoodbye."}[lang]
    assert episode["contributor"]["url"].endswith(obj_url(content["person"], lang))


@pytest.mark.parametrize("lang", LANGUAGES)
def test_authors_with_particles_are_people_and_groups_organisations(client, content, lang):
    article = _blocks(client, obj_url(content["article"], lang))["ScholarlyArticle"]
    authors = [(a["@type"], a.get("familyName", a["name"])) for a in article["author"]]
    assert authors == [
        ("Person", "de Vernejoul"),
        ("Person", "de Vernejoul"),
        ("Person", "van der Meer"),
        ("Person", "Koumakis"),
        ("Organization", "Groupe de recherche et d’information sur les ostéoporoses (GRIO)"),
    ]
    assert article["author"][0]["givenName"] == "MC"
    assert article["about"][0]["name"] == content["disease"].name


@pytest.mark.parametrize("lang", LANGUAGES)
def test_home_and_member_pages(client, content, lang):
    home = _blocks(client, url("centre:home", lang))
    site = home["WebSite"]
    assert site["url"] == "http://testserver" + url("centre:home", lang)
    assert site["inLanguage"] == lang
    assert site["publisher"] == {"@id": home["MedicalOrganization"]["@id"]}
    action = site["potentialAction"]
    assert action["target"]["urlTemplate"] == (
        "http://testserver" + url("search", lang) + "?q={search_term}"
    )
    assert action["query-input"] == "required name=search_term"
    person = _blocks(client, obj_url(content["person"], lang))["Person"]
    assert (person["givenName"], person["familyName"]) == ("Eugénie", "Koumakis")
    assert person["image"].endswith(".png")
    assert person["worksFor"]["@id"] == home["MedicalOrganization"]["@id"]
