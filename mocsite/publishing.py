"""Publishing on time and staff's view of unpublished content (the public side of
mocsite.admin_publishing).

- next_change(): the next go-live or expiry time of any content, in one query, so the
  page cache keeps no page past the moment its content changes on its own.
- visible_to(), note_unpublished() and private_when_unpublished: a staff member who may
  view an item opens its public address while it is not live (unpublished, scheduled,
  expired) and sees it with a "Not published" banner, in a response no cache keeps;
  visitors get a 404.
"""

from functools import wraps

from django.apps import apps
from django.db.models import F
from django.utils import timezone
from django.utils.cache import add_never_cache_headers

from .models import Publishable


def scheduled_models():
    return [
        model
        for model in apps.get_models()
        if issubclass(model, Publishable) and not model._meta.abstract
    ]


def next_change(now=None):
    """The next go-live or expiry time after `now` of any row, or None: one UNION query
    over the indexed columns of every publishable table."""
    now = now or timezone.now()
    parts = []
    for model in scheduled_models():
        manager = model._base_manager
        for column in ("go_live_at", "expire_at"):
            moments = manager.filter(**{f"{column}__gt": now}).annotate(moment=F(column))
            parts.append(moments.values_list("moment", flat=True).order_by())
    if not parts:
        return None
    moments = parts[0].union(*parts[1:], all=True).order_by("moment")
    return next(iter(moments[:1]), None)


def staff_may_see(request, model):
    """Whether the request's user may see `model`'s unpublished rows on the site."""
    user = getattr(request, "user", None)
    if user is None or not user.is_active or not user.is_staff:
        return False
    opts = model._meta
    return user.has_perm(f"{opts.app_label}.view_{opts.model_name}") or user.has_perm(
        f"{opts.app_label}.change_{opts.model_name}"
    )


def private(response):
    """A response for one staff member: never stored by a cache, never indexed."""
    add_never_cache_headers(response)  # max-age=0, no-cache, no-store, private
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def visible_to(request, queryset):
    """queryset.published() for visitors; every row for staff who may view the model."""
    if staff_may_see(request, queryset.model):
        return queryset
    return queryset.published()


def note_unpublished(request, item):
    """Marks the request when the item it shows is not live (staff only get that far):
    the page then carries the "Not published" banner and is made private."""
    if item is not None and not item.is_live:
        request.unpublished_item = item
    return item


def private_when_unpublished(view):
    """A view whose page may show an unpublished item (to staff) or a preview: such a
    response is private, never stored, not indexed."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        if getattr(request, "unpublished_item", None) is not None or getattr(
            request, "publishing_preview", False
        ):
            private(response)
        return response

    return wrapped
