"""The centre's admin: its content (French/English tabs) and the contact inbox."""

from . import contact, content, guides  # noqa: F401 (each registers its admin classes)
