"""Trigram indexes for searching people by part of their name on PostgreSQL (ADR 24).

A search for "smith" is `UPPER(last_name::text) LIKE UPPER('%smith%')`, which no B-tree index can
serve: PostgreSQL read all 300,000 people of the benchmark for each search (about 190 ms, of which
the case search spent most). pg_trgm's GIN indexes on the same expressions serve it. pg_trgm is a
trusted extension (PostgreSQL 13 and later), so a database owner may create it; where it cannot be
created the search still works, by scanning, and the migration says so rather than failing. SQLite
has nothing like it and is left as it is."""

from django.db import migrations

INDEXES = {"casework_person_first_name_trgm": ("casework_person", "first_name"),
           "casework_person_last_name_trgm": ("casework_person", "last_name")}

CREATE = """
DO $$
BEGIN
    CREATE EXTENSION IF NOT EXISTS pg_trgm;
EXCEPTION WHEN insufficient_privilege THEN
    RAISE NOTICE 'pg_trgm could not be created: searches by part of a name will scan the table';
END $$;
DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm') THEN
        {creates}
    END IF;
END $$;
"""


def create_trigram_indexes(schema_editor, indexes, *, searches="searches by part of a name"):
    """GIN trigram indexes {name: (table, column)} on `upper(column)`, where pg_trgm can be had (0009
    uses it too)."""
    if schema_editor.connection.vendor != "postgresql":
        return
    creates = "\n        ".join(f"CREATE INDEX IF NOT EXISTS {name} ON {table} USING gin (upper({column}::text) gin_trgm_ops);"
                                for name, (table, column) in indexes.items())
    schema_editor.execute(CREATE.format(creates=creates).replace("searches by part of a name", searches))


def drop_indexes(schema_editor, indexes):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in indexes:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


def create(apps, schema_editor):
    create_trigram_indexes(schema_editor, INDEXES)


def drop(apps, schema_editor):
    drop_indexes(schema_editor, INDEXES)


class Migration(migrations.Migration):
    dependencies = [("casework", "0003_list_indexes")]

    operations = [migrations.RunPython(create, drop)]
