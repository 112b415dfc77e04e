"""Admin pages for importing publications: upload or fetch, preview, then confirm.

The parsed records travel from the preview to the confirmation inside a signed form field,
so nothing is stored between the two steps and staff cannot tamper with them.
"""

import reversion
from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .fetch import FetchError, fetch
from .importers import ImportFileError, apply, parse_file, plan
from .models import Publication

SALT = "publications.import"
MAX_IMPORT_SIZE = getattr(settings, "PUBLICATION_IMPORT_MAX_SIZE", 2 * 1024 * 1024)


class ImportForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("File"),
        help_text=gettext_lazy(
            "PubMed XML, MEDLINE (.nbib or .txt, PubMed's “PubMed "
            "format”), RIS or BibTeX (.bib), UTF-8, up to 2 MB."
        ),
    )


class IdentifierForm(forms.Form):
    identifier = forms.CharField(label=gettext_lazy("PMID or DOI"), max_length=250)


def _context(request, **extra):
    return {**admin.site.each_context(request), "opts": Publication._meta, **extra}


def _preview(request, records, source):
    return TemplateResponse(
        request,
        "admin/publications/publication/import_preview.html",
        _context(
            request,
            title=_("Check the import"),
            plan=plan(records),
            source=source,
            payload=signing.dumps(records, salt=SALT, compress=True),
        ),
    )


def import_file(request):
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        data = upload.read(MAX_IMPORT_SIZE + 1)
        try:
            records = parse_file(upload.name, data, MAX_IMPORT_SIZE)
        except ImportFileError as error:
            form.add_error("file", str(error))
        else:
            return _preview(request, records, upload.name)
    return TemplateResponse(
        request,
        "admin/publications/publication/import.html",
        _context(request, title=_("Import publications"), form=form),
    )


def add_by_identifier(request):
    form = IdentifierForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            records = fetch(form.cleaned_data["identifier"])
        except FetchError as error:
            form.add_error("identifier", str(error))
        else:
            return _preview(request, records, form.cleaned_data["identifier"])
    return TemplateResponse(
        request,
        "admin/publications/publication/import.html",
        _context(
            request, title=_("Add a publication by PMID or DOI"), form=form, by_identifier=True
        ),
    )


def confirm_import(request):
    if request.method != "POST":
        return redirect("admin:publications_publication_import")
    try:
        records = signing.loads(request.POST.get("payload", ""), salt=SALT, max_age=3600)
    except signing.BadSignature:
        messages.error(request, _("The import expired or was altered; upload the file again."))
        return redirect("admin:publications_publication_import")
    try:
        # One version of each publication created or updated, as an admin save makes.
        with reversion.create_revision():
            reversion.set_user(request.user)
            reversion.set_comment(_("Imported from a file"))
            created, updated, skipped = apply(records)
    except ValidationError as error:
        messages.error(
            request, _("Nothing was imported: %(error)s") % {"error": " ".join(error.messages)}
        )
        return redirect("admin:publications_publication_import")
    except (ImportFileError, IntegrityError, ValueError):
        # Another change since the preview (plan() checks identifiers): start again.
        messages.error(
            request,
            _(
                "Nothing was imported: the publications changed since the preview. "
                "Upload the file again to see the import as it would be now."
            ),
        )
        return redirect("admin:publications_publication_import")
    messages.success(
        request,
        _("%(created)s publications created, %(updated)s updated.")
        % {"created": created, "updated": updated},
    )
    for item in skipped:
        messages.warning(request, skipped_message(item))
    return redirect("admin:publications_publication_changelist")


def skipped_message(item):
    """ "Skipped: reference 3 “Title”: the reasons", with links to the publications that
    already have its identifiers."""
    record = item["record"]
    links = format_html_join(
        ", ",
        '<a href="{}">{}</a>',
        (
            (reverse("admin:publications_publication_change", args=[other.pk]), other.title)
            for other in item.get("others", [])
        ),
    )
    return format_html(
        "{} {}{}",
        _("Skipped: reference %(position)s “%(title)s”:")
        % {"position": record.get("position", "?"), "title": record["title"] or _("(no title)")},
        " ".join(item["problems"]),
        format_html(" {} {}", _("See:"), links) if item.get("others") else "",
    )
