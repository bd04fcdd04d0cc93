from django.db import migrations

from eunomia.core.triggers import append_only


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_initial")]

    operations = [append_only("audit_auditevent", "audit events are append-only")]
