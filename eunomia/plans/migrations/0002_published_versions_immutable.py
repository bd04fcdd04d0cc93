from django.db import migrations

from eunomia.core.triggers import append_only


class Migration(migrations.Migration):
    dependencies = [("plans", "0001_initial")]

    operations = [append_only("plans_publishedversion", "a published version cannot be changed")]
