"""A small browser for the rehearsal: HTTPS to nginx on loopback under the site's real host
name (SNI, certificate check, Host header), cookies, the forms of a page, multipart uploads.

`source` picks the client's own loopback address (127.0.0.2, 127.0.0.3…: Linux answers the
whole of 127.0.0.0/8), so that nginx sees several visitors.
"""

import gzip
import http.client
import socket
import ssl
import uuid
from html.parser import HTMLParser
from http.cookies import SimpleCookie
from urllib.parse import urlencode, urlsplit


class LoopbackHTTPS(http.client.HTTPSConnection):
    """HTTPS to `address` whatever the host name says, with `host` as SNI and Host."""

    def __init__(self, host, address, context, source=None, timeout=15):
        super().__init__(host, 443, context=context, timeout=timeout)
        self.address = address
        self.source = source

    def connect(self):
        sock = socket.create_connection(
            self.address, self.timeout, (self.source, 0) if self.source else None
        )
        self.sock = self._context.wrap_socket(sock, server_hostname=self.host)


def tls_context(cafile, minimum=None, maximum=None):
    context = ssl.create_default_context(cafile=str(cafile))
    if minimum:
        context.minimum_version = minimum
    if maximum:
        context.maximum_version = maximum
    return context


class Response:
    def __init__(self, status, headers, raw):
        self.status = status
        self.headers = headers  # [(name, value)], as sent
        self.raw = raw
        self.encoding = self.header("Content-Encoding")
        body = gzip.decompress(raw) if self.encoding == "gzip" and raw else raw
        self.body = body

    def header(self, name, default=None):
        values = self.all(name)
        return values[0] if values else default

    def all(self, name):
        return [value for key, value in self.headers if key.lower() == name.lower()]

    @property
    def text(self):
        return self.body.decode("utf-8", "replace")

    @property
    def request_id(self):
        return self.header("X-Request-ID")


class Browser:
    """One visitor: one keep-alive connection, its cookies."""

    def __init__(self, host, port, cafile, source=None):
        self.host = host
        self.origin = f"https://{host}"
        self.address = ("127.0.0.1", port)
        self.context = tls_context(cafile)
        self.source = source
        self.cookies = {}
        self.conn = None

    def close(self):
        if self.conn is not None:
            self.conn.close()
            self.conn = None

    def request(self, method, path, body=None, headers=None, retry=True):
        if path.startswith("https://"):
            path = urlsplit(path)._replace(scheme="", netloc="").geturl()
        all_headers = {"Accept-Encoding": "gzip", "User-Agent": "mocsite-prod-check"}
        if self.cookies:
            all_headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        all_headers.update(headers or {})
        if self.conn is None:
            self.conn = LoopbackHTTPS(self.host, self.address, self.context, self.source)
        try:
            self.conn.request(method, path, body=body, headers=all_headers)
            response = self.conn.getresponse()
            raw = response.read()
        except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
            # nginx closed an idle keep-alive connection: a browser simply reconnects.
            self.close()
            if not retry:
                raise
            return self.request(method, path, body, headers, retry=False)
        result = Response(response.status, response.getheaders(), raw)
        if response.getheader("Connection", "").lower() == "close":
            self.close()
        self._keep_cookies(result)
        return result

    def _keep_cookies(self, response):
        for header in response.all("Set-Cookie"):
            cookie = SimpleCookie()
            cookie.load(header)
            for name, morsel in cookie.items():
                if morsel["max-age"] == "0" or morsel.value == "":
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.value

    def get(self, path, headers=None):
        return self.request("GET", path, headers=headers)

    def post(self, path, fields, files=None, referer=None, headers=None):
        """A form as a browser sends it: urlencoded, or multipart with `files`
        ({name: (filename, bytes, content type)}); Origin and Referer of the site."""
        extra = {"Origin": self.origin, "Referer": self.origin + (referer or path)}
        if files:
            body, content_type = multipart(fields, files)
        else:
            body, content_type = urlencode(fields, doseq=True).encode(), None
        extra["Content-Type"] = content_type or "application/x-www-form-urlencoded"
        extra.update(headers or {})
        return self.request("POST", path, body=body, headers=extra)


def multipart(fields, files):
    boundary = uuid.uuid4().hex
    parts = []
    for name, value in fields:
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'.encode()
            + str(value).encode()
            + b"\r\n"
        )
    for name, (filename, data, content_type) in files.items():
        parts.append(
            (
                f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
                f'filename="{filename}"\r\nContent-Type: {content_type}\r\n\r\n'
            ).encode()
            + data
            + b"\r\n"
        )
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


class _Forms(HTMLParser):
    """The forms of a page: [{"attrs": {...}, "fields": [(name, value)]}], with what a
    browser would send (checked boxes, selected options, textareas)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms = []
        self.form = None
        self.select = None
        self.option = None
        self.textarea = None

    def handle_starttag(self, tag, attrs):
        attrs = {key: (value if value is not None else "") for key, value in attrs}
        if tag == "form":
            self.form = {"attrs": attrs, "fields": [], "selects": []}
            self.forms.append(self.form)
        if self.form is None:
            return
        name = attrs.get("name")
        if tag == "input" and name:
            kind = attrs.get("type", "text").lower()
            if kind in ("submit", "button", "image", "reset", "file"):
                return
            if kind in ("checkbox", "radio") and "checked" not in attrs:
                return
            default = "on" if kind in ("checkbox", "radio") else ""
            self.form["fields"].append((name, attrs.get("value", default)))
        elif tag == "textarea" and name:
            self.textarea = [name, ""]
        elif tag == "select" and name:
            self.select = {"name": name, "multiple": "multiple" in attrs, "options": []}
        elif tag == "option" and self.select is not None:
            self.option = [attrs.get("value"), "selected" in attrs, ""]
            self.select["options"].append(self.option)

    def handle_data(self, data):
        if self.textarea is not None:
            self.textarea[1] += data
        if self.option is not None:
            self.option[2] += data

    def handle_endtag(self, tag):
        if tag == "textarea" and self.textarea is not None:
            value = self.textarea[1]
            if value.startswith("\n"):  # HTML drops the newline right after <textarea>
                value = value[1:]
            self.form["fields"].append((self.textarea[0], value.replace("\n", "\r\n")))
            self.textarea = None
        elif tag == "option":
            self.option = None
        elif tag == "select" and self.select is not None:
            options = self.select["options"]
            chosen = [o for o in options if o[1]]
            if not chosen and options and not self.select["multiple"]:
                chosen = options[:1]
            for value, _selected, label in chosen:
                self.form["fields"].append(
                    (self.select["name"], label.strip() if value is None else value)
                )
            self.select = None
        elif tag == "form":
            self.form = None


def forms(html):
    parser = _Forms()
    parser.feed(html)
    return parser.forms


def form(html, **match):
    """The first form whose attributes include `match` (e.g. id="login-form")."""
    for candidate in forms(html):
        if all(candidate["attrs"].get(key) == value for key, value in match.items()):
            return candidate
    raise LookupError(f"no form with {match}")


def field(fields, name):
    return next((value for key, value in fields if key == name), None)


def replace(fields, **values):
    """The fields with some values replaced (or added)."""
    result = [(key, value) for key, value in fields if key not in values]
    return result + list(values.items())
