"""`{% download_url file name %}`: the address of an uploaded PDF that visitors save under a
readable name (the title in the page's language) rather than its stored name
(`pnds/3f9a….pdf`). Served by Django (mocsite.media.serve_media, which sets the
Content-Disposition file name) the name travels in the address; other servers (a proxy,
object storage) are given the plain address, which their own signing may cover."""

from django import template
from django.core.files.storage import FileSystemStorage
from django.utils.http import urlencode

from mocsite.media import readable_filename

register = template.Library()


@register.simple_tag
def download_url(fieldfile, name):
    url = fieldfile.url
    if isinstance(fieldfile.storage, FileSystemStorage) and name:
        url = f"{url}?{urlencode({'filename': readable_filename(name, 'pdf')})}"
    return url


@register.filter
def download_name(name):
    """The file name for an <a download> attribute."""
    return readable_filename(name, "pdf")
