"""Item 1 of the rehearsal: every page of the sitemap in both languages, compressed, with
HSTS and the security headers; the catch-all server; TLS; nginx's own answers and its
request buffering. Also the page helpers the other checks use."""

import re
import socket
import ssl
import time
import xml.etree.ElementTree as ET
from html.parser import HTMLParser

from . import client, services

SITEMAP_NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML_NS = "{http://www.w3.org/1999/xhtml}"
HSTS_MIN = 31536000


# --- helpers shared with checks.py and operations.py -----------------------------------------------------


def sitemap_paths(browser):
    """Every address of the sitemap (its index followed), with each language's alternate."""
    found, queue, seen = set(), ["/sitemap.xml"], set()
    while queue:
        path = queue.pop()
        if path in seen:
            continue
        seen.add(path)
        response = browser.get(path)
        if response.status != 200:
            raise AssertionError(f"{path} answered {response.status}")
        root = ET.fromstring(response.body)
        for loc in root.iter(f"{SITEMAP_NS}loc"):
            target = _path(loc.text.strip())
            if root.tag.endswith("sitemapindex"):
                queue.append(target)
            else:
                found.add(target)
        for link in root.iter(f"{XHTML_NS}link"):
            found.add(_path(link.get("href")))
    return sorted(found)


def _path(url):
    if not url.startswith("https://moc.example.org/"):
        raise AssertionError(f"sitemap address not on the site's https host: {url}")
    return url[len("https://moc.example.org") :]


class _Text(HTMLParser):
    """The text a reader sees (no script, style or template), and every attribute value."""

    SKIP = {"script", "style", "template"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts, self.values, self.depth = [], [], 0

    def handle_starttag(self, tag, attrs):
        if tag in self.SKIP:
            self.depth += 1
        self.values.extend(value for _, value in attrs if value)

    def handle_endtag(self, tag):
        if tag in self.SKIP and self.depth:
            self.depth -= 1

    def handle_data(self, data):
        if not self.depth:
            self.parts.append(data)


def page_text(html):
    parser = _Text()
    parser.feed(html)
    return " ".join(" ".join(parser.parts).split()), parser.values


def media_urls(html, base):
    """Addresses under `base` (the bucket's) in a page's attributes (src, srcset, href…)."""
    _, values = page_text(html)
    urls = set()
    for value in values:
        urls.update(re.findall(re.escape(base) + r"[^\s,\"']+", value))
    return sorted(urls)


def fetch(url, headers=None):
    """A plain GET outside nginx (the bucket's own address): (status, headers, body)."""
    return services.plain_get(url, headers)


def raw_exchange(port, request, server_name=None, cafile=None, timeout=5):
    """Sends raw bytes to nginx (over TLS when `cafile` is given); the answer's first line,
    or why there was none."""
    sock = socket.create_connection(("127.0.0.1", port), timeout)
    try:
        if cafile:
            context = client.tls_context(cafile)
            context.check_hostname = False
            sock = context.wrap_socket(sock, server_hostname=server_name)
        sock.sendall(request)
        data = sock.recv(65536)
        return data.split(b"\r\n", 1)[0].decode(errors="replace") if data else "closed"
    except ssl.SSLError as error:
        return f"TLS refused ({error.reason})"
    except ConnectionResetError:
        return "reset"
    finally:
        sock.close()


def security_problems(response):
    """What is missing or doubled among the security headers of an HTTPS answer."""
    problems = []
    hsts = response.all("Strict-Transport-Security")
    if len(hsts) != 1:
        problems.append(f"{len(hsts)} HSTS headers")
    else:
        age = re.search(r"max-age=(\d+)", hsts[0])
        if not age or int(age.group(1)) < HSTS_MIN or "includesubdomains" not in hsts[0].lower():
            problems.append(f"HSTS {hsts[0]!r}")
    expected = {
        "X-Content-Type-Options": "nosniff",
        "X-Frame-Options": "DENY",
        "Referrer-Policy": None,
        "Content-Security-Policy": None,
        "Permissions-Policy": None,
        "Cross-Origin-Opener-Policy": "same-origin",
    }
    for name, value in expected.items():
        values = response.all(name)
        if len(values) != 1 or (value and values[0] != value):
            problems.append(f"{name}: {values}")
    if response.header("Server", "") not in ("nginx", ""):
        problems.append(f"Server: {response.header('Server')}")
    return problems


# --- 1. pages, compression, headers, catch-all ---------------------------------------------


def check_pages(r):
    browser = r.browser()
    paths = sitemap_paths(browser)
    r.paths = paths
    languages = {path.split("/")[1] for path in paths}
    problems, csrf_pages, compressed, outputs = [], [], 0, set()
    for path in paths:
        response = r.browser().get(path)  # a new visitor each time: no cookie
        if response.status != 200:
            problems.append(f"{path}: {response.status}")
            continue
        outputs.update(
            re.findall(r'href="(/[^"#?]+?(?:\.ics|\.json|/rss/|/feed/))"', response.text)
        )
        sets_csrf = any(h.startswith("csrftoken=") for h in response.all("Set-Cookie"))
        if sets_csrf:
            csrf_pages.append(path)
            if response.encoding:
                problems.append(f"{path}: carries a CSRF token and is compressed (BREACH)")
        elif response.encoding == "gzip":
            compressed += 1
        else:
            problems.append(f"{path}: not compressed")
        problems += [f"{path}: {p}" for p in security_problems(response)]
    per_language = {
        lang: sum(p.startswith(f"/{lang}/") for p in paths) for lang in sorted(languages)
    }
    r.report.check(
        not problems and languages == {"fr", "en"} and per_language["fr"] == per_language["en"],
        "1a",
        f"sitemap: {len(paths)} pages ({per_language}) answer 200 over HTTPS, {compressed} gzip, "
        f"{len(csrf_pages)} with a CSRF token uncompressed on purpose ({', '.join(csrf_pages)}); "
        "one HSTS (>= 1 year, subdomains), CSP, nosniff, X-Frame-Options, Referrer-Policy, "
        "Permissions-Policy, COOP on each"
        + (f" — {len(problems)} problems: {problems[:5]}" if problems else ""),
    )
    check_outputs(r, browser, sorted(outputs))
    home = browser.get("/fr/")
    css = re.search(r'href="(/static/[^"]+\.css)"', home.text)
    asset = browser.get(css.group(1), headers={"Accept-Encoding": "br, gzip"}) if css else None
    cache = asset.header("Cache-Control", "") if asset else ""
    r.report.check(
        bool(asset)
        and asset.status == 200
        and "immutable" in cache
        and asset.encoding in ("br", "gzip")
        and len(asset.all("Strict-Transport-Security")) == 1,
        "1c",
        f"static file through nginx from WhiteNoise: {css.group(1) if css else 'no stylesheet'} "
        f"{asset.status if asset else '-'}, {asset.encoding if asset else '-'}, "
        f"Cache-Control {cache!r}",
    )
    check_catch_all(r)
    check_nginx_answers(r)


def check_outputs(r, browser, outputs):
    """Calendars, feeds and data linked from the pages, and the sitemap itself."""
    kinds, problems = {}, []
    for path in ["/sitemap.xml", *outputs]:
        response = browser.get(path)
        kind = response.header("Content-Type", "").split(";")[0]
        kinds[kind] = kinds.get(kind, 0) + 1
        if response.status != 200 or response.encoding != "gzip":
            problems.append(f"{path}: {response.status} {response.encoding}")
        problems += [f"{path}: {p}" for p in security_problems(response) if "Policy" not in p]
    r.report.check(
        not problems and len(outputs) >= 3,
        "1b",
        f"{len(outputs) + 1} calendars, feeds, data files and the sitemap linked from the pages: "
        f"all 200, gzip, with HSTS and nosniff ({', '.join(f'{k} {n}' for k, n in sorted(kinds.items()))})"
        + (f" — problems: {problems[:5]}" if problems else ""),
    )


def check_catch_all(r):
    https, http = r.nginx.https_port, r.nginx.http_port
    get = b"GET /fr/ HTTP/1.1\r\nHost: %s\r\nConnection: close\r\n\r\n"
    outcomes = {
        "TLS name unknown.example": raw_exchange(
            https, get % b"unknown.example", "unknown.example", r.cert
        ),
        "no TLS name (an IP address)": raw_exchange(https, get % b"127.0.0.1", None, r.cert),
        "TLS name ok, Host unknown.example": raw_exchange(
            https, get % b"unknown.example", r.host, r.cert
        ),
        "http, Host unknown.example": raw_exchange(http, get % b"unknown.example"),
        "http, Host 127.0.0.1": raw_exchange(http, get % b"127.0.0.1"),
    }
    refused = all(o.startswith("TLS refused") for o in list(outcomes.values())[:2])
    closed = all(o in ("closed", "reset") for o in list(outcomes.values())[2:])
    redirect = raw_exchange(http, get % r.host.encode())
    r.report.check(
        refused and closed and redirect.startswith("HTTP/1.1 301"),
        "1d",
        "unknown Host: "
        + "; ".join(f"{k}: {v}" for k, v in outcomes.items())
        + f"; http for {r.host}: {redirect}",
    )
    old = client.tls_context(r.cert, maximum=ssl.TLSVersion.TLSv1_1)
    old.set_ciphers("DEFAULT:@SECLEVEL=0")
    try:
        old.minimum_version = ssl.TLSVersion.TLSv1
    except ValueError:
        pass
    sock = socket.create_connection(("127.0.0.1", https), 5)
    try:
        old.wrap_socket(sock, server_hostname=r.host)
        old_outcome = "accepted"
    except ssl.SSLError as error:
        old_outcome = f"refused ({error.reason})"
    finally:
        sock.close()
    versions = []
    for version in (ssl.TLSVersion.TLSv1_2, ssl.TLSVersion.TLSv1_3):
        context = client.tls_context(r.cert, minimum=version, maximum=version)
        with socket.create_connection(("127.0.0.1", https), 5) as raw:
            with context.wrap_socket(raw, server_hostname=r.host) as tls:
                versions.append(tls.version())
    alpn = client.tls_context(r.cert)
    alpn.set_alpn_protocols(["h2", "http/1.1"])
    with socket.create_connection(("127.0.0.1", https), 5) as raw:
        with alpn.wrap_socket(raw, server_hostname=r.host) as tls:
            protocol = tls.selected_alpn_protocol()
    r.report.check(
        old_outcome != "accepted" and versions == ["TLSv1.2", "TLSv1.3"] and protocol == "h2",
        "1e",
        f"TLS: {' and '.join(versions)} accepted with the certificate of {r.host}; "
        f"TLS 1.0/1.1 {old_outcome}; HTTP/2 offered (ALPN: {protocol})",
    )


def check_nginx_answers(r):
    """nginx's own answers carry the headers too, and request buffering spares gunicorn."""
    too_big = (
        b"POST /fr/contact/ HTTP/1.1\r\nHost: moc.example.org\r\nContent-Type: "
        b"application/x-www-form-urlencoded\r\nContent-Length: 2000000\r\n\r\n"
    )
    sock = socket.create_connection(("127.0.0.1", r.nginx.https_port), 5)
    tls = client.tls_context(r.cert).wrap_socket(sock, server_hostname=r.host)
    tls.sendall(too_big)
    head = tls.recv(65536).decode(errors="replace")
    tls.close()
    hsts = "strict-transport-security: max-age=31536000" in head.lower()
    r.report.check(
        head.startswith("HTTP/1.1 413") and hsts and "nosniff" in head,
        "1f",
        f"a 2 MB POST to the contact form: nginx answers {head.splitlines()[0] if head else '-'} "
        f"itself, with HSTS and nosniff ({'present' if hsts else 'missing'})",
    )
    # More stalled uploads than the app servers have threads (2 × 2 workers × 4 threads).
    stalled, offsets = [], {name: s.log_path.stat().st_size for name, s in r.servers.items()}
    partial = (
        b"POST /fr/contact/ HTTP/1.1\r\nHost: moc.example.org\r\nContent-Type: "
        b"application/x-www-form-urlencoded\r\nContent-Length: 4000\r\n\r\nname=slow"
    )
    try:
        for _ in range(24):
            sock = socket.create_connection(("127.0.0.1", r.nginx.https_port), 5)
            tls = client.tls_context(r.cert).wrap_socket(sock, server_hostname=r.host)
            tls.sendall(partial)
            stalled.append(tls)
        time.sleep(1)
        start = time.monotonic()
        answers = [r.browser().get(path).status for path in ("/fr/", "/en/", "/fr/contact/")]
        took = time.monotonic() - start
    finally:
        for tls in stalled:
            tls.close()
    time.sleep(0.5)
    seen = sum(
        record.get("method") == "POST"
        for name, server in r.servers.items()
        for record in server.log_records(offsets[name])
    )
    r.report.check(
        answers == [200, 200, 200] and took < 3 and not seen,
        "1g",
        f"request buffering: 24 uploads stalled mid-body (more than the 16 app threads); "
        f"meanwhile 3 pages answered {answers} in {took:.2f} s, and no app server saw a "
        "stalled request",
    )


CHECKS = [("1", check_pages)]
