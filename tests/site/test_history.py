"""History, compare, restore and recovery of deleted items (django-reversion), the
redirects of moved addresses, and « Confirmer la relecture ».

Everything staff do goes through the admin as a browser posts it (the change form's own
values sent back, textareas with CRLF line endings); what visitors see is checked on the
public pages, through the page cache.
"""

import json
from datetime import date
from html import unescape

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from reversion.models import Version

from centre.models import CareProtocol, Centre, Disease, Event, Person
from mocsite.models import Redirect
from podcasts.models import Series
from publications.models import Publication
from tests.helpers import admin_form_data
from tests.site.outputs_helpers import json_ld_blocks
from tests.site.schema_org import check_node

pytestmark = pytest.mark.django_db


def admin_url(model, action, *args):
    opts = model._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_{action}", args=args)


def form_data(response):
    """What a browser sends back for the form it was given, unchanged (every field, the
    inlines' management forms, textareas with CRLF line endings): tests.helpers."""
    return admin_form_data(response.content.decode())


def edit(staff_client, obj, **changes):
    url = admin_url(type(obj), "change", obj.pk)
    data = {**form_data(staff_client.get(url)), **changes}
    response = staff_client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    return response


def disease(slug_en="cleidocranial-dysplasia"):
    return Disease.objects.get(slug_en=slug_en)


def page(client, path):
    response = client.get(path)
    assert response.status_code == 200, path
    return response.content.decode()


# -- Versions, compare, restore -------------------------------------------------------------


def test_every_admin_save_is_a_version_with_who_and_both_languages(seeded, staff_client):
    item = disease()
    assert Version.objects.get_for_object(item).count() == 1  # load_seed's initial version
    edit(
        staff_client,
        item,
        treatments_fr="Texte revu.\r\n\r\nDeuxième paragraphe.",
        summary_patients_en="Reviewed text.\r\n\r\nSecond paragraph.",
    )
    versions = Version.objects.get_for_object(item)
    assert versions.count() == 2
    latest = versions.first()
    assert latest.revision.user.username == "staff"
    # As stored: the text the browser sent, CRLF and all.
    assert latest.field_dict["treatments_fr"] == "Texte revu.\r\n\r\nDeuxième paragraphe."
    assert latest.field_dict["summary_patients_en"] == "Reviewed text.\r\n\r\nSecond paragraph."
    history = page(staff_client, admin_url(Disease, "history", item.pk))
    assert "staff" in history and "version_id1" in history


def test_compare_shows_what_changed_in_both_languages(seeded, staff_client):
    item = disease()
    before_fr, before_en = item.name_fr, item.name_en
    edit(staff_client, item, name_fr="Dysplasie renommée", name_en="Renamed dysplasia")
    newer, older = Version.objects.get_for_object(item)[:2]
    html = page(
        staff_client,
        admin_url(Disease, "compare", item.pk) + f"?version_id1={older.pk}&version_id2={newer.pk}",
    )
    # Field by field, each language its own, word by word.
    assert "nom [fr]" in html and "nom [en]" in html
    assert "<del>Cleidocranial</del><ins>Renamed</ins> dysplasia" in html
    assert "Dysplasie <del>cléidocrânienn</del><ins>renommé</ins>e" in html
    assert before_fr.startswith("Dysplasie") and before_en.startswith("Cleidocranial")
    # Unchanged fields (even an empty text the admin saved as "") are not listed.
    assert "résumé pour les patients" not in html and "relecture" not in html


def test_restore_a_previous_version(seeded, staff_client, client):
    item = disease("hypophosphatasia")
    original_fr = item.treatments_fr
    path_fr = item.get_absolute_url()
    assert original_fr[:40] in page(client, path_fr)
    edit(staff_client, item, treatments_fr="Un texte erroné.")
    assert "Un texte erroné." in page(client, path_fr)
    older = Version.objects.get_for_object(item)[1]
    url = admin_url(Disease, "revision", item.pk, older.pk)
    response = staff_client.get(url)
    assert response.status_code == 200
    data = form_data(response)
    assert data["treatments_fr"] == original_fr.replace("\n", "\r\n")
    assert staff_client.post(url, data).status_code == 302
    item.refresh_from_db()
    assert item.treatments_fr == original_fr
    html = page(client, path_fr)
    assert "Un texte erroné." not in html and original_fr[:40] in html
    assert Version.objects.get_for_object(item).count() == 3  # the restore is a version too


def test_visitors_never_reach_the_history(seeded, client):
    item = disease()
    for url in (
        admin_url(Disease, "history", item.pk),
        admin_url(Disease, "recoverlist"),
        admin_url(Disease, "revision", item.pk, Version.objects.get_for_object(item)[0].pk),
    ):
        response = client.get(url)
        assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_recover_a_deleted_disease_with_its_translations_and_relations(
    seeded, staff_client, client
):
    item = disease()
    protocol = CareProtocol.objects.create(title_fr="PNDS test", title_en="Test PNDS", disease=item)
    event = Event.objects.get(slug=Event.objects.first().slug)
    event.diseases.add(item)
    publication = Publication.objects.first()
    publication.diseases.add(item)
    pk, slug_fr, slug_en, name_en = item.pk, item.slug_fr, item.slug_en, item.name_en

    url = admin_url(Disease, "delete", pk)
    assert staff_client.post(url, {"post": "yes"}).status_code == 302
    assert not Disease.objects.filter(pk=pk).exists()
    assert client.get(f"/en/diseases/{slug_en}/").status_code == 404
    protocol.refresh_from_db()
    assert protocol.disease is None

    recover_list = page(staff_client, admin_url(Disease, "recoverlist"))
    assert name_en in recover_list or item.name_fr in recover_list
    version = Version.objects.get_deleted(Disease).get(object_id=str(pk))
    recover_url = admin_url(Disease, "recover", version.pk)
    response = staff_client.get(recover_url)
    assert response.status_code == 200
    assert staff_client.post(recover_url, form_data(response)).status_code == 302

    recovered = Disease.objects.get(pk=pk)
    assert (recovered.slug_fr, recovered.slug_en, recovered.name_en) == (slug_fr, slug_en, name_en)
    protocol.refresh_from_db()
    assert protocol.disease_id == pk
    assert recovered in event.diseases.all() and recovered in publication.diseases.all()
    assert name_en in page(client, f"/en/diseases/{slug_en}/")


def test_recover_a_deleted_series_with_its_episodes(seeded, staff_client, client):
    series = Series.objects.get(slug_en="osteogenesis-imperfecta")
    episodes = {episode.pk: episode.title_en for episode in series.episodes.all()}
    assert (
        staff_client.post(admin_url(Series, "delete", series.pk), {"post": "yes"}).status_code
        == 302
    )
    assert not Series.objects.filter(pk=series.pk).exists()
    version = Version.objects.get_deleted(Series).get(object_id=str(series.pk))
    recover_url = admin_url(Series, "recover", version.pk)
    response = staff_client.get(recover_url)
    assert staff_client.post(recover_url, form_data(response)).status_code == 302
    recovered = Series.objects.get(pk=series.pk)
    assert dict(recovered.episodes.values_list("pk", "title_en")) == episodes
    html = unescape(page(client, reverse_in("en", recovered.get_absolute_url)))
    assert all(title in html for title in episodes.values())


# -- Redirects ------------------------------------------------------------------------------


def test_a_changed_slug_leaves_a_permanent_redirect_in_its_language(seeded, staff_client, client):
    item = disease()
    old_fr, en = item.get_absolute_url(), f"/en/diseases/{item.slug_en}/"
    assert client.get(old_fr).status_code == 200  # now in the page cache
    edit(staff_client, item, slug_fr="dysplasie-cleido-cranienne")
    response = client.get(old_fr)
    assert response.status_code == 301
    assert response["Location"] == "/fr/maladies/dysplasie-cleido-cranienne/"
    assert client.get(response["Location"]).status_code == 200
    assert client.get(en).status_code == 200  # the English address did not move
    assert not Redirect.objects.filter(old_path=en).exists()
    # Old links with a query keep it.
    assert client.get(old_fr + "?utm_source=orphanet")["Location"].endswith("?utm_source=orphanet")


def test_chains_collapse_and_renaming_back_leaves_no_loop(seeded, staff_client, client):
    item = disease()
    a = f"/en/diseases/{item.slug_en}/"
    edit(staff_client, item, slug_en="cleidocranial-b")
    edit(staff_client, disease("cleidocranial-b"), slug_en="cleidocranial-c")
    c = "/en/diseases/cleidocranial-c/"
    assert client.get(a)["Location"] == c  # straight to the last address, not via B
    assert client.get("/en/diseases/cleidocranial-b/")["Location"] == c
    edit(staff_client, disease("cleidocranial-c"), slug_en=a.split("/")[3])
    assert client.get(a).status_code == 200
    assert client.get(c)["Location"] == a
    assert client.get("/en/diseases/cleidocranial-b/")["Location"] == a
    assert not Redirect.objects.filter(old_path=a).exists()


def test_a_team_members_and_a_series_move_with_their_pages_feeds_and_episodes(
    seeded, staff_client, client
):
    person = Person.objects.get(slug="christian-roux")
    edit(staff_client, person, slug="pr-christian-roux")
    assert client.get("/fr/equipe/christian-roux/")["Location"] == "/fr/equipe/pr-christian-roux/"
    assert client.get("/en/team/christian-roux/")["Location"] == "/en/team/pr-christian-roux/"

    series = Series.objects.get(slug_en="hypophosphatasia")
    episode = series.episodes.first()
    old_episode, old_feed = f"/en{episode.get_absolute_url()[3:]}", series.get_feed_url()
    old_episode = reverse_in("en", episode.get_absolute_url)
    old_feed = reverse_in("en", series.get_feed_url)
    edit(staff_client, series, slug_en="hpp")
    episode.refresh_from_db()
    assert client.get(old_episode)["Location"] == reverse_in("en", episode.get_absolute_url)
    assert client.get(old_feed)["Location"] == reverse_in(
        "en", Series.objects.get(pk=series.pk).get_feed_url
    )
    assert client.get(reverse_in("en", episode.get_absolute_url)).status_code == 200


def reverse_in(language, get_url):
    from django.utils import translation

    with translation.override(language):
        return get_url()


def test_pages_that_exist_make_no_redirect_query(seeded, client):
    Redirect.objects.create(old_path="/fr/ancienne-page/", new_path="/fr/")
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/fr/maladies/").status_code == 200
    assert not any("mocsite_redirect" in query["sql"] for query in queries.captured_queries)
    assert client.get("/fr/ancienne-page/")["Location"] == "/fr/"
    assert client.get("/fr/page-inconnue/").status_code == 404


def test_deleting_offers_to_redirect_the_address(seeded, staff_client, client):
    item, other = disease(), disease("ollier-disease")
    url = admin_url(Disease, "delete", item.pk)
    confirmation = page(staff_client, url)
    assert 'name="redirect-redirect_to_item"' in confirmation
    # A path that is no page of the site: refused, nothing deleted.
    response = staff_client.post(
        url, {"post": "yes", "redirect-redirect_to_path": "/fr/nulle-part/"}
    )
    assert response.status_code == 200
    assert "Aucune page du site n’a cette adresse." in response.content.decode()
    assert Disease.objects.filter(pk=item.pk).exists()
    response = staff_client.post(url, {"post": "yes", "redirect-redirect_to_item": other.pk})
    assert response.status_code == 302
    assert (
        client.get(f"/fr/maladies/{item.slug_fr}/")["Location"] == f"/fr/maladies/{other.slug_fr}/"
    )
    assert (
        client.get(f"/en/diseases/{item.slug_en}/")["Location"] == f"/en/diseases/{other.slug_en}/"
    )


def test_staff_see_and_edit_redirects_in_the_admin(seeded, staff_client, client):
    response = staff_client.post(
        admin_url(Redirect, "add"),
        {"old_path": "/fr/ancien-annuaire/", "new_path": "/fr/nulle-part/"},
    )
    assert response.status_code == 200
    assert "Aucune page du site n’a cette adresse." in response.content.decode()
    response = staff_client.post(
        admin_url(Redirect, "add"), {"old_path": "/fr/ancien-annuaire/", "new_path": "/fr/equipe/"}
    )
    assert response.status_code == 302
    assert client.get("/fr/ancien-annuaire/")["Location"] == "/fr/equipe/"
    listing = page(staff_client, admin_url(Redirect, "changelist"))
    assert "/fr/ancien-annuaire/" in listing
    redirect = Redirect.objects.get(old_path="/fr/ancien-annuaire/")
    edit_url = admin_url(Redirect, "change", redirect.pk)
    staff_client.post(edit_url, {"old_path": "/fr/ancien-annuaire/", "new_path": "/fr/centre/"})
    assert client.get("/fr/ancien-annuaire/")["Location"] == "/fr/centre/"


# -- Last reviewed --------------------------------------------------------------------------


def test_no_review_date_until_staff_confirm_one(seeded, client):
    assert not Disease.objects.filter(last_reviewed_on__isnull=False).exists()
    assert Centre.get_profile().last_reviewed_on is None
    for path in (disease().get_absolute_url(), "/fr/centre/", "/fr/protocoles-de-soins/"):
        response = client.get(path)
        if response.status_code == 404:
            continue
        html = response.content.decode()
        assert "Dernière relecture" not in html and "lastReviewed" not in html


def test_confirming_a_review_shows_it_to_visitors_and_in_json_ld(seeded, staff_client, client):
    item = disease()
    reviewer = Person.objects.get(slug="christian-roux")
    edit(staff_client, item, treatments_fr="Un traitement.")
    item.refresh_from_db()
    assert item.last_reviewed_on is None  # a save is not a review
    change = page(staff_client, admin_url(Disease, "change", item.pk))
    review_url = admin_url(Disease, "review", item.pk)
    assert review_url in change
    assert page(staff_client, review_url).count('name="reviewer"') == 1
    response = staff_client.post(review_url, {"reviewer": ""})
    assert response.status_code == 200 and Disease.objects.get(pk=item.pk).last_reviewed_on is None
    assert staff_client.post(review_url, {"reviewer": reviewer.pk}).status_code == 302
    item.refresh_from_db()
    today = timezone.localdate()
    assert (item.last_reviewed_on, item.last_reviewed_by) == (today, reviewer)
    html = page(client, item.get_absolute_url())
    months = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
              "septembre", "octobre", "novembre", "décembre"]  # fmt: skip
    expected = f"Dernière relecture le {today.day} {months[today.month - 1]} {today.year} par"
    text = " ".join(html.split())
    assert expected in " ".join(
        text.replace('<time datetime="' + today.isoformat() + '">', "")
        .replace("</time>", "")
        .split()
    )
    assert '<a href="/fr/equipe/christian-roux/">Pr Christian Roux</a>' in html
    blocks = [block for block in json_ld_blocks(html) if block.get("lastReviewed")]
    assert len(blocks) == 1
    assert blocks[0]["lastReviewed"] == today.isoformat()
    assert blocks[0]["reviewedBy"]["name"] == "Pr Christian Roux"
    assert not check_node(blocks[0])
    english = page(client, f"/en/diseases/{item.slug_en}/")
    assert "Last reviewed on" in english
    assert (
        Version.objects.get_for_object(item).first().revision.comment
        == "Relecture confirmée par Pr Christian Roux"
    )


def test_review_action_on_care_protocols_and_the_centre_page(seeded, staff_client, client):
    reviewer = Person.objects.get(slug="eugenie-koumakis")
    protocols = [
        CareProtocol.objects.create(title_fr=f"PNDS {n}", title_en=f"PNDS {n}", disease=disease())
        for n in (1, 2)
    ]
    changelist = admin_url(CareProtocol, "changelist")
    selected = {"action": "confirm_review", "_selected_action": [p.pk for p in protocols]}
    confirmation = staff_client.post(changelist, selected)
    assert confirmation.status_code == 200 and "PNDS 2" in confirmation.content.decode()
    response = staff_client.post(changelist, {**selected, "reviewer": reviewer.pk})
    assert response.status_code == 302
    assert CareProtocol.objects.filter(last_reviewed_by=reviewer).count() == 2
    html = page(client, reverse_in("en", lambda: reverse("centre:care_protocols")))
    assert html.count("Last reviewed on") == 2
    (block,) = [b for b in json_ld_blocks(html) if b.get("hasPart")]
    assert [part["name"] for part in block["hasPart"]] == ["PNDS 1", "PNDS 2"]
    assert not check_node(block)

    centre = Centre.get_profile()
    staff_client.post(admin_url(Centre, "review", centre.pk), {"reviewer": reviewer.pk})
    about = page(client, "/fr/centre/")
    assert "Dr Eugénie Koumakis" in about and "Dernière relecture le" in about
    (block,) = [b for b in json_ld_blocks(about) if b.get("lastReviewed")]
    assert block["@type"] == "AboutPage" and not check_node(block)
    assert json.dumps(block)  # serialisable as it is
    assert date.fromisoformat(block["lastReviewed"]) == timezone.localdate()


def test_items_deleted_with_the_list_action_can_be_recovered(seeded, staff_client, client):
    people = list(Person.objects.filter(slug__in=["christian-roux", "eugenie-koumakis"]))
    signed = [list(person.publications.values_list("pk", flat=True)) for person in people]
    changelist = admin_url(Person, "changelist")
    selected = {"action": "delete_selected", "_selected_action": [p.pk for p in people]}
    assert staff_client.post(changelist, selected).status_code == 200  # the confirmation
    assert staff_client.post(changelist, {**selected, "post": "yes"}).status_code == 302
    assert not Person.objects.filter(pk__in=[p.pk for p in people]).exists()
    assert client.get("/fr/equipe/christian-roux/").status_code == 404
    recover_list = page(staff_client, admin_url(Person, "recoverlist"))
    assert "Christian" in recover_list and "Koumakis" in recover_list
    version = Version.objects.get_deleted(Person).get(object_id=str(people[0].pk))
    recover_url = admin_url(Person, "recover", version.pk)
    assert (
        staff_client.post(recover_url, form_data(staff_client.get(recover_url))).status_code == 302
    )
    assert Person.objects.get(pk=people[0].pk).role_en == people[0].role_en
    assert client.get(reverse_in("fr", people[0].get_absolute_url)).status_code == 200
    # The second one too: the publications they signed together list both again.
    version = Version.objects.get_deleted(Person).get(object_id=str(people[1].pk))
    recover_url = admin_url(Person, "recover", version.pk)
    assert (
        staff_client.post(recover_url, form_data(staff_client.get(recover_url))).status_code == 302
    )
    for person, pks in zip(people, signed, strict=True):
        assert sorted(person.publications.values_list("pk", flat=True)) == sorted(pks)


def test_restoring_an_old_slug_sends_the_newer_address_back(seeded, staff_client, client):
    item = disease()
    old = f"/en/diseases/{item.slug_en}/"
    edit(staff_client, item, slug_en="cleidocranial-renamed")
    assert client.get(old)["Location"] == "/en/diseases/cleidocranial-renamed/"
    older = Version.objects.get_for_object(item)[1]
    url = admin_url(Disease, "revision", item.pk, older.pk)
    assert staff_client.post(url, form_data(staff_client.get(url))).status_code == 302
    assert client.get(old).status_code == 200
    assert client.get("/en/diseases/cleidocranial-renamed/")["Location"] == old


def test_every_public_content_type_is_versioned():
    """Each content type staff edit in the admin keeps its versions (a new model that
    forgets to be registered in mocsite.history fails here)."""
    import reversion
    from django.contrib import admin as django_admin

    from mocsite.cache import NOT_CONTENT, _is_content

    edited = [
        model
        for model in django_admin.site._registry
        if _is_content(model) and model._meta.label_lower not in NOT_CONTENT
    ]
    assert len(edited) >= 16
    assert [m._meta.label for m in edited if not reversion.is_registered(m)] == []
    # Registered by mocsite.history (not only by the admin, which would keep
    # modeltranslation's untranslated column and overwrite a language on restore).
    from centre.models import DiseaseQuestion
    from mocsite.history import versioned_fields

    assert [m._meta.label for m in [*edited, DiseaseQuestion] if not versioned_fields(m)] == []
