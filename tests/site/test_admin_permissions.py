"""Every admin URL, walked as each kind of staff member: what each may and may not reach.

The URLs come from the admin site itself (every registered model's get_urls(), and the
site's own views), so a new custom view cannot be added without saying here which
permission it needs. The staff members: a superuser, each group the project creates (today
only "Contact handlers", made after migrations by centre.apps), and a staff account without
any permission.
"""

import re

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin
from django.contrib.auth.models import Group
from django.core import signing
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from centre.apps import CONTACT_HANDLERS_GROUP
from centre.models import CareProtocol, ContactRecipient, ContactRequest
from mocsite.models import Redirect
from publications.models import Publication

pytestmark = pytest.mark.django_db

# Custom views (beyond changelist/add/change/delete/history): the model permissions each
# needs, all of them. A custom view missing here fails test_every_custom_view_is_listed.
CUSTOM_VIEWS = {
    "publications_publication_import": ("add", "change"),
    "publications_publication_fetch": ("add", "change"),
    "publications_publication_import_confirm": ("add", "change"),
    "auth_user_password_change": ("change",),
    "otp_totp_totpdevice_config": ("view_or_change",),
    "otp_totp_totpdevice_qrcode": ("view_or_change",),
}
# Views every content admin gets from the shared mixins (mocsite.admin_*), by suffix:
# preview (publishing), revision/recover/recoverlist (django-reversion), compare
# (django-reversion-compare), reorder (drag and drop), review (« Confirmer la relecture »).
GENERIC_VIEWS = {
    "preview": ("change",),
    "revision": ("change",),
    "recover": ("add", "change"),
    "recoverlist": ("add", "change"),
    "compare": ("change",),
    "reorder": ("change",),
    "review": ("change",),
}
STANDARD = {
    "changelist": ("view_or_change",),
    "history": ("view_or_change",),
    "change": ("view_or_change",),
    "add": ("add",),
    "delete": ("delete",),
}
# Refused to everyone, superusers included: the single centre profile exists and is never
# deleted; contact requests come only from the public form; django-axes' records are
# written by django-axes.
NEVER = {
    ("centre", "centre", "add"),
    ("centre", "centre", "delete"),
    ("centre", "centre", "recoverlist"),  # never deleted, so never recovered
    ("centre", "centre", "recover"),
    ("centre", "contactrequest", "add"),
    ("axes", "accessattempt", "add"),
    ("axes", "accesslog", "add"),
    ("axes", "accessfailurelog", "add"),
}
PASSWORD = "a-long-test-password"


@pytest.fixture
def everything(seeded, django_user_model):
    """At least one row of every model the admin shows, for its change/delete/history."""
    ContactRecipient.objects.create(email="inbox@example.org", name="Inbox")
    ContactRequest.objects.create(
        name="A patient",
        email="patient@example.org",
        subject="A question",
        message="Hello",
        consent_at=timezone.now(),
    )
    owner = django_user_model.objects.create_user("owner", "owner@example.org", PASSWORD)
    TOTPDevice.objects.create(user=owner, name="phone")
    AccessAttempt.objects.create(username="x", ip_address="127.0.0.1", failures_since_start=1)
    AccessLog.objects.create(username="x", ip_address="127.0.0.1")
    AccessFailureLog.objects.create(username="x", ip_address="127.0.0.1")
    if not CareProtocol.objects.exists():
        CareProtocol.objects.create(title_fr="PNDS", title_en="PNDS")
    Redirect.objects.create(old_path="/fr/maladies/ancien-nom/", new_path="/fr/maladies/")


def staff(django_user_model, name, group=None, superuser=False):
    make = (
        django_user_model.objects.create_superuser
        if superuser
        else (django_user_model.objects.create_user)
    )
    user = make(name, f"{name}@example.org", PASSWORD, is_staff=True)
    if group:
        user.groups.add(Group.objects.get(name=group))
    return django_user_model.objects.get(pk=user.pk)  # no permission cache


def project_groups():
    """The groups the project creates: assert they exist, so a renamed one is noticed."""
    names = list(Group.objects.values_list("name", flat=True))
    assert CONTACT_HANDLERS_GROUP in names
    return names


def admin_urls():
    """(url, app_label, model_name, kind) for every URL of every registered model."""
    result = []
    for model, model_admin in admin.site._registry.items():
        opts = model._meta
        obj = model._default_manager.order_by("pk").first()
        assert obj is not None, f"no {opts.label} row to open"
        prefix = f"{opts.app_label}_{opts.model_name}_"
        for pattern in model_admin.get_urls():
            name = pattern.name
            if name is None:
                kind = "redirect"  # <object_id>/ -> <object_id>/change/
            elif name.startswith(prefix) and name.removeprefix(prefix) in STANDARD:
                kind = name.removeprefix(prefix)
            elif name.startswith(prefix) and name.removeprefix(prefix) in GENERIC_VIEWS:
                kind = name.removeprefix(prefix)
            else:
                kind = name
            path = re.sub(r"<(?:\w+:)?(\w+)>", str(obj.pk), str(pattern.pattern))
            # django-reversion's patterns are regular expressions: a row's id, a version's.
            path = path.removeprefix("^").removesuffix("$")
            path = path.replace("([^/]+)", str(obj.pk)).replace("(\\d+)", "999999")
            url = reverse("admin:index") + f"{opts.app_label}/{opts.model_name}/{path}"
            result.append((url, opts.app_label, opts.model_name, kind))
    return result


def may(user, app_label, model_name, kind):
    if (app_label, model_name, kind) in NEVER:
        return False
    if kind == "redirect":
        return True  # to the change page, which checks
    needed = CUSTOM_VIEWS.get(kind) or GENERIC_VIEWS.get(kind) or STANDARD[kind]
    for action in needed:
        if action == "view_or_change":
            if not (
                user.has_perm(f"{app_label}.view_{model_name}")
                or user.has_perm(f"{app_label}.change_{model_name}")
            ):
                return False
        elif not user.has_perm(f"{app_label}.{action}_{model_name}"):
            return False
    return True


def test_every_custom_view_is_listed(everything):
    kinds = {kind for _url, _app, _model, kind in admin_urls()}
    unknown = kinds - set(STANDARD) - set(GENERIC_VIEWS) - set(CUSTOM_VIEWS) - {"redirect"}
    assert not unknown, f"say which permission these views need: {unknown}"


@pytest.mark.parametrize("who", ["superuser", "no permission", *[CONTACT_HANDLERS_GROUP]])
def test_each_staff_member_reaches_exactly_what_their_permissions_allow(
    everything, client, django_user_model, who
):
    groups = project_groups()
    assert who in groups or who in ("superuser", "no permission")
    user = staff(
        django_user_model,
        re.sub(r"\W", "", who),
        group=who if who in groups else None,
        superuser=who == "superuser",
    )
    client.force_login(user)
    wrong = []
    for url, app_label, model_name, kind in admin_urls():
        # Reordering is a POST (an empty one: no order changes).
        status = (client.post(url, {}) if kind == "reorder" else client.get(url)).status_code
        allowed = may(user, app_label, model_name, kind)
        if kind in GENERIC_VIEWS:
            # These need more than an address (a preview's token, a version, a POST):
            # allowed, they answer anything but a refusal; refused, they give nothing away.
            right = status not in (403, 500) if allowed else status in (403, 404)
        else:
            right = status in (200, 302) if allowed else status == 403
        if not right:
            wrong.append((url, kind, "allowed" if allowed else "refused", status))
    assert not wrong
    # The site's own pages: the index for every staff member, an app's page only with
    # some permission in it.
    assert client.get("/admin/").status_code == 200
    for app_label in ("centre", "publications", "podcasts", "auth", "axes", "otp_totp"):
        status = client.get(f"/admin/{app_label}/").status_code
        expected = 200 if user.has_module_perms(app_label) else 404
        assert status == expected, (app_label, status)


def test_contact_handlers_triage_but_cannot_import_publications(
    everything, client, django_user_model
):
    handler = staff(django_user_model, "handler", group=CONTACT_HANDLERS_GROUP)
    client.force_login(handler)
    request = ContactRequest.objects.get()
    assert client.get("/admin/centre/contactrequest/").status_code == 200
    assert client.get(f"/admin/centre/contactrequest/{request.pk}/change/").status_code == 200
    response = client.post(
        "/admin/centre/contactrequest/",
        {"action": "mark_in_progress", "_selected_action": [request.pk]},
    )
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.status == ContactRequest.Status.IN_PROGRESS
    assert client.get("/admin/centre/contactrequest/add/").status_code == 403
    assert client.get(f"/admin/centre/contactrequest/{request.pk}/delete/").status_code == 403
    # The publication import and the PMID fetch: refused, and nothing goes live.
    for url in (
        "/admin/publications/publication/import/",
        "/admin/publications/publication/add-by-identifier/",
        "/admin/publications/publication/",
    ):
        assert client.get(url).status_code == 403, url
    record = {
        "title": "Smuggled in",
        "authors": "Roux C",
        "pmid": "39999999",
        "doi": "",
        "pmcid": "",
        "journal": "",
        "volume": "",
        "issue": "",
        "pages": "",
        "date": "2024-01-01",
        "date_end": "",
        "date_precision": "year",
        "date_text": "2024",
        "language": "en",
    }
    payload = signing.dumps([record], salt="publications.import", compress=True)
    response = client.post("/admin/publications/publication/import/confirm/", {"payload": payload})
    assert response.status_code == 403
    assert not Publication.objects.filter(pmid="39999999").exists()
    assert client.get("/en/publications/").content.decode().count("Smuggled in") == 0


def test_publication_editors_see_the_import_links_only_with_the_permissions(
    everything, client, django_user_model
):
    from django.contrib.auth.models import Permission

    viewer = staff(django_user_model, "viewer")
    viewer.user_permissions.add(Permission.objects.get(codename="view_publication"))
    client.force_login(viewer)
    html = client.get("/admin/publications/publication/").content.decode()
    assert "/admin/publications/publication/import/" not in html
    assert client.get("/admin/publications/publication/import/").status_code == 403
    viewer.user_permissions.add(
        *Permission.objects.filter(codename__in=["add_publication", "change_publication"])
    )
    client.force_login(django_user_model.objects.get(pk=viewer.pk))
    html = client.get("/admin/publications/publication/").content.decode()
    assert "/admin/publications/publication/import/" in html
    assert client.get("/admin/publications/publication/import/").status_code == 200


def test_every_admin_action_requires_a_permission(everything):
    """Actions run on the list page, which view permission opens: each must say which
    permission it needs, or a reader could change rows through it."""
    # django-axes' own: it removes only attempts past their cool-off, and no group of the
    # project can open django-axes' pages.
    unchecked = {"axes.AccessAttempt.cleanup_expired_attempts"}
    missing = [
        f"{model._meta.label}.{name}"
        for model, model_admin in admin.site._registry.items()
        for func, name, _description in model_admin._get_base_actions()
        if not getattr(func, "allowed_permissions", None)
    ]
    assert set(missing) == unchecked


def test_a_trial_reader_cannot_refresh_statuses(everything, client, django_user_model):
    from django.contrib.auth.models import Permission

    reader = staff(django_user_model, "reader")
    reader.user_permissions.add(Permission.objects.get(codename="view_trial"))
    client.force_login(reader)
    html = client.get("/admin/centre/trial/").content.decode()
    assert client.get("/admin/centre/trial/").status_code == 200
    assert 'value="refresh_status"' not in html
