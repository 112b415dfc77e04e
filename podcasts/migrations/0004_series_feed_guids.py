import uuid

from django.conf import settings
from django.db import migrations, models
from django.urls import reverse
from django.utils import translation


def make_feed_guids(apps, schema_editor):
    """Each existing series' podcast:guid in each language, from its feed's address on
    SITE_URL (left to the feed itself when SITE_URL is not set)."""
    namespace = uuid.UUID("ead4c236-bf58-58c6-a2c6-a6b28d128cb6")  # Podcasting 2.0's

    def podcast_guid(feed_url):
        return str(uuid.uuid5(namespace, feed_url.split("://", 1)[-1].rstrip("/")))

    if not settings.SITE_URL:
        return
    Series = apps.get_model("podcasts", "Series")
    for series in Series.objects.all():
        guids = {}
        for code, _name in settings.LANGUAGES:
            slug = getattr(series, f"slug_{code}", None) or series.slug
            with translation.override(code):
                guids[code] = podcast_guid(
                    settings.SITE_URL + reverse("podcasts:feed", kwargs={"slug": slug})
                )
        Series.objects.filter(pk=series.pk).update(feed_guids=guids)


class Migration(migrations.Migration):
    dependencies = [("podcasts", "0003_line_endings")]

    operations = [
        migrations.AddField(
            model_name="series",
            name="feed_guids",
            field=models.JSONField(blank=True, default=dict, editable=False),
        ),
        migrations.RunPython(make_feed_guids, migrations.RunPython.noop),
    ]
