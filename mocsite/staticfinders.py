"""A static-files finder for the one jQuery UI file the admin's language tabs need.

django-modeltranslation loads jQuery UI from a third-party CDN by default, which the CSP
forbids and the site never does. The file comes from the XStatic-jQuery-UI package on PyPI;
only the script is exposed (the package's theme CSS points to images it does not ship,
which the manifest storage would refuse).
"""

import os

import xstatic.pkg.jquery_ui
from django.contrib.staticfiles.finders import BaseFinder
from django.core.files.storage import FileSystemStorage

PREFIX = "jquery-ui"
FILES = ["jquery-ui.min.js"]


class JQueryUIFinder(BaseFinder):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.storage = FileSystemStorage(location=xstatic.pkg.jquery_ui.BASE_DIR)
        self.storage.prefix = PREFIX

    def find(self, path, find_all=False, **kwargs):
        name = path.removeprefix(f"{PREFIX}/")
        if path.startswith(f"{PREFIX}/") and name in FILES:
            match = os.path.join(xstatic.pkg.jquery_ui.BASE_DIR, name)
            return [match] if find_all or kwargs.get("all") else match
        return [] if find_all or kwargs.get("all") else None

    def list(self, ignore_patterns):
        for name in FILES:
            yield name, self.storage
