"""Database triggers that make a table append-only, for SQLite and PostgreSQL alike.

UPDATE is refused on both. DELETE is refused on PostgreSQL; on SQLite it is left open because the
test runner empties tables with DELETE (PostgreSQL uses TRUNCATE, which row triggers do not see).
The audit chain's hashes show a deleted event either way.
"""

from django.db import migrations


def _sqlite(table, message):
    return [
        f"CREATE TRIGGER {table}_no_update BEFORE UPDATE ON {table} "
        f"BEGIN SELECT RAISE(ABORT, '{message}'); END;"
    ], [f"DROP TRIGGER IF EXISTS {table}_no_update;"]


def _postgresql(table, message):
    function = f"{table}_append_only"
    return [
        f"CREATE FUNCTION {function}() RETURNS trigger LANGUAGE plpgsql AS $$ "
        f"BEGIN RAISE EXCEPTION '{message}'; END; $$;",
        f"CREATE TRIGGER {table}_no_update BEFORE UPDATE OR DELETE ON {table} "
        f"FOR EACH ROW EXECUTE FUNCTION {function}();",
    ], [f"DROP TRIGGER IF EXISTS {table}_no_update ON {table};", f"DROP FUNCTION IF EXISTS {function}();"]


def append_only(table, message):
    """A migration operation installing the triggers on whichever database is in use."""

    def statements(schema_editor, reverse):
        vendor = schema_editor.connection.vendor
        if vendor == "sqlite":
            forward, backward = _sqlite(table, message)
        elif vendor == "postgresql":
            forward, backward = _postgresql(table, message)
        else:
            return []
        return backward if reverse else forward

    def apply(apps, schema_editor):
        for sql in statements(schema_editor, reverse=False):
            schema_editor.execute(sql)

    def unapply(apps, schema_editor):
        for sql in statements(schema_editor, reverse=True):
            schema_editor.execute(sql)

    return migrations.RunPython(apply, unapply)
