"""`{% download_url file name %}`: the address of an uploaded PDF that visitors save under a
readable name. Every stored name is already readable, from the French title
(`pnds/3f9a…/pnds-osteogenese-imparfaite.pdf`, mocsite.uploads.UploadTo), and browsers save
a file under the last part of its address whatever serves it (nginx, object storage, a
CDN). Served by Django (mocsite.media.serve_media, which sets the Content-Disposition file
name), the name travels in the address too, so it is the title in the page's language."""

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
