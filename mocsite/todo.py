"""The admin home's « À faire » list: what staff should fill in, check or fix.

Each app contributes checks in its own `todo.py`: a module-level `CHECKS` list of
functions taking the request and returning an `Item` (or None when there is nothing to
do). Each check makes at most one query, and is skipped for a user who may not see the
list it links to. A new check is one function and one line in `CHECKS`.
"""

from dataclasses import dataclass
from importlib import import_module

from django.apps import apps
from django.conf import settings
from django.contrib import admin
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.module_loading import module_has_submodule
from django.utils.translation import gettext_lazy as _
from modeltranslation.translator import NotRegistered, translator

# The sections of the list, in their order on the page.
SECTIONS = {
    "warning": _("Needs attention now"),
    "content": _("Content to complete"),
    "translation": _("Missing English translations"),
}

# The filter parameter of MissingTranslationFilter.
MISSING_TRANSLATION_PARAMETER = "missing_translation"


@dataclass
class Item:
    """One line of the list: a count (or None for a plain warning) linking to a list."""

    label: str
    url: str
    count: int | None = None
    section: str = "content"


def changelist_url(model, **filters):
    opts = model._meta
    url = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
    return f"{url}?{urlencode(filters)}" if filters else url


def can_view(request, model):
    opts = model._meta
    return request.user.has_perm(f"{opts.app_label}.view_{opts.model_name}") or (
        request.user.has_perm(f"{opts.app_label}.change_{opts.model_name}")
    )


class Todo:
    """A check that counts the rows of `model` that `narrow(queryset)` keeps, and the list
    filter (`list_filter`, for the model's admin) that its line links to."""

    def __init__(
        self, model, label, narrow, choice=None, *, parameter="todo", link=None, section="content"
    ):
        """`label` may be a function of nothing (a label naming a setting); `link`, the
        query of a filter the admin already has, replaces a filter of its own."""
        self.model, self.label, self.narrow = model, label, narrow
        self.choice, self.parameter, self.section = choice, parameter, section
        self.link = link or {parameter: "yes"}
        self.list_filter = None if link else self._make_filter()

    def __call__(self, request):
        if not can_view(request, self.model):
            return None
        count = self.narrow(self.model._default_manager.all()).count()
        if not count:
            return None
        return Item(
            label=self.label() if callable(self.label) else self.label,
            url=changelist_url(self.model, **self.link),
            count=count,
            section=self.section,
        )

    def _make_filter(self):
        todo = self

        class TodoFilter(admin.SimpleListFilter):
            title = _("to do")
            parameter_name = todo.parameter

            def lookups(self, request, model_admin):
                return [("yes", todo.choice)]

            def queryset(self, request, queryset):
                return todo.narrow(queryset) if self.value() == "yes" else queryset

        return TodoFilter


# -- Missing translations -------------------------------------------------------------------


def _filled(name):
    return ~Q(**{name: ""}) & Q(**{f"{name}__isnull": False})


def _empty(name):
    return Q(**{name: ""}) | Q(**{f"{name}__isnull": True})


def translated_fields(model):
    """The translated fields whose English text staff must write: every translated text
    but slugs (made from the title) and the fields the model names in
    `TRANSLATION_OPTIONAL` (a talk's translated title, left empty in its own language)."""
    try:
        options = translator.get_options_for_model(model)
    except NotRegistered:
        return []
    optional = set(getattr(model, "TRANSLATION_OPTIONAL", ()))
    return [
        name
        for name in options.fields
        if name not in optional and not isinstance(model._meta.get_field(name), models.SlugField)
    ]


def missing_translation_q(model, language="en"):
    """Rows with a French text whose `language` column is empty (None: nothing to check)."""
    source = settings.MODELTRANSLATION_DEFAULT_LANGUAGE
    condition = None
    for name in translated_fields(model):
        missing = _filled(f"{name}_{source}") & _empty(f"{name}_{language}")
        condition = missing if condition is None else condition | missing
    return condition


def missing_translation_check(model):
    """A check counting the rows of `model` lacking an English translation."""

    def check(request):
        condition = missing_translation_q(model)
        if condition is None or not can_view(request, model):
            return None
        count = model._default_manager.filter(condition).count()
        if not count:
            return None
        return Item(
            label=model._meta.verbose_name_plural,
            url=changelist_url(model, **{MISSING_TRANSLATION_PARAMETER: "en"}),
            count=count,
            section="translation",
        )

    return check


class MissingTranslationFilter(admin.SimpleListFilter):
    """« traduction manquante »: the rows with a French text and no English one."""

    title = _("missing translation")
    parameter_name = MISSING_TRANSLATION_PARAMETER

    def lookups(self, request, model_admin):
        return [("en", _("English"))]

    def queryset(self, request, queryset):
        if self.value() != "en":
            return queryset
        condition = missing_translation_q(queryset.model)
        return queryset.filter(condition) if condition is not None else queryset.none()


# -- The list, assembled --------------------------------------------------------------------


def all_checks():
    checks = []
    for config in apps.get_app_configs():
        if module_has_submodule(config.module, "todo"):
            checks.extend(getattr(import_module(f"{config.name}.todo"), "CHECKS", []))
    return checks


def todo_sections(request):
    """[(section title, [items])] for the user, only the sections with something to do."""
    items = [item for check in all_checks() if (item := check(request)) is not None]
    return [
        (title, [item for item in items if item.section == key])
        for key, title in SECTIONS.items()
        if any(item.section == key for item in items)
    ]
