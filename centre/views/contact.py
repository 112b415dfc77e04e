"""The contact form and its thank-you page (the workflow is centre.contact.submit())."""

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.cache import never_cache

from .. import contact
from ..forms import ContactForm, new_form_token
from .pages import retention_months


@never_cache  # the form carries the visitor's own token: never kept by the page cache
def contact_view(request):
    """Contact details and the contact form.

    Bad input gets a 4xx and the form again, with the visitor's values kept; a valid
    request is saved and the visitor thanked at once, the emails being sent afterwards
    (centre.contact.submit).
    """
    if request.method != "POST":
        form = ContactForm(initial={"form_token": new_form_token()})
        return _render_contact(request, form)
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    if length > settings.CONTACT_MAX_BODY_BYTES:
        return render(request, "centre/contact_too_large.html", status=413)
    try:
        form = ContactForm(request.POST)
    except RequestDataTooBig:
        return render(request, "centre/contact_too_large.html", status=413)
    if contact.is_rate_limited(request):
        form.is_valid()
        return _render_contact(request, form.with_fresh_token(), status=429, rate_limited=True)
    if not form.is_valid():
        return _render_contact(request, form.with_fresh_token(), status=400)
    outcome = contact.submit(request, form)
    if outcome is contact.Submission.RATE_LIMITED:
        return _render_contact(request, form.with_fresh_token(), status=429, rate_limited=True)
    if outcome is contact.Submission.CONFLICT:
        return _render_contact(request, form.with_fresh_token(), status=409, already_sent=True)
    return HttpResponseRedirect(reverse("centre:contact_thanks"), status=303)


def _render_contact(request, form, status=200, rate_limited=False, already_sent=False):
    context = {
        "form": form,
        "rate_limited": rate_limited,
        "already_sent": already_sent,
        "retention_months": retention_months(),
    }
    return render(request, "centre/contact.html", context, status=status)


def contact_thanks(request):
    return render(request, "centre/contact_thanks.html")
