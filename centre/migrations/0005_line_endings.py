from django.db import migrations

from mocsite.models import repair_line_endings


class Migration(migrations.Migration):
    """Multi-line texts saved from the admin (CRLF) stored with LF, as the seed's are."""

    dependencies = [("centre", "0004_uploads")]

    operations = [
        migrations.RunPython(repair_line_endings("centre"), migrations.RunPython.noop),
    ]
