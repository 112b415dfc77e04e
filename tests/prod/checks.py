"""Items 2-4 of the rehearsal: media uploaded on one server and served from the bucket
through the other; edits and sessions shared by the two servers; the contact form's rate
limit and the admin lock-out counting per visitor behind nginx."""

import io
import re
import time
import uuid
from urllib.parse import urlencode

from django.utils.text import slugify

from . import client
from .pages import fetch, media_urls

# --- 2. media through the bucket -----------------------------------------------------------


def png_bytes(width=1200, height=800):
    from PIL import Image

    image = Image.linear_gradient("L").resize((width, height)).convert("RGB")
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def admin_browser(r, server=None):
    """A staff member signed in (on app server `server` when given)."""
    browser = r.browser()
    username, password = r.admin
    page = browser.get("/admin/login/?next=/admin/")
    login = client.form(page.text, id="login-form")
    fields = client.replace(login["fields"], username=username, password=password)
    path = "/admin/login/?next=/admin/"
    if server:
        response = _post_on(r, server, browser, path, fields)
    else:
        response = browser.post(path, fields)
    if response.status != 302:
        raise AssertionError(f"sign-in answered {response.status}")
    return browser


def _post_on(r, server, browser, path, fields, files=None):
    body, content_type = (
        client.multipart(fields, files)
        if files
        else (urlencode(fields, doseq=True).encode(), "application/x-www-form-urlencoded")
    )
    headers = {
        "Origin": browser.origin,
        "Referer": browser.origin + path,
        "Content-Type": content_type,
    }
    return r.on(server, browser, "POST", path, body=body, headers=headers)


def admin_save(r, server, browser, change_path, form_id, files=None, **values):
    """Saves an admin change form, as a browser does, on app server `server`."""
    page = browser.get(change_path)
    if page.status != 200:
        raise AssertionError(f"{change_path}: {page.status}")
    admin_form = client.form(page.text, id=form_id)
    fields = client.replace(admin_form["fields"], **values)
    response = _post_on(r, server, browser, change_path, fields, files)
    if response.status != 302:
        errors = re.findall(r'<ul class="errorlist[^"]*"[^>]*>(.*?)</ul>', response.text, re.S)
        raise AssertionError(f"saving {change_path}: {response.status} {errors[:3]}")
    return response


def check_media(r):
    from tests.podcasts.audio import mp3_bytes

    browser = admin_browser(r)
    base = f"{r.s3.endpoint}/{r.bucket}/"
    before = set(r.s3.keys(r.bucket))
    person, person_slug = r.db.query("SELECT id, slug FROM centre_person ORDER BY id LIMIT 1")[0]
    admin_save(
        r,
        "A",
        browser,
        f"/admin/centre/person/{person}/change/",
        "person_form",
        files={"photo": ("portrait.png", png_bytes(), "image/png")},
    )
    audio = mp3_bytes(seconds=20)
    episode, episode_slug = r.db.query("SELECT id, slug FROM podcasts_episode ORDER BY id LIMIT 1")[
        0
    ]
    admin_save(
        r,
        "A",
        browser,
        f"/admin/podcasts/episode/{episode}/change/",
        "episode_form",
        files={"audio_file": ("episode.mp3", audio, "audio/mpeg")},
    )
    photo = r.db.query("SELECT photo FROM centre_person WHERE id = %s", (person,))[0][0]
    audio_name = r.db.query("SELECT audio_file FROM podcasts_episode WHERE id = %s", (episode,))
    audio_name = audio_name[0][0]
    new_keys = sorted(set(r.s3.keys(r.bucket)) - before)
    r.media_keys = new_keys
    stored = photo in new_keys and audio_name in new_keys
    # Saved by a visitor from the bucket under the episode's title (mocsite.uploads).
    title = r.db.query("SELECT title_fr FROM podcasts_episode WHERE id = %s", (episode,))[0][0]
    readable = audio_name.endswith(f"/{slugify(title)[:80].strip('-')}.mp3")
    r.report.check(
        stored and readable and len(new_keys) >= 4,
        "2a",
        f"uploaded through the admin on server A: {photo} and {audio_name} (named after the "
        f"episode) are in the bucket, with {len(new_keys) - 2} image renditions "
        f"({len(new_keys)} new objects)",
    )

    person_page = r.on("B", r.browser(), "GET", _public_path(r, person_slug))
    images = [u for u in media_urls(person_page.text, base) if "/team/" in u]
    image_ok = []
    for url in images:
        status, headers, body = fetch(url)
        image_ok.append(
            status == 200
            and headers.get("Content-Type", "").startswith("image/")
            and "max-age=86400" in headers.get("Cache-Control", "")
        )
    episode_page = r.on("B", r.browser(), "GET", _public_path(r, episode_slug))
    audio_urls = [u for u in media_urls(episode_page.text, base) if u.endswith(audio_name)]
    status, headers, body = (
        fetch(audio_urls[0], {"Range": "bytes=1000-1999"}) if audio_urls else (0, {}, b"")
    )
    ranged = status == 206 and body == audio[1000:2000]
    content_range = headers.get("Content-Range") if headers else None
    redirect = r.browser().get(f"/media/{audio_name}")
    r.report.check(
        bool(images)
        and all(image_ok)
        and ranged
        and redirect.status == 301
        and redirect.header("Location") == base + audio_name,
        "2b",
        f"served through server B: its team page links {len(images)} image files in the "
        f"bucket, all 200 image/* with Cache-Control max-age=86400; its episode page links the "
        f"audio, Range bytes=1000-1999 gives {status} ({content_range}) with the uploaded "
        f"bytes; /media/{audio_name} through nginx: {redirect.status} to the bucket",
    )


def _public_path(r, slug):
    """The French page of a row, found in the sitemap by its slug."""
    matches = [p for p in r.paths if p.startswith("/fr/") and p.rstrip("/").endswith("/" + slug)]
    if not matches:
        raise AssertionError(f"no page for {slug} in the sitemap")
    return matches[0]


# --- 3. an edit and a session across servers -----------------------------------------------


def check_shared_state(r):
    browser = admin_browser(r, server="A")
    on_b = r.on("B", browser, "GET", "/admin/")
    signed_in = on_b.status == 200 and "logout" in on_b.text
    r.report.check(
        signed_in,
        "3a",
        f"signed in on server A (session cookie), /admin/ on server B: {on_b.status}"
        + (", signed in" if signed_in else ", NOT signed in"),
    )
    visitor = r.browser()
    for path in ("/fr/", "/en/", "/fr/", "/en/"):
        visitor.get(path)  # the page cache now holds both home pages
    cached = r.redis.client(1).dbsize()
    marker = uuid.uuid4().hex[:8]
    tagline = {
        "tagline_fr": f"Répétition générale {marker}",
        "tagline_en": f"Dress rehearsal {marker}",
    }
    admin_save(r, "A", browser, "/admin/centre/centre/1/change/", "centre_form", **tagline)
    fr = r.on("B", visitor, "GET", "/fr/")
    en = r.on("B", visitor, "GET", "/en/")
    r.report.check(
        cached > 0 and tagline["tagline_fr"] in fr.text and tagline["tagline_en"] in en.text,
        "3b",
        f"home pages in the page cache (Redis, {cached} keys); the tagline edited on server A "
        f"shows at once on server B in French ({tagline['tagline_fr'] in fr.text}) and English "
        f"({tagline['tagline_en'] in en.text})",
    )


# --- 4. per-visitor limits behind the proxy ------------------------------------------------


def contact_fields(html, subject, email="visiteur@example.org"):
    contact = client.form(html, method="post")
    sender_types = re.findall(r'<option value="([^"]+)"', html.split('name="sender_type"', 1)[1])
    return client.replace(
        contact["fields"],
        name="Visiteur de répétition",
        email=email,
        sender_type=sender_types[0],
        subject=subject,
        message="Message de la répétition générale de production, à ignorer.",
        consent="on",
    )


def send_contact(r, browser, subject, wait=3.2, email="visiteur@example.org", headers=None):
    page = browser.get("/fr/contact/")
    fields = contact_fields(page.text, subject, email)
    time.sleep(wait)  # CONTACT_MIN_FILL_SECONDS: faster is taken for a bot
    return browser.post("/fr/contact/", fields, headers=headers)


def login_attempt(browser, username, password):
    path = "/admin/login/?next=/admin/"
    page = browser.get(path)
    fields = client.form(page.text, id="login-form")["fields"]
    return browser.post(path, client.replace(fields, username=username, password=password)).status


def check_per_client(r):
    first, second = r.browser("127.0.0.2"), r.browser("127.0.0.3")
    pages = [first.get("/fr/contact/") for _ in range(7)]
    time.sleep(3.2)
    offset = r.nginx.log_offset()
    statuses = []
    for number, page in enumerate(pages[:6], 1):
        fields = contact_fields(page.text, f"Répétition, limite {number}")
        statuses.append(first.post("/fr/contact/", fields).status)
    forged = first.post(
        "/fr/contact/",
        contact_fields(pages[6].text, "Répétition, adresse forgée"),
        headers={"X-Forwarded-For": "198.51.100.7"},
    ).status
    other = send_contact(r, second, "Répétition, autre visiteur", wait=3.2).status
    records = [x for x in r.nginx.log_records(offset) if '"POST /fr/contact/' in x["line"]]
    servers = sorted({r.server_of(x) for x in records})
    r.report.check(
        statuses == [303] * 5 + [429] and forged == 429 and other == 303,
        "4a",
        f"contact form from 127.0.0.2: {statuses} (limit 5), a 7th with a forged "
        f"X-Forwarded-For: {forged}; from 127.0.0.3 meanwhile: {other}; the posts were "
        f"answered by app servers {', '.join(servers)}",
    )

    attacker, colleague = r.browser("127.0.0.4"), r.browser("127.0.0.5")
    failures = [login_attempt(attacker, r.editor[0], "not-the-password") for _ in range(5)]
    locked = login_attempt(attacker, *r.editor)
    colleague_status = login_attempt(colleague, *r.editor)
    addresses = sorted(
        str(row[0])
        for row in r.db.query(
            "SELECT DISTINCT ip_address FROM axes_accessattempt WHERE username = %s",
            (r.editor[0],),
        )
    )
    r.report.check(
        failures[:4] == [200] * 4
        and failures[4] in (403, 429)
        and locked in (403, 429)
        and colleague_status == 302
        and addresses == ["127.0.0.4"],
        "4b",
        f"admin lock-out: 5 wrong passwords from 127.0.0.4 {failures}, then the right one "
        f"from there: {locked}; from 127.0.0.5: {colleague_status} (signed in); django-axes "
        f"recorded the address(es) {addresses}",
    )


CHECKS = [
    ("2", check_media),
    ("3", check_shared_state),
    ("4", check_per_client),
]
