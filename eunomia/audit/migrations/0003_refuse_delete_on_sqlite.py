from django.db import migrations

from eunomia.core.triggers import no_delete_on_sqlite

# The message is the one migration 0002 gives for UPDATE; tests/conftest.py puts this trigger back
# with it after emptying the table.
MESSAGE = "audit events are append-only"


class Migration(migrations.Migration):
    dependencies = [("audit", "0002_append_only")]

    operations = [no_delete_on_sqlite("audit_auditevent", MESSAGE)]
