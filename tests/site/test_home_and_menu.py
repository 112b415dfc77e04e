"""The main menu as the server sends it, and the home page's live content (issue 18, 7)."""

import datetime
import re

import pytest
from django.core.cache import caches
from django.urls import NoReverseMatch, reverse
from django.utils import timezone, translation

from centre.models import Event
from mocsite import context_processors
from mocsite.context_processors import NAVIGATION
from podcasts.models import Episode
from publications.models import Publication

pytestmark = pytest.mark.django_db


def top_level_items(html):
    menu = re.search(
        r'<ul class="wrap main-menu" id="main-menu">(.*?)\n    </ul>\n  </nav>', html, re.S
    )
    return re.findall(
        r"^      <li[^>]*>(?:<details[^>]*><summary>([^<]+)</summary>|<a [^>]*>([^<]+)</a>)",
        menu.group(1),
        re.M,
    )


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        (
            "fr",
            [
                "Le centre",
                "Maladies",
                "Soins",
                "Recherche clinique",
                "Podcasts",
                "Événements",
                "Contact",
            ],
        ),
        (
            "en",
            [
                "The centre",
                "Diseases",
                "Care",
                "Clinical research",
                "Podcasts",
                "Events",
                "Contact",
            ],
        ),
    ],
)
def test_seven_top_level_items_with_disclosure_menus(seeded, client, lang, expected):
    html = client.get(f"/{lang}/").content.decode()
    items = [summary or link for summary, link in top_level_items(html)]
    assert items == expected
    assert html.count('<details class="submenu">') == 3
    with translation.override(lang):
        for name in ("centre:team", "centre:care_protocols", "publications:list", "talks:list"):
            assert f'href="{reverse(name)}"' in html
        assert f'href="{reverse("centre:research")}#registries"' in html
    # The language switch and the search field are still in the header.
    assert 'class="language-switcher"' in html and 'id="site-search-q"' in html
    # Nothing hides the menu until a script runs: no toggle button, no folding class.
    assert "nav-toggle" not in html and "is-collapsible" not in html


def test_the_current_page_is_marked_in_its_menu(seeded, client):
    html = client.get("/en/team/").content.decode()
    assert re.search(r'<li class="is-current"><details class="submenu"><summary>The centre<', html)
    assert re.search(r'<a href="/en/team/" aria-current="page">Team</a>', html)
    html = client.get("/en/publications/").content.decode()
    assert re.search(
        r'<li class="is-current"><details class="submenu"><summary>Clinical research<', html
    )


def test_menu_links_to_pages_not_there_yet_are_left_out(rf, monkeypatch):
    """The referral and transition pages come from another branch: until their URL names
    exist, their menu links are left out, and the menu still renders."""
    menu = [("Care", [("centre:care_protocols", "PNDS", ""), ("centre:not-yet", "Soon", "")])]
    monkeypatch.setattr(context_processors, "NAVIGATION", menu)
    with translation.override("en"):
        with pytest.raises(NoReverseMatch):
            reverse("centre:not-yet")
        items = context_processors.navigation(rf.get("/en/"))
    assert [link["label"] for link in items[0]["links"]] == ["PNDS"]
    names = [
        name for entry in NAVIGATION for name, *_rest in entry[1] if isinstance(entry[1], list)
    ]
    assert {"centre:referral", "centre:transition", "centre:glossary"} <= set(names)


def test_home_shows_the_next_event_and_the_latest_episodes_and_publications(seeded, client):
    html = client.get("/en/").content.decode()
    assert "No upcoming event is announced at the moment." in html  # the seed's are past
    latest = Publication.objects.published().order_by("-date").first()
    assert latest.title in html
    episode = Episode.objects.published().order_by("-published_on", "-pk").first()
    with translation.override("en"):
        assert f'href="{episode.get_absolute_url()}"' in html

    soon = timezone.localdate() + datetime.timedelta(days=30)
    Event.objects.create(
        title="Atelier de printemps", slug="atelier-printemps", start_date=soon, is_published=True
    )
    past = Event.objects.get(slug="webinaire-hypophosphatasie-2021")
    caches["pages"].clear()
    html = client.get("/fr/").content.decode()
    news = html.split('aria-labelledby="news"')[1].split('aria-labelledby="who"')[0]
    assert "Atelier de printemps" in news and past.title not in news
    assert "Aucun événement à venir" not in news
