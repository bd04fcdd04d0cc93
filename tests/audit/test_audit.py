"""The audit log: written by every action inside its own transaction, chained by hashes so that a
changed or removed event is found, append-only in the database, and readable by managers only."""

import datetime
from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction

from eunomia.audit.actions import GENESIS, canonical_payload, event_hash
from eunomia.accounts.models import User
from eunomia.audit.models import AuditEvent
from eunomia.figures import actions as figure_actions
from eunomia.figures import registry
from eunomia.figures.registry import Measure, MeasureError
from eunomia.partners import actions as partner_actions
from eunomia.plans import actions as plan_actions

TRIGGER = "audit_auditevent_no_update"


def new_actions(since):
    return list(AuditEvent.objects.filter(pk__gt=since).order_by("id").values_list("action", flat=True))


def last_id():
    return AuditEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0


# Every action writes its event, in its own transaction ---------------------------------------------------

def test_every_action_writes_its_event(manager, board_member, partnership, council, housing):
    def step(expected, call, by=manager):
        since = last_id()
        result = call()
        assert new_actions(since) == expected
        [event] = AuditEvent.objects.filter(pk__gt=since, action=expected[-1])
        assert (event.actor, event.partnership_id) == (by.email, partnership.pk)
        return result

    step(["organisation.created", "partnership.member_joined"],
         lambda: partner_actions.add_organisation(by=manager, partnership=partnership, name="Testvale Police"))
    step(["contact.created"], lambda: partner_actions.add_contact(by=manager, partnership=partnership,
                                                                  organisation=council, name="Sam Patel"))
    plan = step(["plan.created"], lambda: plan_actions.create_plan(by=manager, partnership=partnership,
                                                                   start_year=2025))
    priority = step(["plan.priority_added"], lambda: plan_actions.add_item(by=manager, plan=plan, kind="priority",
                                                                           title="Anti-social behaviour"))
    action = step(["plan.action_added"], lambda: plan_actions.add_action(
        by=manager, plan=plan, priority=priority, owner_organisation=housing, title="Mediation"))
    target = step(["figure.created", "plan.target_added"], lambda: plan_actions.add_target(
        by=manager, action=action, measure="Referrals", unit="count", baseline_value=33, target_value=40))
    step(["figure.value_recorded", "plan.actual_recorded"], lambda: plan_actions.record_actual(
        by=manager, target=target, value=38, evidence="Returns"))
    step(["plan.section_saved"], lambda: plan_actions.save_section(
        by=manager, section=plan.sections.get(kind="introduction"), body="Our plan."))
    step(["plan.approved"], lambda: plan_actions.approve_plan(by=board_member, plan=plan), by=board_member)
    step(["figure.updated"], lambda: figure_actions.update_figure(by=manager, figure=target.actual,
                                                                  source="Mediation returns"))
    step(["figure.created", "figure.value_recorded"], lambda: figure_actions.create_figure(
        by=manager, partnership=partnership, title="Members", unit="", period_start=datetime.date(2025, 4, 1),
        period_end=datetime.date(2026, 3, 31), kind="computed", measure="partners.member_organisations"))


def test_a_refused_action_leaves_no_event(manager, plans):
    since = last_id()

    for refused in (
        lambda: plan_actions.create_plan(by=manager, partnership=plans["current"].partnership, start_year=2025),
        lambda: plan_actions.record_actual(by=manager, target=plans["referrals"], value=-3, evidence="Returns"),
        lambda: plan_actions.save_section(by=manager, section=plans["current"].sections.get(kind="introduction"),
                                          body="[[nothing-by-this-name]]"),
    ):
        with pytest.raises(ValidationError):
            refused()

    assert new_actions(since) == []


def test_an_action_failing_after_its_event_was_written_takes_the_event_with_it(manager, partnership, monkeypatch):
    def not_imported_yet(**kwargs):
        raise MeasureError("Recorded crime for this period has not been imported")

    # A measure whose data is missing fails only when evaluated, after create_figure wrote "figure.created".
    monkeypatch.setitem(registry._MEASURES, "crime.recorded", Measure(
        "crime.recorded", "Recorded crime", "count", "Police", "Crimes recorded", not_imported_yet))
    since = last_id()

    with pytest.raises(MeasureError):
        figure_actions.create_figure(by=manager, partnership=partnership, title="Recorded crime", unit="count",
                                     period_start=datetime.date(2025, 4, 1), period_end=datetime.date(2026, 3, 31),
                                     kind="computed", measure="crime.recorded")

    assert new_actions(since) == []
    assert not partnership.figures.exists()
    call_command("verify_audit")


def test_an_event_is_undone_with_the_transaction_it_was_written_in(manager, plans):
    section = plans["current"].sections.get(kind="introduction")
    since = last_id()

    with pytest.raises(RuntimeError), transaction.atomic():
        plan_actions.save_section(by=manager, section=section, body="Written, then abandoned.")
        assert new_actions(since) == ["plan.section_saved"]
        raise RuntimeError("the request failed later on")

    assert new_actions(since) == []
    section.refresh_from_db()
    assert section.body == "The partnership's plan for the year."


# The chain ----------------------------------------------------------------------------------------

class RolledBack(Exception):
    """Raised to leave an atomic block, undoing the tampering inside it."""


def raw(sql, params=()):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def switch_trigger_off():
    if connection.vendor == "sqlite":
        raw(f"DROP TRIGGER {TRIGGER}")
    else:
        raw(f"ALTER TABLE audit_auditevent DISABLE TRIGGER {TRIGGER}")


def tamper_with_data(event):
    cast = "::jsonb" if connection.vendor == "postgresql" else ""
    raw(f"UPDATE audit_auditevent SET data = %s{cast} WHERE id = %s", ['{"start_year": 1999}', event.pk])


def verify_audit_output():
    out = StringIO()
    call_command("verify_audit", stdout=out)
    return out.getvalue()


def test_the_chain_verifies(plans):
    assert verify_audit_output() == f"Audit chain whole: {AuditEvent.objects.count()} events verified.\n"
    assert AuditEvent.objects.count() > 10


def test_the_database_refuses_to_change_an_event(plans):
    event = AuditEvent.objects.filter(action="plan.created").first()

    with pytest.raises(DatabaseError), transaction.atomic():
        tamper_with_data(event)
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).update(reason="tidying up")

    assert AuditEvent.objects.get(pk=event.pk).data == event.data


def test_a_changed_event_is_found(plans):
    event = AuditEvent.objects.filter(action="plan.created").first()

    with pytest.raises(RolledBack), transaction.atomic():
        switch_trigger_off()
        tamper_with_data(event)
        assert AuditEvent.objects.get(pk=event.pk).data == {"start_year": 1999}
        with pytest.raises(CommandError) as broken:
            call_command("verify_audit")
        raise RolledBack

    assert f"Audit chain broken at event {event.pk} " in str(broken.value)
    assert "its contents do not match its hash" in str(broken.value)
    # The tampering and the switched-off trigger were both undone.
    verify_audit_output()
    with pytest.raises(DatabaseError), transaction.atomic():
        tamper_with_data(event)


def test_each_partnership_has_a_chain_of_its_own(manager, partnership, other_partnership, system_user):
    """Writers in two partnerships never wait on one lock: each chain goes on from its own last event
    (ADR 58), and the log as a whole still verifies."""
    ours = partner_actions.add_organisation(by=system_user, partnership=partnership, name="Ours")
    theirs = partner_actions.add_organisation(by=system_user, partnership=other_partnership, name="Theirs")
    again = partner_actions.add_organisation(by=system_user, partnership=partnership, name="Ours again")
    [first, between, second] = AuditEvent.objects.filter(
        object_type="partners.organisation", object_id__in=[str(ours.pk), str(theirs.pk), str(again.pk)]
    ).order_by("id")

    assert (first.partnership_id, between.partnership_id, second.partnership_id) == (
        partnership.pk, other_partnership.pk, partnership.pk)
    def hash_before(event):
        return AuditEvent.objects.filter(partnership_id=event.partnership_id, pk__lt=event.pk).order_by(
            "-id").values_list("hash", flat=True)[0]

    assert second.prev_hash == hash_before(second) != between.hash
    assert between.prev_hash == hash_before(between) != first.hash
    assert {e.chain for e in (first, between, second)} == {"partnership"}
    verify_audit_output()


def write_as_before_chains_per_partnership(count):
    """Events as the log held them before ADR 58: one chain for the whole installation, no `chain`."""
    prev_hash = GENESIS
    at = datetime.datetime(2026, 1, 5, 9, 0, tzinfo=datetime.timezone.utc)
    for n in range(count):
        fields = dict(at=at + datetime.timedelta(minutes=n), actor_id=None, actor="system", action="plan.created",
                      object_type="plans.plan", object_id=str(n), partnership_id=n % 2 + 1000, ip_address=None,
                      reason="", data={})
        event = AuditEvent.objects.create(prev_hash=prev_hash, hash=event_hash(prev_hash, canonical_payload(**fields)),
                                          chain=None, **fields)
        prev_hash = event.hash


def test_a_log_from_before_chains_per_partnership_still_verifies(db):
    write_as_before_chains_per_partnership(4)
    system_user = User.objects.create_user("system@eunomia.test", "a long password", full_name="Set-up")
    partnership = partner_actions.create_partnership(by=system_user, name="After CSP", slug="after",
                                                     local_authority_codes=["E07000115"])
    partner_actions.add_organisation(by=system_user, partnership=partnership, name="After")

    assert AuditEvent.objects.filter(chain=None).count() == 4
    verify_audit_output()


def test_an_event_claiming_to_be_from_before_chains_per_partnership_after_them_is_found(system_user, partnership):
    partner_actions.add_organisation(by=system_user, partnership=partnership, name="After")
    write_as_before_chains_per_partnership(1)
    late = AuditEvent.objects.order_by("-id")[0]

    with pytest.raises(CommandError) as broken:
        call_command("verify_audit")

    assert f"Audit chain broken at event {late.pk} " in str(broken.value)
    assert "comes after them" in str(broken.value)


def switch_delete_trigger_off():
    """DELETE is refused by the UPDATE trigger on PostgreSQL and by a trigger of its own on SQLite."""
    if connection.vendor == "sqlite":
        raw("DROP TRIGGER audit_auditevent_no_delete")
    else:
        switch_trigger_off()


def test_a_removed_event_is_found(plans):
    # The break shows at the next event of the removed one's chain: its partnership's.
    middle = AuditEvent.objects.exclude(partnership_id=None).order_by("id")[5]
    following = AuditEvent.objects.filter(partnership_id=middle.partnership_id, pk__gt=middle.pk).order_by("id")[0]

    with pytest.raises(DatabaseError), transaction.atomic():
        raw("DELETE FROM audit_auditevent WHERE id = %s", [middle.pk])
    with pytest.raises(RolledBack), transaction.atomic():
        switch_delete_trigger_off()
        raw("DELETE FROM audit_auditevent WHERE id = %s", [middle.pk])
        with pytest.raises(CommandError) as broken:
            call_command("verify_audit")
        raise RolledBack

    assert f"Audit chain broken at event {following.pk} " in str(broken.value)
    assert "an event was removed or reordered" in str(broken.value)
    assert AuditEvent.objects.filter(pk=middle.pk).exists()


# Reads of personal data -----------------------------------------------------------------------------

def test_the_directory_page_records_which_contacts_were_shown(client_for, manager, practitioner, partnership,
                                                               council, housing, other_partnership, system_user):
    shown = [partner_actions.add_contact(by=system_user, partnership=partnership, organisation=org, name=name)
             for org, name in ((council, "Sam Patel"), (housing, "Jo Lee"))]
    elsewhere = partner_actions.add_organisation(by=system_user, partnership=other_partnership, name="Elsewhere Police")
    partner_actions.add_contact(by=system_user, partnership=other_partnership, organisation=elsewhere, name="Al Khan")

    for user in (manager, practitioner):
        since = last_id()
        response = client_for(user).get("/p/testvale/directory/")

        assert response.status_code == 200
        assert "Sam Patel" in response.content.decode() and "Al Khan" not in response.content.decode()
        [event] = AuditEvent.objects.filter(pk__gt=since)
        assert (event.action, event.actor, event.partnership_id) == ("contact.list_viewed", user.email, partnership.pk)
        assert event.data == {"object_type": "partners.contact", "ids": sorted(c.pk for c in shown)}
        assert event.ip_address == "127.0.0.1"


# The audit page -------------------------------------------------------------------------------------

def test_the_audit_page_shows_this_partnerships_events_to_its_managers(client_for, manager, plans, outsider):
    assert AuditEvent.objects.exclude(partnership_id=plans["current"].partnership_id).exists()

    response = client_for(manager).get("/p/testvale/audit/")

    assert response.status_code == 200
    events = list(response.context["events"])
    assert events and {e.partnership_id for e in events} == {plans["current"].partnership_id}
    assert [e.pk for e in events] == sorted((e.pk for e in events), reverse=True)


@pytest.mark.parametrize("role", ["analyst", "csu_officer", "partner_practitioner", "da_specialist", "board_member"])
def test_the_audit_page_is_closed_to_every_other_role(client_for, make_member, partnership, council, role):
    user = make_member(role, partnership, council)

    assert client_for(user).get("/p/testvale/audit/").status_code == 403


def test_the_audit_page_is_not_found_for_another_partnership_and_asks_strangers_to_sign_in(
        client_for, partnership, outsider):
    assert client_for(outsider).get("/p/testvale/audit/").status_code == 404
    response = client_for(None).get("/p/testvale/audit/")
    assert (response.status_code, response["Location"]) == (302, "/accounts/sign-in/?next=/p/testvale/audit/")
