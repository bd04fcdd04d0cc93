"""The records' one index month first, (data_month, lsoa_code, crime_type), and no index on the month
alone (ADR 53 addendum).

With the LSOA first, each imported month's rows landed all over the index, and a national month
took 2.0 s on an empty table and 3.4 s at 23 months held. Month first, a month appends to the end
of the index. Every area query names its months and its LSOAs, so it still seeks through the index;
deleting a month (re-import) reads its one range, so the month's own index is not needed.

The month's index is dropped by name as the database has it, not by altering the field: on SQLite,
altering a field rebuilds the whole table, millions of rows on a county's installation."""

import django.db.models.deletion
from django.db import migrations, models


def _month_indexes(schema_editor, model):
    with schema_editor.connection.cursor() as cursor:
        constraints = schema_editor.connection.introspection.get_constraints(cursor, model._meta.db_table)
    return [name for name, c in constraints.items()
            if c["index"] and not c["primary_key"] and not c["unique"] and c["columns"] == ["data_month_id"]]


def drop_month_index(apps, schema_editor):
    model = apps.get_model("crime", "CrimeRecord")
    for name in _month_indexes(schema_editor, model):
        schema_editor.execute(schema_editor._delete_index_sql(model, name))


def make_month_index(apps, schema_editor):
    model = apps.get_model("crime", "CrimeRecord")
    if not _month_indexes(schema_editor, model):
        schema_editor.execute(schema_editor._create_index_sql(model, fields=[model._meta.get_field("data_month")]))


class Migration(migrations.Migration):

    dependencies = [
        ("crime", "0003_records_without_constraints_covering_index"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="crimerecord",
            index=models.Index(fields=["data_month", "lsoa_code", "crime_type"], name="crime_record_month_area_type"),
        ),
        migrations.RemoveIndex(
            model_name="crimerecord",
            name="crime_record_area_month_type",
        ),
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.AlterField(
                model_name="crimerecord",
                name="data_month",
                field=models.ForeignKey(db_constraint=False, db_index=False, on_delete=django.db.models.deletion.CASCADE,
                                        related_name="records", to="crime.datamonth"),
            )],
            database_operations=[migrations.RunPython(drop_month_index, make_month_index)],
        ),
    ]
