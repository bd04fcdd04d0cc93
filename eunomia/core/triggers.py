"""Database triggers that make a table append-only, for SQLite and PostgreSQL alike.

UPDATE is refused on both. DELETE is refused on PostgreSQL; on SQLite `append_only` leaves it open
because the test runner empties tables with DELETE (PostgreSQL uses TRUNCATE, which row triggers do
not see). The audit chain's hashes show a deleted event either way, except the newest ones: the audit
table refuses DELETE on SQLite too (`no_delete_on_sqlite`, ADR 42), and the tests lift that trigger
only while they empty the table (`sqlite_flush_around`).
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


def _sqlite_no_delete(table, message):
    return (f"CREATE TRIGGER {table}_no_delete BEFORE DELETE ON {table} "
            f"BEGIN SELECT RAISE(ABORT, '{message}'); END;"), f"DROP TRIGGER IF EXISTS {table}_no_delete;"


def no_delete_on_sqlite(table, message):
    """A migration operation refusing DELETE on SQLite (`append_only` already does on PostgreSQL)."""

    def apply(apps, schema_editor):
        if schema_editor.connection.vendor == "sqlite":
            schema_editor.execute(_sqlite_no_delete(table, message)[0])

    def unapply(apps, schema_editor):
        if schema_editor.connection.vendor == "sqlite":
            schema_editor.execute(_sqlite_no_delete(table, message)[1])

    return migrations.RunPython(apply, unapply)


def sqlite_flush_around(statements, *, tables, table, message):
    """The statements that empty `tables` on SQLite, with `table`'s DELETE trigger dropped before and
    put back after: for the test runner, which empties every table between transactional tests."""
    if table not in tables:
        return statements
    create, drop = _sqlite_no_delete(table, message)
    return [drop, *statements, create]
