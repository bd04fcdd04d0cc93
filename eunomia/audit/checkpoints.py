"""Checkpoints of the audit chain, kept outside the audit table (ADR 42).

The hash chain proves that no event was changed or removed from its middle, but not that none was
removed from its end: the newest events can go and the chain that is left is whole. A checkpoint
records the chain's head (its last event's id and hash) and how many events it held, somewhere the
database's users cannot reach: a file an operator ships elsewhere, an email to the data protection
officer. `compare` then says which events a later chain has lost.
"""

import json
from dataclasses import asdict, dataclass
from pathlib import Path

from django.conf import settings
from django.core.mail import send_mail
from django.utils import timezone

from eunomia.audit.models import AuditEvent


@dataclass(frozen=True)
class Checkpoint:
    at: str
    count: int
    last_id: int | None
    last_hash: str | None

    def line(self):
        return json.dumps(asdict(self), sort_keys=True)

    def described(self):
        held = f"{self.count} event{'s' if self.count != 1 else ''}"
        return f"the checkpoint of {self.at} held {held}" + (
            f", the last of them event {self.last_id}" if self.last_id is not None else "")


def take():
    """The chain's head and length now."""
    head = AuditEvent.objects.order_by("-id").values("id", "hash").first()
    return Checkpoint(
        at=timezone.now().astimezone(timezone.get_fixed_timezone(0)).strftime("%Y-%m-%d %H:%M:%S UTC"),
        count=AuditEvent.objects.count(),
        last_id=head["id"] if head else None,
        last_hash=head["hash"] if head else None,
    )


def append_to(path, checkpoint):
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a", encoding="utf-8") as file:
        file.write(checkpoint.line() + "\n")


def email_to(address, checkpoint):
    send_mail(
        subject=f"{settings.SERVICE_NAME} audit checkpoint: {checkpoint.count} events",
        message=("The audit log's head at this moment. Keep this message: `manage.py verify_audit` compares the "
                 "log with it and names any event removed since.\n\n" + checkpoint.line() + "\n"),
        from_email=None, recipient_list=[address],
    )


def keep(*, path, address):
    """Take a checkpoint now and keep it: appended to the file at `path` and emailed to `address`, each if
    given (at least one must be). Returns a line saying what was kept where, as `audit_checkpoint` prints
    it and the scheduled work records it."""
    if not path and not address:
        raise ValueError("Nowhere to keep the checkpoint: set EUNOMIA_AUDIT_CHECKPOINT_FILE or "
                         "EUNOMIA_AUDIT_CHECKPOINT_EMAIL")
    checkpoint = take()
    if path:
        append_to(path, checkpoint)
    if address:
        email_to(address, checkpoint)
    kept = " and ".join(where for where in (str(path) if path else "", address) if where)
    return f"Audit checkpoint: {checkpoint.count} events, the last event {checkpoint.last_id}; kept in {kept}."


def latest_in(path):
    """The last checkpoint in the file, or None when there is no file or it holds none.
    Raises ValueError naming the line when the last line is not a checkpoint."""
    path = Path(path)
    if not path.exists():
        return None
    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    if not lines:
        return None
    try:
        return Checkpoint(**json.loads(lines[-1]))
    except (ValueError, TypeError):
        raise ValueError(f"line {len(lines)} of {path} is not a checkpoint: {lines[-1][:80]!r}") from None


def compare(checkpoint, events=None):
    """What the chain has lost since `checkpoint`, in words; None when it holds everything it held.
    `events`: the log to compare, when not this database's through today's model (as first_broken_link)."""
    if checkpoint.last_id is None:
        return None
    held = (AuditEvent.objects.all() if events is None else events).filter(id__lte=checkpoint.last_id)
    head = held.order_by("-id").values("id", "hash").first()
    if head is None or head["id"] != checkpoint.last_id:
        after = head["id"] if head else 0
        return (f"events {after + 1} to {checkpoint.last_id} are missing: {checkpoint.described()}; "
                f"the log now holds {held.count()} of them, up to event {after}")
    if head["hash"] != checkpoint.last_hash:
        return (f"event {checkpoint.last_id} is not the event the checkpoint recorded (its hash differs): "
                f"the log was rewritten up to it; {checkpoint.described()}")
    count = held.count()
    if count != checkpoint.count:
        return (f"{checkpoint.count - count} events up to event {checkpoint.last_id} are missing: "
                f"{checkpoint.described()}, the log now holds {count} of them")
    return None
