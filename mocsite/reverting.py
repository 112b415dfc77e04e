"""While a version is being restored or recovered (mocsite.admin_history): the rows of its
revision, which exist by the end of the restore even if not yet. mocsite.history then
drops links to rows deleted since; mocsite.redirects takes the restore's raw saves for
changes of address."""

import contextvars
from contextlib import contextmanager

# (model, pk as text) pairs of the revision being restored; None the rest of the time.
_reverting = contextvars.ContextVar("reverting", default=None)


@contextmanager
def reverting(revision):
    rows = {(version._model, str(version.object_id)) for version in revision.version_set.all()}
    token = _reverting.set(rows)
    try:
        yield
    finally:
        _reverting.reset(token)


def is_reverting():
    return _reverting.get() is not None


def brought_back(model, pk):
    """Whether the restore in progress brings back that row."""
    return (model, str(pk)) in (_reverting.get() or ())
