"""What apps declare searchable: a Document subclass per kind of page, in each app's
`search.py`, registered from its AppConfig.ready() (mocsite.search.index.register)."""

from dataclasses import dataclass

from mocsite.models import ignoring_schedule


@dataclass
class Fields:
    """What a document says in one language. `alt` holds other names (aliases, acronyms),
    one per line: they rank as the title does. `meta` is the line shown under a result."""

    title: str = ""
    alt: str = ""
    keywords: str = ""
    body: str = ""
    meta: str = ""


def join(*parts):
    """Text parts, the empty ones left out."""
    return "\n".join(str(p) for p in parts if p)


class Document:
    """One kind of searchable page. Subclasses say which rows, what text, which address.

    `public()` is the truth about what may be found: the model's own published()
    queryset, so the search hides exactly what the site hides.
    """

    model = None
    kind = ""
    label = ""  # one result of the kind ("Disease")
    plural = ""  # the kind's filter ("Diseases")
    priority = 100  # lower first, when two results rank the same
    # Offered A to Z on the page that has no result (the diseases).
    browse = False
    # Many-to-many fields of the model whose rows the entry shows.
    m2m = ()

    def items(self):
        """Every row, hidden ones too (their entries are kept, not visible)."""
        return self.model._base_manager.all()

    def public(self):
        return self.model.objects.published()

    def key(self, item):
        return f"{self.model._meta.label_lower}:{item.pk}"

    def content_object(self, item):
        return item

    def visibility(self, item, public_pks=None):
        """(visible now or on a later day, that day or None)."""
        if public_pks is not None:
            return item.pk in public_pks, None
        with ignoring_schedule():
            return self.public().filter(pk=item.pk).exists(), None

    def fields(self, item):
        """Fields of `item` in the active language."""
        raise NotImplementedError

    def url(self, item):
        return item.get_absolute_url()

    def identifiers(self, item):
        return []

    def date(self, item):
        return None

    def watched(self):
        """{other model: function(row) -> rows of this document that show it}."""
        return {}

    def refresh(self, items):
        """The rows among `items` that still exist, read again."""
        return self.items().filter(pk__in=[item.pk for item in items])


class Registry:
    def __init__(self):
        self.documents = {}

    def __iter__(self):
        return iter(sorted(self.documents.values(), key=lambda d: (d.priority, d.kind)))

    def get(self, kind):
        return self.documents.get(kind)

    def for_model(self, model):
        return [d for d in self if d.model is model]


registry = Registry()
