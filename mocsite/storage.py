"""Static files storage: WhiteNoise's compressed, fingerprinted files, with their URLs
memoised for the life of the process."""

from whitenoise.storage import CompressedManifestStaticFilesStorage


class StaticFilesStorage(CompressedManifestStaticFilesStorage):
    """The manifest is read once when a worker starts and never changes afterwards, so
    `{% static %}` gives the same URL for a name until the next deploy: worked out once per
    name instead of on every page (each page links a few stylesheets outside its cached
    fragments)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._urls = {}

    def url(self, name, force=False):
        if force:
            return super().url(name, force)
        try:
            return self._urls[name]
        except KeyError:
            url = self._urls[name] = super().url(name)
            return url
