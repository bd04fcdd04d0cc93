"""Writing the audit log. Actions call `record` inside their own transaction, so a change and its
event are committed together or not at all."""

import datetime
import hashlib
import json

from django.db import connection, transaction
from django.utils import timezone

from eunomia.audit.context import client_ip
from eunomia.audit.models import AuditEvent
from eunomia.core.request_ids import current_request_id

GENESIS = "0" * 64
# Any constant will do: with a partnership's id it names the lock that serialises writers of that
# partnership's chain on PostgreSQL.
_CHAIN_LOCK_KEY = 7_310_101
# Each partnership's events form a chain of their own, and the events of no partnership another, so
# two partnerships' writers never wait for each other (docs/adr/0058). Events written before that
# have no `chain` and form one chain for the whole installation.
PARTNERSHIP_CHAIN = "partnership"


def canonical_payload(*, at, actor_id, actor, action, object_type, object_id, partnership_id,
                      ip_address, reason, data, request_id=None):
    payload = {
        "at": at.astimezone(datetime.timezone.utc).isoformat(timespec="microseconds"),
        "actor_id": actor_id,
        "actor": actor,
        "action": action,
        "object_type": object_type,
        "object_id": object_id,
        "partnership_id": partnership_id,
        "ip_address": ip_address,
        "reason": reason,
        "data": data,
    }
    # Only when there is one: the events written before request ids keep the payload they were hashed
    # with (docs/adr/0072).
    if request_id:
        payload["request_id"] = request_id
    return json.dumps(
        payload,
        sort_keys=True,
        separators=(",", ":"),
        ensure_ascii=False,
    )


def event_hash(prev_hash, payload):
    return hashlib.sha256(f"{prev_hash}|{payload}".encode()).hexdigest()


def payload_of(event):
    return canonical_payload(
        at=event.at, actor_id=event.actor_id, actor=event.actor, action=event.action,
        object_type=event.object_type, object_id=event.object_id,
        partnership_id=event.partnership_id, ip_address=event.ip_address, reason=event.reason,
        # getattr: a restore checks a log through the model of the backup's state, which may predate request ids.
        data=event.data, request_id=getattr(event, "request_id", None),
    )


def _object_ref(obj):
    if obj is None:
        return "", ""
    return obj._meta.label_lower, str(obj.pk)


def record(*, by, action, obj=None, partnership=None, data=None, reason=""):
    """Append one event. `by` is the acting user (None for the system); `obj` the record acted on."""
    object_type, object_id = _object_ref(obj)
    if partnership is None and obj is not None:
        partnership = getattr(obj, "partnership", None)
    # Round-trip through JSON so what is hashed is exactly what the database will give back.
    data = json.loads(json.dumps(data or {}, default=str, sort_keys=True))
    partnership_id = partnership.pk if partnership is not None else None
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", [_CHAIN_LOCK_KEY, (partnership_id or 0) % 2**31])
        # SQLite has one writer at a time: its write lock serialises every chain.
        last = (AuditEvent.objects.filter(partnership_id=partnership_id, chain=PARTNERSHIP_CHAIN)
                .order_by("-id").values_list("hash", flat=True).first())
        prev_hash = last or GENESIS
        fields = dict(
            at=timezone.now(),
            actor_id=by.pk if by is not None and by.is_authenticated else None,
            actor=by.email if by is not None and by.is_authenticated else "system",
            action=action,
            object_type=object_type,
            object_id=object_id,
            partnership_id=partnership_id,
            ip_address=client_ip.get(),
            reason=reason,
            data=data,
            request_id=current_request_id() or None,
        )
        return AuditEvent.objects.create(
            prev_hash=prev_hash, hash=event_hash(prev_hash, canonical_payload(**fields)), chain=PARTNERSHIP_CHAIN,
            **fields)


def record_read(*, by, action, objects, partnership=None, reason=""):
    """Audit a read of personal data: one event naming every record shown."""
    objects = list(objects)
    if not objects:
        return None
    object_type = objects[0]._meta.label_lower
    return record(
        by=by,
        action=action,
        partnership=partnership,
        data={"object_type": object_type, "ids": sorted(o.pk for o in objects)},
        reason=reason,
    )
