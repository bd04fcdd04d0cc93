from django.db.models import Q

from eunomia.audit.actions import GENESIS, PARTNERSHIP_CHAIN, event_hash, payload_of
from eunomia.audit.models import AuditEvent


def events_for_partnership(partnership):
    return AuditEvent.objects.filter(partnership_id=partnership.pk).order_by("-id")


def _in_domains(prefixes):
    """Events of the apps whose labels start with `prefixes` ("domesticabuse."): by action, by the
    record they name, or by the records a read names in its data."""
    found = Q(pk__in=[])
    for prefix in prefixes:
        # has_key first: without it the key's NULL would make `exclude` drop every event lacking it.
        found |= (Q(action__startswith=prefix) | Q(object_type__startswith=prefix)
                  | Q(data__has_key="object_type", data__object_type__startswith=prefix))
    return found


def without_domains(events, prefixes):
    return events.exclude(_in_domains(prefixes)) if prefixes else events


def within_domains(events, prefixes):
    return events.filter(_in_domains(prefixes))


def account_events(*, user_ids, emails):
    """Events that belong to no partnership and concern these people's accounts: what they did
    outside any partnership (signing in and out, changing a password), what was done to their
    account, and refused sign-ins and reset requests naming their email address. Newest first."""
    user_ids = list(user_ids)
    return AuditEvent.objects.filter(partnership_id__isnull=True).filter(
        Q(actor_id__in=user_ids)
        | Q(object_type="accounts.user", object_id__in=[str(pk) for pk in user_ids])
        | Q(data__email__in=[email.lower() for email in emails])
    ).order_by("-id")


def events_for_object(obj):
    return AuditEvent.objects.filter(
        object_type=obj._meta.label_lower, object_id=str(obj.pk)
    ).order_by("-id")


def first_broken_link(events=None):
    """Walk the whole log in order; return (event, why) for the first event that does not follow
    from the one before it in its chain, or None when every chain is whole. The events written before
    chains per partnership form one chain, and come before all others (docs/adr/0058). `events`: the
    log to walk when not this database's through today's model (a restore checks a restored log through
    the model of the backup's migration state)."""
    whole_log_head = GENESIS
    heads = {}  # partnership id (None: no partnership) -> the hash of its chain's last event
    events = AuditEvent.objects.all() if events is None else events
    for event in events.order_by("id").iterator(chunk_size=2000):
        if event.chain is None:
            if heads:
                return event, "it claims to be from before chains per partnership, but comes after them"
            prev_hash = whole_log_head
        elif event.chain == PARTNERSHIP_CHAIN:
            prev_hash = heads.get(event.partnership_id, GENESIS)
        else:
            return event, f"it names a chain Eunomia does not know ({event.chain!r})"
        if event.prev_hash != prev_hash:
            return event, "it does not point at the event before it (an event was removed or reordered)"
        if event.hash != event_hash(prev_hash, payload_of(event)):
            return event, "its contents do not match its hash (it was changed after it was written)"
        if event.chain is None:
            whole_log_head = event.hash
        else:
            heads[event.partnership_id] = event.hash
    return None
