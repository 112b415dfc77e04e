from django.db import migrations, models

HELP = (
    "One per line, for example OI or “maladie des os de verre”: the site search finds the "
    "disease by them."
)


class Migration(migrations.Migration):
    """Other names and acronyms of a disease (OI, FOP…), which the site search finds."""

    dependencies = [("centre", "0005_line_endings")]

    operations = [
        migrations.AddField(
            model_name="disease",
            name="aliases",
            field=models.TextField(blank=True, help_text=HELP, verbose_name="other names and acronyms"),
        ),
        migrations.AddField(
            model_name="disease",
            name="aliases_fr",
            field=models.TextField(
                blank=True, help_text=HELP, null=True, verbose_name="other names and acronyms"
            ),
        ),
        migrations.AddField(
            model_name="disease",
            name="aliases_en",
            field=models.TextField(
                blank=True, help_text=HELP, null=True, verbose_name="other names and acronyms"
            ),
        ),
    ]
