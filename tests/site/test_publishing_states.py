"""What visitors see of an item in each publishing state, on every page, feed, export,
sitemap and calendar that shows it: a change saved as a draft stays off the site (the
live version stays), a scheduled item appears only from its go-live time, an expired one
disappears at its expiry time, with no save in between."""

import re
from datetime import timedelta

import pytest
from django.core.cache import caches
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from centre.models import (
    CareProtocol,
    Disease,
    KeyFigure,
    Mission,
    Network,
    PageIntro,
    Registry,
    Specialty,
)
from mocsite.cache import seconds_until_next_change
from mocsite.models import Draft
from publications.models import Talk
from tests.helpers import admin_form_data

from .outputs_helpers import obj_url, rich_content, sitemap_paths, url

pytestmark = pytest.mark.django_db

BOTH = ("fr", "en")
SITEMAP = "sitemap"  # the item's own addresses are checked in /sitemap.xml
SEARCH = "search"  # the site search, asked for the item's marker in both languages


def _disease_page(disease):
    return [obj_url(disease, lang) for lang in BOTH]


def _disease(content):
    disease = content["disease"]
    return (
        disease,
        ["name"],
        [
            *_disease_page(disease),
            *(url("centre:disease_list", lang) for lang in BOTH),
            *(url("publications:disease_feed", lang, disease=disease.slug) for lang in BOTH),
            url("publications:list", "fr"),
            SITEMAP,
            SEARCH,
        ],
    )


def _person(content):
    person = content["person"]
    return (
        person,
        ["role"],
        [
            *(obj_url(person, lang) for lang in BOTH),
            *(url("centre:team", lang) for lang in BOTH),
            SITEMAP,
            SEARCH,
        ],
    )


def _event(content):
    event = content["online"]
    return (
        event,
        ["title"],
        [
            *(obj_url(event, lang) for lang in BOTH),
            *(url("centre:event_list", lang) for lang in BOTH),
            url("centre:event_feed", "fr"),
            url("centre:event_ics", "en", slug=event.slug),
            *_disease_page(content["disease"]),
            SITEMAP,
            SEARCH,
        ],
    )


def _publication(content):
    article = content["article"]
    return (
        article,
        ["title"],
        [
            *(obj_url(article, lang) for lang in BOTH),
            *(url("publications:list", lang) for lang in BOTH),
            url("publications:feed", "fr"),
            url("publications:disease_feed", "en", disease=content["disease"].slug),
            url("publications:export_list", "fr", fmt="ris"),
            url("publications:export_list", "fr", fmt="bibtex"),
            url("publications:export_detail", "fr", pk=article.pk, fmt="csl"),
            url("publications:data", "fr", fmt="csv"),
            url("publications:data", "en", fmt="json"),
            obj_url(content["person"], "fr"),
            *_disease_page(content["disease"]),
            SITEMAP,
            SEARCH,
        ],
    )


def _talk(content):
    talk = Talk.objects.published().order_by("pk").first()
    return (
        talk,
        ["title"],
        [
            *(url("talks:list", lang) for lang in BOTH),
            url("talks:data", "fr", fmt="csv"),
            url("talks:data", "en", fmt="json"),
            SEARCH,
        ],
    )


def _trial(content):
    trial = content["trial"]
    pages = _disease_page(trial.disease) if trial.disease_id else []
    return (
        trial,
        ["title"],
        [
            *(obj_url(trial, lang) for lang in BOTH),
            *(url("centre:research", lang) for lang in BOTH),
            url("centre:trials_data", "fr", fmt="csv"),
            url("centre:trials_data", "en", fmt="json"),
            *pages,
            SITEMAP,
            SEARCH,
        ],
    )


def _registry(content):
    registry = Registry.objects.published().order_by("pk").first()
    pages = _disease_page(registry.disease) if registry.disease_id else []
    return registry, ["name"], [*(url("centre:research", lang) for lang in BOTH), *pages, SEARCH]


def _care_protocol(content):
    protocol = CareProtocol.objects.create(
        title_fr="PNDS", title_en="PNDS", disease=content["disease"], url="https://example.org/"
    )
    return (
        protocol,
        ["title"],
        [
            *(url("centre:care_protocols", lang) for lang in BOTH),
            *_disease_page(content["disease"]),
            SEARCH,
            SEARCH,
        ],
    )


def _series(content):
    series = content["series"]
    return (
        series,
        ["title"],
        [
            *(obj_url(series, lang) for lang in BOTH),
            *(url("podcasts:list", lang) for lang in BOTH),
            url("podcasts:feed", "fr", slug=series.slug),
            *_disease_page(content["disease"]),
            SITEMAP,
            SEARCH,
        ],
    )


def _episode(content):
    episode = content["episode"]
    return (
        episode,
        ["title"],
        [
            *(obj_url(episode, lang) for lang in BOTH),
            *(obj_url(episode.series, lang) for lang in BOTH),
            url("podcasts:feed", "en", slug=episode.series.slug_en),
            *_disease_page(content["disease"]),
            SITEMAP,
            SEARCH,
        ],
    )


def _mission(content):
    mission = Mission.objects.order_by("pk").first()
    return (
        mission,
        ["text"],
        [
            *(url("centre:home", lang) for lang in BOTH),
            *(url("centre:about", lang) for lang in BOTH),
        ],
    )


def _specialty(content):
    specialty = Specialty.objects.order_by("pk").first()
    return specialty, ["name"], [url("centre:about", lang) for lang in BOTH]


def _network(content):
    network = Network.objects.order_by("pk").first()
    # The footer of every page names the networks.
    return (
        network,
        ["name"],
        [
            *(url("centre:about", lang) for lang in BOTH),
            url("centre:home", "en"),
        ],
    )


def _key_figure(content):
    figure = KeyFigure.objects.order_by("pk").first()
    figure.value = "42"
    figure.save()
    return figure, ["label"], [url("centre:home", lang) for lang in BOTH]


def _page_intro(content):
    intro = PageIntro.objects.get(page=PageIntro.Page.CARE_PROTOCOLS)
    return intro, ["text"], [url("centre:care_protocols", lang) for lang in BOTH]


KINDS = {
    "disease": _disease,
    "person": _person,
    "event": _event,
    "publication": _publication,
    "talk": _talk,
    "trial": _trial,
    "registry": _registry,
    "care_protocol": _care_protocol,
    "series": _series,
    "episode": _episode,
    "mission": _mission,
    "specialty": _specialty,
    "network": _network,
    "key_figure": _key_figure,
    "page_intro": _page_intro,
}


def set_text(item, fields, marker):
    for field in fields:
        if hasattr(item, f"{field}_fr"):
            setattr(item, f"{field}_fr", marker)
            setattr(item, f"{field}_en", marker)
        else:
            setattr(item, field, marker)
    item.save()


def search_results(visitor, lang, words):
    """The results the site search lists for `words` (not the echo of the query)."""
    html = visitor.get(url("search", lang) + f"?q={words}").content.decode()
    return re.findall(r'<li class="search-result">(.*?)</li>', html, re.S)


def shown(visitor, address, item, marker):
    """Whether a visitor sees the item at `address` (a 404 shows nothing)."""
    if address == SITEMAP:
        paths = sitemap_paths(visitor)
        return all(obj_url(item, lang) in paths for lang in BOTH)
    if address == SEARCH:
        # The item's own result (another item's result may name it, as of its last save).
        return all(
            any(
                f'href="{obj_url(item, lang)}"' in result and marker in result
                for result in search_results(visitor, lang, marker)
            )
            for lang in BOTH
        )
    response = visitor.get(address)
    assert response.status_code in (200, 404), (address, response.status_code)
    return response.status_code == 200 and marker in response.content.decode()


@pytest.fixture
def prepared(seeded, request):
    content = rich_content()
    item, fields, addresses = KINDS[request.param](content)
    marker = f"Zqx{request.param.replace('_', '')}"
    set_text(item, fields, marker)
    visitor = Client()
    for address in addresses:
        assert shown(visitor, address, item, marker), f"live item missing from {address}"
    return item, fields, addresses, marker, visitor


@pytest.mark.parametrize("prepared", KINDS, indirect=True)
def test_a_scheduled_item_is_off_the_site_until_its_time(prepared, monkeypatch):
    item, _fields, addresses, marker, visitor = prepared
    item.go_live_at = timezone.now() + timedelta(hours=2)
    item.save()
    for address in addresses:
        assert not shown(visitor, address, item, marker), address
    # Its time comes, with no save: every address shows it (the page cache keeps no
    # page past that time: see test_the_page_cache_keeps_no_page_past_a_go_live_time).
    later = timezone.now() + timedelta(hours=2, seconds=1)
    monkeypatch.setattr(timezone, "now", lambda: later)
    caches["pages"].clear()
    for address in addresses:
        assert shown(visitor, address, item, marker), address


@pytest.mark.parametrize("prepared", KINDS, indirect=True)
def test_an_expired_item_is_off_the_site(prepared, monkeypatch):
    item, _fields, addresses, marker, visitor = prepared
    item.expire_at = timezone.now() + timedelta(minutes=5)
    item.save()
    for address in addresses:
        assert shown(visitor, address, item, marker), address
    later = timezone.now() + timedelta(minutes=5)
    monkeypatch.setattr(timezone, "now", lambda: later)
    caches["pages"].clear()
    for address in addresses:
        assert not shown(visitor, address, item, marker), address


@pytest.mark.parametrize("prepared", KINDS, indirect=True)
def test_a_change_saved_as_a_draft_stays_off_the_site(prepared, staff_client):
    item, fields, addresses, marker, visitor = prepared
    opts = item._meta
    change = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[item.pk])
    data = admin_form_data(staff_client.get(change).content.decode())
    for field in fields:
        for name in (f"{field}_fr", f"{field}_en", field):
            if name in data:
                data[name] = "Zqxdraftversion"
    data["_save_draft"] = "1"
    assert staff_client.post(change, data).status_code == 302
    assert Draft.objects.count() == 1
    for address in addresses:
        assert shown(visitor, address, item, marker), address
        if address not in (SITEMAP, SEARCH):
            assert "Zqxdraftversion" not in visitor.get(address).content.decode(), address
    for lang in BOTH:
        assert not search_results(visitor, lang, "Zqxdraftversion")


def test_the_page_cache_keeps_no_page_past_a_go_live_time(seeded, settings, monkeypatch):
    settings.CACHE_MIDDLEWARE_SECONDS = 10**6
    disease = Disease.objects.order_by("pk").first()
    disease.go_live_at = timezone.now() + timedelta(seconds=90)
    disease.save()
    timeouts = []
    pages = caches["pages"]
    original = pages.set
    monkeypatch.setattr(
        pages,
        "set",
        lambda key, value, timeout: timeouts.append(timeout) or original(key, value, timeout),
    )
    Client().get("/en/")
    assert timeouts and max(timeouts) <= 90
    assert seconds_until_next_change() <= 90


def test_the_page_cache_keeps_no_page_past_an_expiry_time(seeded, settings):
    settings.CACHE_MIDDLEWARE_SECONDS = 10**6
    mission = Mission.objects.order_by("pk").first()
    mission.expire_at = timezone.now() + timedelta(seconds=30)
    mission.save()
    assert 1 <= seconds_until_next_change() <= 30
    mission.expire_at = timezone.now() - timedelta(seconds=30)  # past: no longer a limit
    mission.save()
    assert seconds_until_next_change() > 30
