"""The `progress` callable a handler is given (see registry.py for how handlers use it)."""

import time

from django.db import DEFAULT_DB_ALIAS, connection, connections
from django.utils import timezone

from eunomia.jobs.models import Job

INTERVAL_SECONDS = 0.5


class Progress:
    def __init__(self, job, *, clock=time.monotonic):
        self.job = job
        self.clock = clock
        self.done = job.progress_done
        self.total = job.progress_total
        self.message = job.message
        self.writes = 0
        self._written_at = None
        self._written_message = job.message
        # Transactions open when the handler started are not the handler's own (a test's, say).
        self._outer_depth = len(connection.atomic_blocks)
        self._side = None

    def __call__(self, done, total=None, message=""):
        self.done = max(0, int(done))
        if total is not None:
            self.total = int(total)
        if message:
            self.message = str(message)[:500]
        now = self.clock()
        if (self._written_at is None or self.message != self._written_message
                or now - self._written_at >= INTERVAL_SECONDS):
            self.write()

    def write(self):
        """Record where the job has got to, and that its worker is alive."""
        target = self._connection()
        # In the form the ORM writes it (naive UTC text on SQLite), or the sweep's comparison of the
        # heartbeat it read with the one stored would never match.
        heartbeat = target.ops.adapt_datetimefield_value(timezone.now())
        values = [self.done, self.total, self.message, heartbeat, self.job.pk, Job.Status.RUNNING, self.job.attempts]
        sql = (f"UPDATE {Job._meta.db_table} SET progress_done = %s, progress_total = %s, message = %s, "
               "heartbeat_at = %s WHERE id = %s AND status = %s AND attempts = %s")
        with target.cursor() as cursor:
            cursor.execute(sql, values)
        self.writes += 1
        self._written_at = self.clock()
        self._written_message = self.message

    def _connection(self):
        """Inside a transaction of the handler's own, a write on its connection would only show when
        the handler commits. PostgreSQL can take it on a second connection meanwhile; SQLite has
        one writer at a time, so there it waits for the commit like the rest of the handler's work."""
        if connection.vendor != "postgresql" or len(connection.atomic_blocks) <= self._outer_depth:
            return connection
        if self._side is None:
            self._side = connections.create_connection(DEFAULT_DB_ALIAS)
        return self._side

    def close(self):
        if self._side is not None:
            self._side.close()
            self._side = None
