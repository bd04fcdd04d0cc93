"""The search index (ADR 51).

SQLite: FTS5 tables with the trigram tokenizer, one for people's names and one for reports'
reference, address, postcode and text, each row keyed by the indexed row's id. Triggers keep them
in step in the same transaction as every INSERT, UPDATE and DELETE of those columns, whoever writes
(actions, retention, a merge, a bulk load). People merged into another or erased are left out.
PostgreSQL: pg_trgm GIN indexes on the expressions `icontains` writes for a report's reference,
address and postcode (the names have theirs from 0004), and a GIN index on the tsvector of its
text. Where pg_trgm cannot be created the migration says so and those searches scan, as in 0004."""

from django.db import migrations

ERASED = "(erased under the retention schedule)"  # eunomia.casework.retention.ERASED, frozen here
INDEXED_PERSON = f"new.merged_into_id IS NULL AND new.first_name <> '{ERASED}'"

TABLES = {  # FTS table: (indexed table, columns, which rows, columns whose change re-indexes a row)
    "casework_person_search": ("casework_person", ["first_name", "last_name"], INDEXED_PERSON,
                               ["first_name", "last_name", "merged_into_id"]),
    "casework_report_search": ("casework_report", ["reference", "address", "postcode", "description"], "1",
                               ["reference", "address", "postcode", "description"]),
}

SQLITE = [  # one statement each: a trigger's body holds semicolons of its own
    "CREATE VIRTUAL TABLE {fts} USING fts5({columns}, tokenize='trigram')",
    """CREATE TRIGGER {fts}_insert AFTER INSERT ON {table} WHEN {rows} BEGIN
        INSERT INTO {fts} (rowid, {columns}) VALUES (new.id, {new});
    END""",
    """CREATE TRIGGER {fts}_update AFTER UPDATE OF {changes} ON {table} BEGIN
        DELETE FROM {fts} WHERE rowid = old.id;
        INSERT INTO {fts} (rowid, {columns}) SELECT new.id, {new} WHERE {rows};
    END""",
    """CREATE TRIGGER {fts}_delete AFTER DELETE ON {table} BEGIN
        DELETE FROM {fts} WHERE rowid = old.id;
    END""",
    "INSERT INTO {fts} (rowid, {columns}) SELECT id, {columns} FROM {table} AS new WHERE {rows}",
]

POSTGRES_TRIGRAMS = {"casework_report_reference_trgm": "reference", "casework_report_address_trgm": "address",
                     "casework_report_postcode_trgm": "postcode"}

POSTGRES = """
DO $$
BEGIN
    CREATE EXTENSION IF NOT EXISTS pg_trgm;
EXCEPTION WHEN insufficient_privilege THEN
    RAISE NOTICE 'pg_trgm could not be created: searches by part of an address will scan the table';
END $$;
DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm') THEN
        {creates}
    END IF;
END $$;
CREATE INDEX IF NOT EXISTS casework_report_text_fts ON casework_report USING gin (to_tsvector('simple', description));
"""


def create(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        for fts, (table, columns, rows, changes) in TABLES.items():
            for statement in SQLITE:
                schema_editor.execute(statement.format(
                    fts=fts, table=table, columns=", ".join(columns), rows=rows, changes=", ".join(changes),
                    new=", ".join(f"new.{c}" for c in columns)))
    elif vendor == "postgresql":
        creates = "\n        ".join(
            f"CREATE INDEX IF NOT EXISTS {name} ON casework_report USING gin (upper({column}::text) gin_trgm_ops);"
            for name, column in POSTGRES_TRIGRAMS.items())
        schema_editor.execute(POSTGRES.format(creates=creates))


def drop(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        for fts in TABLES:
            for trigger in ("insert", "update", "delete"):
                schema_editor.execute(f"DROP TRIGGER IF EXISTS {fts}_{trigger}")
            schema_editor.execute(f"DROP TABLE IF EXISTS {fts}")
    elif vendor == "postgresql":
        for name in [*POSTGRES_TRIGRAMS, "casework_report_text_fts"]:
            schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("casework", "0006_victim_days")]

    operations = [migrations.RunPython(create, drop)]
