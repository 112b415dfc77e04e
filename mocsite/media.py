"""Serving MEDIA_ROOT with HTTP Range support, for set-ups where Django serves media itself.

django.views.static.serve always answers the whole file, so a browser's <audio> player
cannot seek in a recording (and Safari refuses to play it at all). This view answers
`Range: bytes=…` with 206 Partial Content, or 416 when the range is outside the file.

Uploads are stored under names whose extension comes from their checked content
(mocsite.uploads), so the Content-Type is taken from that extension, from a fixed list of
harmless types, and browsers are told not to guess another one (nosniff). A file with any
other extension (HTML, SVG, a script…), which no upload field stores, is only ever
offered as an opaque download, never displayed.
"""

import posixpath
import re
from pathlib import Path

from django.http import (
    FileResponse,
    Http404,
    HttpResponse,
    HttpResponseNotModified,
    StreamingHttpResponse,
)
from django.utils._os import safe_join
from django.utils.http import content_disposition_header, http_date, parse_http_date_safe
from django.views.static import was_modified_since

from mocsite.uploads import CONTENT_TYPES

RANGE_RE = re.compile(r"^bytes=(\d*)-(\d*)$")
# Characters no file name may hold on the visitors' systems (Windows' list and controls).
UNSAFE_IN_FILENAMES = re.compile(r'[\\/:*?"<>|\x00-\x1f\x7f]+')
FILENAME_MAX_LENGTH = 120
CHUNK_SIZE = 64 * 1024


def readable_filename(title, extension):
    """`Ostéogenèse imparfaite – PNDS.pdf` from a title: what a visitor's download is
    called (accents kept; Content-Disposition carries them as filename*)."""
    name = " ".join(UNSAFE_IN_FILENAMES.sub(" ", str(title)).split()).strip(". ")
    name = name[:FILENAME_MAX_LENGTH].rstrip(". ") or "document"
    return f"{name}.{extension}"


def parse_range(header, size):
    """(start, end) inclusive for a single byte range, None to send the whole file,
    or "unsatisfiable". Several ranges at once are answered with the whole file, which
    RFC 9110 allows."""
    match = RANGE_RE.match(header.strip())
    if not match:
        return None
    first, last = match.groups()
    if not first and not last:
        return None
    if not first:  # the last N bytes
        length = int(last)
        if length == 0 or size == 0:
            return "unsatisfiable"
        return max(size - length, 0), size - 1
    start = int(first)
    if last and int(last) < start:
        return None  # invalid syntax: ignore the header
    if start >= size:
        return "unsatisfiable"
    end = int(last) if last else size - 1
    return start, min(end, size - 1)


def _file_range(path, start, length):
    with open(path, "rb") as handle:
        handle.seek(start)
        remaining = length
        while remaining > 0:
            chunk = handle.read(min(CHUNK_SIZE, remaining))
            if not chunk:
                break
            remaining -= len(chunk)
            yield chunk


def serve_media(request, path, document_root):
    path = posixpath.normpath(path).lstrip("/")
    try:
        fullpath = Path(safe_join(document_root, path))
    except Exception as error:  # SuspiciousFileOperation: outside the root
        raise Http404 from error
    if not fullpath.is_file():
        raise Http404
    stat = fullpath.stat()
    size = stat.st_size
    last_modified = http_date(stat.st_mtime)
    if not was_modified_since(request.META.get("HTTP_IF_MODIFIED_SINCE"), stat.st_mtime):
        return HttpResponseNotModified()
    content_type = CONTENT_TYPES.get(fullpath.suffix.lower().lstrip("."))

    byte_range = None
    range_header = request.META.get("HTTP_RANGE")
    if range_header and _if_range_matches(request, stat.st_mtime):
        byte_range = parse_range(range_header, size)

    if byte_range == "unsatisfiable":
        response = HttpResponse(status=416)
        response["Content-Range"] = f"bytes */{size}"
    elif byte_range:
        start, end = byte_range
        length = end - start + 1
        response = StreamingHttpResponse(
            _file_range(fullpath, start, length),
            status=206,
            content_type=content_type or "application/octet-stream",
        )
        response["Content-Length"] = str(length)
        response["Content-Range"] = f"bytes {start}-{end}/{size}"
    else:
        response = FileResponse(
            fullpath.open("rb"), content_type=content_type or "application/octet-stream"
        )
        response["Content-Length"] = str(size)
    response["Accept-Ranges"] = "bytes"
    response["Last-Modified"] = last_modified
    response["X-Content-Type-Options"] = "nosniff"
    if content_type == "application/pdf" and request.GET.get("filename"):
        # Opened in the browser, saved under the document's title (download_url tag).
        filename = readable_filename(request.GET["filename"].removesuffix(".pdf"), "pdf")
        response["Content-Disposition"] = content_disposition_header(False, filename)
    if content_type is None:
        response["Content-Disposition"] = "attachment"
        response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


def _if_range_matches(request, mtime):
    """A Range request with If-Range only gets a part when the file is unchanged."""
    if_range = request.META.get("HTTP_IF_RANGE")
    if not if_range:
        return True
    since = parse_http_date_safe(if_range)
    return since is not None and int(mtime) <= since
