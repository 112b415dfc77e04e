"""The centre's team."""

from django.db import models
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from mocsite.gender import gender_field
from mocsite.models import Ordered, Publishable
from mocsite.uploads import CheckedImageField, UploadTo
from mocsite.validators import validate_image_upload


class Person(Publishable, Ordered):
    """A member of the centre's team."""

    title = models.CharField(
        _("title"), max_length=20, blank=True, help_text=_("For example Pr, Dr.")
    )
    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100)
    grammatical_gender = gender_field()
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    role = models.CharField(_("role"), max_length=200, blank=True)
    bio = models.TextField(_("biography"), blank=True)
    photo = CheckedImageField(
        _("photo"),
        upload_to=UploadTo("team"),
        blank=True,
        validators=[validate_image_upload],
        width_field="photo_width",
        height_field="photo_height",
    )
    photo_width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    photo_height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    photo_alt = models.CharField(
        _("photo description"),
        max_length=200,
        blank=True,
        help_text=_("Alternative text read by screen readers; leave empty to use the name."),
    )
    is_head = models.BooleanField(_("head of the centre"), default=False)

    class Meta:
        verbose_name = _("team member")
        verbose_name_plural = _("team members")
        ordering = ["-is_head", "ordering", "last_name"]

    def __str__(self):
        return self.display_name

    @property
    def full_name(self):
        return f"{self.first_name} {self.last_name}".strip()

    @property
    def display_name(self):
        """Title and name; English writes "Prof." for "Pr"."""
        title = self.title
        if title.rstrip(".") == "Pr" and not (get_language() or "").startswith("fr"):
            title = "Prof."
        return f"{title} {self.full_name}".strip()

    display_name.fget.short_description = _("name")  # the admin list's column

    @property
    def initials(self):
        return "".join(part[0] for part in (self.first_name, self.last_name) if part).upper()

    @property
    def photo_alt_text(self):
        return self.photo_alt or self.display_name

    def get_absolute_url(self):
        return reverse("centre:person", args=[self.slug])
