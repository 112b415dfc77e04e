"""The contact requests committed while the current request is served.

DatabaseUnavailableMiddleware tracks them for the whole request; an error page answering a
contact form's POST (mocsite.views.contact_outcome) tells from them whether the visitor's
message was kept.
"""

import contextlib
import contextvars

from django.db import transaction
from django.db.models.signals import post_save

# A list while a request is served (tracking_contact_requests), None outside one.
_saved_contact_requests = contextvars.ContextVar("saved_contact_requests", default=None)


@contextlib.contextmanager
def tracking_contact_requests():
    token = _saved_contact_requests.set([])
    try:
        yield
    finally:
        _saved_contact_requests.reset(token)


def saved_contact_requests():
    """The pks of the contact requests committed so far in this request."""
    return _saved_contact_requests.get() or []


def _note_saved_contact_request(sender, instance, created, using, **kwargs):
    saved = _saved_contact_requests.get()
    if created and saved is not None:
        transaction.on_commit(lambda: saved.append(instance.pk), using=using)


post_save.connect(
    _note_saved_contact_request,
    sender="centre.ContactRequest",
    dispatch_uid="mocsite.middleware.saved_contact_request",
)
