from django.db import models


class AuditEvent(models.Model):
    """One thing somebody did: append-only, chained to the event before it by a hash.

    No foreign keys, so the log never blocks deleting live data and outlives it. Values of personal
    data are not copied here: an event names the record and the fields, not their contents.
    Database triggers (migration 0002) refuse UPDATE, and DELETE where the database allows it.
    """

    at = models.DateTimeField(db_index=True)
    actor_id = models.BigIntegerField(null=True, blank=True)
    actor = models.CharField(max_length=254, blank=True)
    action = models.CharField(max_length=80, db_index=True)
    object_type = models.CharField(max_length=80, blank=True)
    object_id = models.CharField(max_length=80, blank=True)
    partnership_id = models.BigIntegerField(null=True, blank=True, db_index=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    reason = models.TextField(blank=True)
    data = models.JSONField(default=dict, blank=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)
    # "partnership": chained to the event before it of the same partnership (or of no partnership);
    # NULL: written before chains per partnership, chained to the event before it in the whole log
    # (docs/adr/0058). Not part of the hash: a changed value breaks the chain anyway.
    chain = models.CharField(max_length=20, null=True)
    # The id of the request or background job that wrote it (`job-<id>`), as its log lines carry it
    # (docs/adr/0072); NULL outside both and before request ids. Hashed only when set, so the events
    # written before keep their hashes. Nullable because SQLite adds a NOT NULL column by copying the
    # table, which would lose its append-only triggers.
    request_id = models.CharField(max_length=64, null=True, blank=True)

    class Meta:
        ordering = ["id"]
        indexes = [models.Index(fields=["object_type", "object_id"]),
                   # Each chain's head (the writer's question) and a partnership's log, newest first.
                   models.Index(fields=["partnership_id", "id"], name="audit_event_chain")]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor or 'system'} {self.action} {self.object_type}:{self.object_id}"
