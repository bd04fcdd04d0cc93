"""The briefing's repeat places counted from the index alone: the postcode joins the (partnership,
address, occurred at) index, the new one made before the old one goes (ADR 58)."""

from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('casework', '0010_report_text_trigram_index'),
        ('partners', '0004_partnership_district_names'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddIndex(
            model_name='report',
            index=models.Index(fields=['partnership', 'address', 'occurred_at', 'postcode'], name='report_address_time_place'),
        ),
        migrations.RemoveIndex(
            model_name='report',
            name='report_address_time',
        ),
    ]
