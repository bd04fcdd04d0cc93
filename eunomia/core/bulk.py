"""Many rows into one table at once, outside the ORM: the one way the importers write in bulk.

Through model instances the national police.uk month and the national LSOA files take many times
longer than they need (ADR 16). So on PostgreSQL rows are streamed through one COPY, kept open
across the chunks a caller writes, and on SQLite they go in multi-row INSERTs of `per` rows (one
statement a row costs twice as much). The caller's transaction holds them: a file that fails part
way leaves nothing behind.

    with BulkWriter("crime_crimerecord", ["data_month_id", ...], copy_text=fast_formatter) as writer:
        for chunk in chunks:
            writer.write(chunk)        # rows are sequences of values in the columns' order
            if something_else_to_write:
                writer.pause()         # ends the COPY so other statements can run; the next write reopens it
"""

from contextlib import ExitStack
from itertools import chain

from django.db import connection

NULL = "\\N"


def escape(text):
    """Text as COPY writes it: backslash, tab and line ends escaped."""
    return text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


def copy_text(rows):
    """Rows as PostgreSQL COPY text: None as \\N, text escaped, anything else as str() writes it.
    A caller writing millions of rows of a known shape may pass its own, faster, formatter."""
    lines = []
    for row in rows:
        lines.append("\t".join(NULL if value is None else escape(value) if isinstance(value, str) else str(value)
                               for value in row))
        lines.append("\n")
    return "".join(lines).encode()


class BulkWriter:
    def __init__(self, table, columns, *, copy_text=copy_text, per=100):
        self.table, self.columns, self.per = table, list(columns), per
        self._copy_text = copy_text
        self._postgres = connection.vendor == "postgresql"
        self._copying = ExitStack()
        self._copy = None
        self.rows = 0

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        # With an exception the COPY is abandoned, not ended, and the transaction keeps nothing.
        self._copying.__exit__(*exc_info)
        self._copy = None

    def write(self, rows):
        if not rows:
            return
        if self._postgres:
            if self._copy is None:
                connection.ensure_connection()
                cursor = self._copying.enter_context(connection.connection.cursor())
                self._copy = self._copying.enter_context(cursor.copy(
                    f"COPY {self.table} ({', '.join(self.columns)}) FROM STDIN"))
            self._copy.write(self._copy_text(rows))
        else:
            self._insert(rows)
        self.rows += len(rows)

    def pause(self):
        """End the COPY, so the connection can run other statements; the next write opens another."""
        self._copying.close()
        self._copy = None

    def close(self):
        self.pause()

    def _insert(self, rows):
        connection.ensure_connection()
        execute = connection.connection.cursor().execute
        one = "(" + ",".join("?" * len(self.columns)) + ")"
        head = f"INSERT INTO {self.table} ({', '.join(self.columns)}) VALUES "
        full = head + ",".join([one] * self.per)
        flatten = chain.from_iterable
        whole = len(rows) - len(rows) % self.per
        for start in range(0, whole, self.per):
            execute(full, list(flatten(rows[start:start + self.per])))
        if whole < len(rows):
            execute(head + ",".join([one] * (len(rows) - whole)), list(flatten(rows[whole:])))
