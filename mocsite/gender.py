"""The grammatical gender staff choose for a person, so French can say « Intervenante »:
never guessed from a first name; empty means the neutral wording."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class GrammaticalGender(models.TextChoices):
    UNSET = "", _("not given (neutral wording)")
    FEMININE = "f", _("feminine (for example « Intervenante »)")
    MASCULINE = "m", _("masculine (for example « Intervenant »)")


def gender_field():
    return models.CharField(
        _("grammatical gender"),
        max_length=1,
        choices=GrammaticalGender.choices,
        default="",
        blank=True,
        help_text=_(
            "How French pages refer to this person (« Intervenante », « Intervenant »). "
            "Leave empty for a neutral wording."
        ),
    )


# The label of the people who gave a talk or answer in an episode, by their genders.
SPEAKER = {
    "f": pgettext_lazy("a woman", "Speaker"),
    "m": pgettext_lazy("a man", "Speaker"),
    "": _("Speaker"),
}
SPEAKERS = {
    "f": pgettext_lazy("women", "Speakers"),
    "m": pgettext_lazy("men or women and men", "Speakers"),
    "": _("Speakers"),
}


def speaker_label(genders):
    """« Intervenante », « Intervenants »…: gendered only when every gender is known."""
    genders = list(genders)
    if not genders or "" in genders:
        return SPEAKER[""] if len(genders) <= 1 else SPEAKERS[""]
    if len(genders) == 1:
        return SPEAKER[genders[0]]
    return SPEAKERS["f"] if set(genders) == {"f"} else SPEAKERS["m"]
