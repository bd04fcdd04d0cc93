"""The search index (ADR 51).

SQLite: FTS5 tables with the trigram tokenizer, one for people's names and one for reports'
reference, address, postcode and text, each row keyed by the indexed row's id. Triggers keep them
in step in the same transaction as every INSERT, UPDATE and DELETE of those columns, whoever writes
(actions, retention, a merge, a bulk load). People merged into another or erased are left out.
PostgreSQL: pg_trgm GIN indexes on the expressions `icontains` writes for a report's reference,
address and postcode (the names have theirs from 0004), and a GIN index on the tsvector of its
text. Where pg_trgm cannot be created the migration says so and those searches scan, as in 0004."""

import importlib

from django.db import migrations

names = importlib.import_module("eunomia.casework.migrations.0004_name_search_trigram_indexes")

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

POSTGRES_TRIGRAMS = {"casework_report_reference_trgm": ("casework_report", "reference"),
                     "casework_report_address_trgm": ("casework_report", "address"),
                     "casework_report_postcode_trgm": ("casework_report", "postcode")}
POSTGRES_TEXT = "casework_report_text_fts"


def create(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        for fts, (table, columns, rows, changes) in TABLES.items():
            for statement in SQLITE:
                schema_editor.execute(statement.format(
                    fts=fts, table=table, columns=", ".join(columns), rows=rows, changes=", ".join(changes),
                    new=", ".join(f"new.{c}" for c in columns)))
    elif vendor == "postgresql":
        names.create_trigram_indexes(schema_editor, POSTGRES_TRIGRAMS, searches="searches by part of an address")
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {POSTGRES_TEXT} ON casework_report "
                              "USING gin (to_tsvector('simple', description))")


def drop(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        for fts in TABLES:
            for trigger in ("insert", "update", "delete"):
                schema_editor.execute(f"DROP TRIGGER IF EXISTS {fts}_{trigger}")
            schema_editor.execute(f"DROP TABLE IF EXISTS {fts}")
    elif vendor == "postgresql":
        names.drop_indexes(schema_editor, [*POSTGRES_TRIGRAMS, POSTGRES_TEXT])


class Migration(migrations.Migration):
    dependencies = [("casework", "0006_victim_days")]

    operations = [migrations.RunPython(create, drop)]
