from eunomia.audit.actions import GENESIS, event_hash, payload_of
from eunomia.audit.models import AuditEvent


def events_for_partnership(partnership):
    return AuditEvent.objects.filter(partnership_id=partnership.pk).order_by("-id")


def events_for_object(obj):
    return AuditEvent.objects.filter(
        object_type=obj._meta.label_lower, object_id=str(obj.pk)
    ).order_by("-id")


def first_broken_link():
    """Walk the whole chain in order; return (event, why) for the first event that does not follow
    from the one before it, or None when the chain is whole."""
    prev_hash = GENESIS
    for event in AuditEvent.objects.order_by("id").iterator(chunk_size=2000):
        if event.prev_hash != prev_hash:
            return event, "it does not point at the event before it (an event was removed or reordered)"
        if event.hash != event_hash(prev_hash, payload_of(event)):
            return event, "its contents do not match its hash (it was changed after it was written)"
        prev_hash = event.hash
    return None
