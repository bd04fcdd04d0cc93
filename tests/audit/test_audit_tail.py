"""The audit log's tail (ADR 42): the database refuses DELETE on audit events, on SQLite as on
PostgreSQL, and checkpoints kept outside the table show when the newest events were removed, which
the hash chain alone cannot."""

import json
from io import StringIO

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.db import DatabaseError, transaction

from eunomia.audit import actions as audit
from eunomia.audit.models import AuditEvent
from tests.audit.test_audit import RolledBack, raw, switch_delete_trigger_off


def test_the_database_refuses_to_delete_an_event(plans):
    newest = AuditEvent.objects.order_by("-id").first()
    count = AuditEvent.objects.count()

    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEvent.objects.filter(pk=newest.pk).delete()
    with pytest.raises(DatabaseError), transaction.atomic():
        raw("DELETE FROM audit_auditevent WHERE id >= %s", [newest.pk])
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEvent.objects.all().delete()

    assert AuditEvent.objects.count() == count


def checkpoint(path, **options):
    out = StringIO()
    call_command("audit_checkpoint", file=str(path), stdout=out, **options)
    return out.getvalue()


def verify(path):
    out = StringIO()
    call_command("verify_audit", checkpoints=str(path), stdout=out)
    return out.getvalue()


def test_a_checkpoint_is_appended_to_the_file_and_the_chain_holds_it(plans, tmp_path):
    path = tmp_path / "shipped" / "audit-checkpoints.jsonl"
    head = AuditEvent.objects.order_by("-id").first()

    said = checkpoint(path)
    checkpoint(path)

    first, second = (json.loads(line) for line in path.read_text().splitlines())
    assert first == second | {"at": first["at"]}
    assert (first["count"], first["last_id"], first["last_hash"]) == (AuditEvent.objects.count(), head.pk, head.hash)
    assert f"{first['count']} events, the last event {head.pk}" in said
    assert "It holds every event of the latest checkpoint" in verify(path)


def test_a_checkpoint_can_be_emailed(plans, tmp_path, settings):
    settings.AUDIT_CHECKPOINT_EMAIL = "dpo@testvale.example"

    checkpoint(tmp_path / "checkpoints.jsonl")

    [message] = mail.outbox
    assert message.to == ["dpo@testvale.example"]
    assert json.loads(message.body.strip().splitlines()[-1])["count"] == AuditEvent.objects.count()


def test_a_checkpoint_needs_somewhere_to_go(plans, settings):
    settings.AUDIT_CHECKPOINT_FILE, settings.AUDIT_CHECKPOINT_EMAIL = "", ""

    with pytest.raises(CommandError, match="Nowhere to keep the checkpoint"):
        call_command("audit_checkpoint")


def test_a_log_shorter_than_its_checkpoint_is_found_naming_the_missing_events(plans, tmp_path):
    """A checkpoint claiming more events than the log holds: as if the newest were deleted."""
    head = AuditEvent.objects.order_by("-id").first()
    count = AuditEvent.objects.count()
    path = tmp_path / "checkpoints.jsonl"
    path.write_text(json.dumps({"at": "2027-01-05 02:00:00 UTC", "count": count + 5, "last_id": head.pk + 5,
                                "last_hash": "f" * 64}) + "\n")

    with pytest.raises(CommandError) as cut_short:
        verify(path)

    assert str(cut_short.value) == (
        f"Audit log cut short: events {head.pk + 1} to {head.pk + 5} are missing: the checkpoint of "
        f"2027-01-05 02:00:00 UTC held {count + 5} events, the last of them event {head.pk + 5}; the log now "
        f"holds {count} of them, up to event {head.pk}.")


def test_deleting_the_newest_events_is_found_against_the_checkpoint(plans, tmp_path):
    path = tmp_path / "checkpoints.jsonl"
    checkpoint(path)
    newest = list(AuditEvent.objects.order_by("-id").values_list("id", flat=True)[:3])

    with pytest.raises(RolledBack), transaction.atomic():
        switch_delete_trigger_off()
        raw("DELETE FROM audit_auditevent WHERE id >= %s", [min(newest)])
        call_command("verify_audit", checkpoints="", stdout=StringIO())  # the chain alone looks whole
        with pytest.raises(CommandError) as cut_short:
            verify(path)
        raise RolledBack

    assert f"events {min(newest)} to {max(newest)} are missing" in str(cut_short.value)
    assert AuditEvent.objects.filter(id__in=newest).count() == 3


def test_a_rewritten_head_is_found(plans, tmp_path):
    head = AuditEvent.objects.order_by("-id").first()
    path = tmp_path / "checkpoints.jsonl"
    path.write_text(json.dumps({"at": "2027-01-05 02:00:00 UTC", "count": AuditEvent.objects.count(),
                                "last_id": head.pk, "last_hash": "0" * 64}) + "\n")

    with pytest.raises(CommandError, match=f"event {head.pk} is not the event the checkpoint recorded"):
        verify(path)


def test_a_damaged_checkpoint_file_is_named(plans, tmp_path):
    path = tmp_path / "checkpoints.jsonl"
    path.write_text("not a checkpoint\n")

    with pytest.raises(CommandError, match="line 1 of .* is not a checkpoint"):
        verify(path)


def test_events_written_after_the_checkpoint_are_fine(plans, tmp_path, manager):
    path = tmp_path / "checkpoints.jsonl"
    checkpoint(path)

    audit.record(by=manager, action="plan.viewed")

    assert "Audit chain whole" in verify(path)
