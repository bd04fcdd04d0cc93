"""The partnership's meetings through their actions (ADR 64): what each refuses, in words, at both edges
of its dates, that a refusal leaves nothing half-saved, and that every change is audited."""

import datetime

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from eunomia.audit.models import AuditEvent
from eunomia.governance import actions, queries
from eunomia.governance.models import AgendaItem, Attendance, Decision, MeetingPaper, PartnershipMeeting
from eunomia.plans import actions as plan_actions
from eunomia.plans.models import PlanYear
from tests.governance.objects import PDF, at, bare_version, schedule

DOCX = b"PK\x03\x04 a word document"


@pytest.fixture
def meeting(manager, partnership):
    return schedule(manager, partnership, kind="board", hours=(14, 16))


def messages_of(error):
    return {field: " ".join(messages) for field, messages in error.value.message_dict.items()}


def events(action):
    return AuditEvent.objects.filter(action=action).count()


# Scheduling ------------------------------------------------------------------------------------------------

def test_a_meeting_is_scheduled_and_audited(manager, partnership):
    meeting = schedule(manager, partnership, title="Annual meeting in public", public_notes="Step-free access")
    assert meeting.name == "Annual meeting in public" and meeting.is_public
    assert meeting.sequence == 0 and meeting.updated_at == meeting.created_at
    event = AuditEvent.objects.get(action="governance.meeting_scheduled")
    assert event.partnership_id == partnership.pk and event.data["kind"] == "public"


def test_a_meeting_without_a_title_is_called_by_its_kind(manager, partnership):
    assert schedule(manager, partnership, kind="board").name == "Partnership board meeting"


@pytest.mark.parametrize("start, end, field, message", [
    ((18, 0), (18, 0), "ends_at", "The meeting must finish after it starts"),
    ((18, 0), (17, 59), "ends_at", "The meeting must finish after it starts"),
])
def test_a_meeting_must_finish_after_it_starts(manager, partnership, start, end, field, message):
    day = timezone.localdate()
    with pytest.raises(ValidationError) as error:
        actions.schedule_meeting(by=manager, partnership=partnership, kind="public", place="Hall",
                                 starts_at=at(day, *start), ends_at=at(day, *end))
    assert messages_of(error) == {field: message}
    assert not PartnershipMeeting.objects.exists()


def test_a_meeting_of_exactly_a_day_is_allowed_and_a_minute_longer_is_not(manager, partnership):
    start = at(timezone.localdate(), 9)
    actions.schedule_meeting(by=manager, partnership=partnership, kind="board", place="Hall", starts_at=start,
                             ends_at=start + datetime.timedelta(hours=24))
    with pytest.raises(ValidationError) as error:
        actions.schedule_meeting(by=manager, partnership=partnership, kind="board", place="Hall", starts_at=start,
                                 ends_at=start + datetime.timedelta(hours=24, minutes=1))
    assert messages_of(error) == {"ends_at": "A meeting must finish within a day of starting"}


@pytest.mark.parametrize("day, ok", [(datetime.date(1900, 1, 1), True), (datetime.date(1899, 12, 31), False),
                                     (datetime.date(2100, 12, 31), True)])
def test_a_meetings_date_is_within_the_years_eunomia_takes(manager, partnership, day, ok):
    starts = timezone.make_aware(datetime.datetime.combine(day, datetime.time(10)))
    call = lambda: actions.schedule_meeting(by=manager, partnership=partnership, kind="board", place="Hall",  # noqa
                                            starts_at=starts, ends_at=starts + datetime.timedelta(hours=1))
    if ok:
        call()
    else:
        with pytest.raises(ValidationError) as error:
            call()
        assert messages_of(error) == {"day": "The date of the meeting must be on or after 1 January 1900"}


def test_the_place_is_needed_and_every_text_has_its_limit(manager, partnership):
    day = timezone.localdate()
    with pytest.raises(ValidationError) as error:
        actions.schedule_meeting(by=manager, partnership=partnership, kind="party", place="  ", title="x" * 201,
                                 public_notes="y" * 5001, starts_at=at(day, 10), ends_at=at(day, 11))
    assert messages_of(error) == {
        "kind": "Choose a partnership board meeting or a public meeting",
        "place": "Say where the meeting is, with the address",
        "title": "The title must be 200 characters or fewer",
        "public_notes": "The notes must be 5,000 characters or fewer"}


def test_a_time_the_clocks_skip_is_refused_and_one_they_repeat_is_taken_in_summer_time():
    with pytest.raises(ValidationError) as error:
        actions.local_moment(datetime.date(2026, 3, 29), datetime.time(1, 30), field="start_time", what="start time")
    assert messages_of(error) == {"start_time": "There is no 01:30 on 29 March 2026 in the UK: the clocks go "
                                                "forward that night. Choose another start time"}
    # Either side of the hour that does not exist is fine.
    assert actions.local_moment(datetime.date(2026, 3, 29), datetime.time(0, 59), field="f", what="w").utcoffset() \
        == datetime.timedelta(0)
    assert actions.local_moment(datetime.date(2026, 3, 29), datetime.time(2, 0), field="f", what="w").utcoffset() \
        == datetime.timedelta(hours=1)
    repeated = actions.local_moment(datetime.date(2026, 10, 25), datetime.time(1, 30), field="f", what="w")
    assert repeated.utcoffset() == datetime.timedelta(hours=1)


def test_a_change_of_time_or_place_moves_the_calendar_sequence_on_and_a_title_does_not(manager, meeting):
    actions.update_meeting(by=manager, meeting=meeting, title="Board")
    meeting.refresh_from_db()
    assert meeting.sequence == 0
    actions.update_meeting(by=manager, meeting=meeting, place="Library")
    actions.update_meeting(by=manager, meeting=meeting, starts_at=meeting.starts_at - datetime.timedelta(hours=1))
    meeting.refresh_from_db()
    assert meeting.sequence == 2 and meeting.place == "Library"
    assert events("governance.meeting_updated") == 3


def test_saving_a_meeting_unchanged_writes_nothing(manager, meeting):
    before = AuditEvent.objects.count()
    actions.update_meeting(by=manager, meeting=meeting, title="", place=meeting.place)
    assert AuditEvent.objects.count() == before


def test_a_meeting_to_come_is_cancelled_with_a_reason_and_then_changes_no_more(manager, partnership):
    coming = schedule(manager, partnership, days=30)
    with pytest.raises(ValidationError) as error:
        actions.cancel_meeting(by=manager, meeting=coming, reason=" ")
    assert messages_of(error) == {"reason": "Say why the meeting is cancelled: the public page shows it"}
    actions.cancel_meeting(by=manager, meeting=coming, reason="Moved to June")
    coming.refresh_from_db()
    assert coming.is_cancelled and coming.sequence == 1
    with pytest.raises(ValidationError, match="cancelled: its record cannot change"):
        actions.add_agenda_item(by=manager, meeting=coming, title="Welcome")
    with pytest.raises(ValidationError, match="cancelled"):
        actions.cancel_meeting(by=manager, meeting=coming, reason="Again")


def test_a_meeting_that_has_begun_cannot_be_cancelled(manager, partnership):
    begun = schedule(manager, partnership, days=0, hours=(0, 23))
    with time_machine.travel(begun.starts_at, tick=False):
        with pytest.raises(ValidationError, match="already begun"):
            actions.cancel_meeting(by=manager, meeting=begun, reason="Too late")
    with time_machine.travel(begun.starts_at - datetime.timedelta(seconds=1), tick=False):
        actions.cancel_meeting(by=manager, meeting=begun, reason="Just in time")


def test_a_public_meeting_can_become_a_board_meeting_until_it_approves_a_plan(manager, meeting, plans):
    actions.update_meeting(by=manager, meeting=meeting, kind="public")
    actions.update_meeting(by=manager, meeting=meeting, kind="board")
    actions.record_plan_approval(by=manager, meeting=meeting, plan=plans["current"])
    with pytest.raises(ValidationError) as error:
        actions.update_meeting(by=manager, meeting=meeting, kind="public")
    assert messages_of(error) == {"kind": "This meeting approved a plan: it stays a partnership board meeting"}


# Agenda and papers -----------------------------------------------------------------------------------------

def test_the_agenda_keeps_its_order_as_items_move_and_go(manager, meeting):
    first, second, third = (actions.add_agenda_item(by=manager, meeting=meeting, title=t) for t in "ABC")
    actions.move_agenda_item(by=manager, item=third, direction="up")
    actions.move_agenda_item(by=manager, item=first, direction="up")  # the first: nothing moves
    assert [i.title for i in meeting.agenda_items.all()] == ["A", "C", "B"]
    actions.remove_agenda_item(by=manager, item=first)
    assert [(i.title, i.position) for i in meeting.agenda_items.all()] == [("C", 1), ("B", 2)]
    with pytest.raises(ValidationError):
        actions.move_agenda_item(by=manager, item=second, direction="sideways")
    assert events("governance.agenda_item_moved") == 1 and events("governance.agenda_item_removed") == 1


def test_an_agenda_item_needs_a_title_of_a_fitting_length(manager, meeting):
    with pytest.raises(ValidationError) as error:
        actions.add_agenda_item(by=manager, meeting=meeting, title=" ", description="d" * 5001)
    assert messages_of(error) == {"title": "Enter the agenda item's title",
                                  "description": "The description must be 5,000 characters or fewer"}


@pytest.mark.parametrize("filename, content, message", [
    ("plan.exe", PDF, "Attach the paper as a PDF, Word (.docx), Excel (.xlsx), PowerPoint (.pptx) or OpenDocument "
                      "(.odt, .ods, .odp) file"),
    ("plan", PDF, "Attach the paper as a PDF, Word (.docx), Excel (.xlsx), PowerPoint (.pptx) or OpenDocument "
                  "(.odt, .ods, .odp) file"),
    ("plan.pdf", b"", "The file is empty"),
    ("plan.pdf", b"<script>alert(1)</script>", "The file is named .pdf but is not a PDF"),
    ("plan.docx", PDF, "The file is named .docx but is not a DOCX document"),
    ("plan.pdf", b"%PDF-" + b"x" * actions.MAX_PAPER_BYTES, "The file is larger than 10 MB"),
])
def test_a_paper_that_is_not_what_it_says_is_refused(manager, meeting, filename, content, message):
    with pytest.raises(ValidationError) as error:
        actions.attach_paper(by=manager, meeting=meeting, title="Plan", filename=filename, content=content)
    assert messages_of(error) == {"file": message}
    assert not MeetingPaper.objects.exists()


def test_a_paper_of_exactly_10_mb_is_kept_with_a_name_safe_for_a_download(manager, meeting):
    content = b"PK\x03\x04" + b"x" * (actions.MAX_PAPER_BYTES - 4)
    paper = actions.attach_paper(by=manager, meeting=meeting, title="Budget", confidential=True,
                                 filename='C:\\Users\\clerk\\bud"get\r\n;.XLSX', content=content)
    assert paper.filename == "bud_get___.XLSX" and paper.size == actions.MAX_PAPER_BYTES
    assert paper.content_type == actions.PAPER_TYPES[".xlsx"] and paper.confidential


def test_a_paper_is_filed_only_under_its_own_meetings_agenda(manager, partnership, meeting):
    other = schedule(manager, partnership)
    item = actions.add_agenda_item(by=manager, meeting=other, title="Elsewhere")
    with pytest.raises(ValidationError) as error:
        actions.attach_paper(by=manager, meeting=meeting, title="Plan", filename="p.pdf", content=PDF,
                             agenda_item=item)
    assert messages_of(error) == {"agenda_item": "Choose one of this meeting's agenda items"}


# What happened ---------------------------------------------------------------------------------------------

def test_attendance_is_by_organisation_and_replaced_whole(manager, meeting, council, housing):
    actions.set_attendance(by=manager, meeting=meeting, present=[council, housing], apologies=[])
    actions.set_attendance(by=manager, meeting=meeting, present=[council], apologies=[housing])
    assert {(a.organisation, a.status) for a in Attendance.objects.all()} == {
        (council, "present"), (housing, "apologies")}
    with pytest.raises(ValidationError) as error:
        actions.set_attendance(by=manager, meeting=meeting, present=[council], apologies=[council])
    assert messages_of(error) == {"apologies": "Testvale Council cannot be both present and sending apologies: "
                                               "choose one"}
    assert events("governance.attendance_recorded") == 2


def test_attendance_is_from_the_partnerships_directory(manager, meeting, outsider):
    stranger = outsider.memberships.get().organisation
    with pytest.raises(ValidationError) as error:
        actions.set_attendance(by=manager, meeting=meeting, present=[stranger], apologies=[])
    assert messages_of(error) == {"present": "Choose organisations from the partnership's directory"}


def test_what_happened_is_recorded_from_the_moment_the_meeting_begins(manager, partnership, council):
    coming = schedule(manager, partnership, days=1, hours=(18, 20))
    with time_machine.travel(coming.starts_at - datetime.timedelta(seconds=1), tick=False):
        for record in (lambda: actions.save_minutes(by=manager, meeting=coming, minutes="Met"),
                       lambda: actions.record_decision(by=manager, meeting=coming, text="Agreed"),
                       lambda: actions.set_attendance(by=manager, meeting=coming, present=[council], apologies=[])):
            with pytest.raises(ValidationError, match="has not begun yet"):
                record()
    with time_machine.travel(coming.starts_at, tick=False):
        actions.save_minutes(by=manager, meeting=coming, minutes="Met")
        actions.record_decision(by=manager, meeting=coming, text="Agreed")
        actions.set_attendance(by=manager, meeting=coming, present=[council], apologies=[])


def test_a_decision_may_name_one_of_the_partnerships_plans_only(manager, meeting, plans, outsider,
                                                               other_partnership):
    decision = actions.record_decision(by=manager, meeting=meeting, text="Consult on the plan",
                                       plan=plans["current"], confidential=True)
    assert decision.plan == plans["current"] and decision.confidential
    elsewhere = plan_actions.create_plan(by=outsider, partnership=other_partnership, start_year=2025)
    with pytest.raises(ValidationError) as error:
        actions.record_decision(by=manager, meeting=meeting, text="Theirs", plan=elsewhere)
    assert messages_of(error) == {"plan": "Choose one of the partnership's plans"}
    with pytest.raises(ValidationError) as error:
        actions.record_decision(by=manager, meeting=meeting, text="  ")
    assert messages_of(error) == {"text": "Write what the meeting decided"}


# Minutes -----------------------------------------------------------------------------------------------

def test_minutes_are_approved_at_a_later_meeting_that_has_been_held(manager, partnership, meeting):
    actions.save_minutes(by=manager, meeting=meeting, minutes="The board met.")
    earlier = schedule(manager, partnership, days=-20)
    coming = schedule(manager, partnership, days=5)
    later = schedule(manager, partnership, days=-2)
    for other, message in ((earlier, "Minutes are approved at a later meeting"), (coming, "has not been held"),
                           (meeting, "Choose a later meeting of the partnership")):
        with pytest.raises(ValidationError, match=message):
            actions.approve_minutes(by=manager, meeting=meeting, at_meeting=other)
    actions.approve_minutes(by=manager, meeting=meeting, at_meeting=later)
    meeting.refresh_from_db()
    assert meeting.minutes_approved_on == timezone.localtime(later.starts_at).date()
    assert meeting.minutes_approved_at == later and meeting.minutes_approved_by == manager


def test_the_csp_manager_approves_minutes_from_the_day_of_the_meeting_to_today(manager, partnership, meeting):
    actions.save_minutes(by=manager, meeting=meeting, minutes="The board met.")
    held_on = timezone.localtime(meeting.starts_at).date()
    today = timezone.localdate()
    for day, message in ((held_on - datetime.timedelta(days=1), "Minutes cannot be approved before the meeting"),
                         (today + datetime.timedelta(days=1), "must be today or in the past")):
        with pytest.raises(ValidationError, match=message):
            actions.approve_minutes(by=manager, meeting=meeting, approved_on=day)
    actions.approve_minutes(by=manager, meeting=meeting, approved_on=held_on)
    second = schedule(manager, partnership, days=0, hours=(0, 1))
    actions.save_minutes(by=manager, meeting=second, minutes="Met at midnight.")
    actions.approve_minutes(by=manager, meeting=second, approved_on=today)


def test_minutes_need_writing_before_approval(manager, meeting):
    with pytest.raises(ValidationError) as error:
        actions.approve_minutes(by=manager, meeting=meeting, approved_on=timezone.localdate())
    assert messages_of(error) == {"minutes": "Write the minutes before approving them"}
    with pytest.raises(ValidationError) as error:
        actions.save_minutes(by=manager, meeting=meeting, minutes="m" * 50_001)
    assert messages_of(error) == {"minutes": "The minutes must be 50,000 characters or fewer"}


def test_approved_minutes_close_the_meetings_record(manager, meeting, council, plans):
    item = actions.add_agenda_item(by=manager, meeting=meeting, title="The plan")
    paper = actions.attach_paper(by=manager, meeting=meeting, title="Plan", filename="plan.pdf", content=PDF)
    decision = actions.record_decision(by=manager, meeting=meeting, text="Agreed")
    actions.save_minutes(by=manager, meeting=meeting, minutes="The board met.")
    actions.approve_minutes(by=manager, meeting=meeting, approved_on=timezone.localdate())
    before = AuditEvent.objects.count()
    changes = [
        lambda: actions.update_meeting(by=manager, meeting=meeting, title="Renamed"),
        lambda: actions.add_agenda_item(by=manager, meeting=meeting, title="More"),
        lambda: actions.update_agenda_item(by=manager, item=item, title="Changed"),
        lambda: actions.remove_agenda_item(by=manager, item=item),
        lambda: actions.move_agenda_item(by=manager, item=item, direction="down"),
        lambda: actions.attach_paper(by=manager, meeting=meeting, title="Late", filename="late.pdf", content=PDF),
        lambda: actions.remove_paper(by=manager, paper=paper),
        lambda: actions.set_attendance(by=manager, meeting=meeting, present=[council], apologies=[]),
        lambda: actions.record_decision(by=manager, meeting=meeting, text="Another"),
        lambda: actions.remove_decision(by=manager, decision=decision),
        lambda: actions.save_minutes(by=manager, meeting=meeting, minutes="Rewritten"),
        lambda: actions.approve_minutes(by=manager, meeting=meeting, approved_on=timezone.localdate()),
        lambda: actions.record_plan_approval(by=manager, meeting=meeting, plan=plans["current"]),
    ]
    for change in changes:
        with pytest.raises(ValidationError, match="approved, which closes its record"):
            change()
    assert AuditEvent.objects.count() == before
    assert PlanYear.objects.get(pk=plans["current"].pk).approved_at is None
    assert AgendaItem.objects.get().title == "The plan" and Decision.objects.count() == 1


# The plan's approval ---------------------------------------------------------------------------------------

def test_recording_a_board_meetings_approval_approves_the_plan_and_links_it(manager, meeting, plans):
    plan = plans["current"]
    decision = actions.record_plan_approval(by=manager, meeting=meeting, plan=plan)
    plan.refresh_from_db()
    assert plan.approved_at == decision.plan_approved_at and plan.approved_by == manager
    assert decision.kind == "plan_approval" and decision.text.startswith("Approved ")
    assert queries.approval_of_plan(plan) == decision
    assert events("plan.approved") == 1 and events("governance.plan_approval_recorded") == 1
    with pytest.raises(ValidationError) as error:
        actions.record_plan_approval(by=manager, meeting=meeting, plan=plan)
    assert "is already approved as it stands" in messages_of(error)["plan"]
    with pytest.raises(ValidationError, match="cannot be removed"):
        actions.remove_decision(by=manager, decision=decision)
    # An edit withdraws the approval, and the plan's page no longer links the meeting.
    plan_actions.update_plan(by=manager, plan=plan, title="Changed", years=1)
    plan.refresh_from_db()
    assert queries.approval_of_plan(plan) is None


def test_only_a_board_meeting_that_has_begun_approves_a_plan(manager, partnership, plans):
    public = schedule(manager, partnership, kind="public")
    coming = schedule(manager, partnership, kind="board", days=3)
    with pytest.raises(ValidationError, match="Only a partnership board meeting approves the plan"):
        actions.record_plan_approval(by=manager, meeting=public, plan=plans["current"])
    with pytest.raises(ValidationError, match="has not begun yet"):
        actions.record_plan_approval(by=manager, meeting=coming, plan=plans["current"])
    assert PlanYear.objects.get(pk=plans["current"].pk).approved_at is None
    assert not Decision.objects.exists()


def test_recording_an_approval_needs_the_right_to_approve_the_plan_too(manager, analyst, board_member, meeting,
                                                                       plans):
    for who in (analyst, board_member):
        with pytest.raises(PermissionDenied):
            actions.record_plan_approval(by=who, meeting=meeting, plan=plans["current"])
    assert PlanYear.objects.get(pk=plans["current"].pk).approved_at is None


def test_a_published_version_links_the_meeting_whose_approval_it_was_published_under(manager, meeting, plans,
                                                                                     board_member):
    plan, referrals = plans["current"], plans["referrals"]
    plan_actions.record_actual(by=manager, target=referrals, value=41, evidence="Mediation service return")
    decision = actions.record_plan_approval(by=manager, meeting=meeting, plan=plan)
    first = plan_actions.publish_plan(by=manager, plan=plan, in_background=False)
    assert queries.approval_of_version(first) == decision
    # Changed, approved again on the plan's own page (not at a meeting recorded here), published again.
    plan_actions.update_plan(by=manager, plan=plan, title="Changed", years=1)
    plan_actions.approve_plan(by=board_member, plan=plan)
    second = plan_actions.publish_plan(by=manager, plan=plan, in_background=False)
    assert queries.approval_of_version(second) is None
    assert queries.approval_of_version(first) == decision


# Sending the plan to the PCC ---------------------------------------------------------------------------------

def test_the_plan_is_recorded_as_sent_on_or_after_publication_and_acknowledged_after(manager, partnership, plans,
                                                                                    council):
    version = bare_version(plans["current"])
    published_on = timezone.localtime(version.published_at).date()
    with pytest.raises(ValidationError) as error:
        actions.record_plan_sent(by=manager, partnership=partnership, version=version, recipient=council,
                                 sent_on=published_on - datetime.timedelta(days=1), method="email")
    assert "cannot have been sent before" in messages_of(error)["sent_on"]
    with pytest.raises(ValidationError) as error:
        actions.record_plan_sent(by=manager, partnership=partnership, version=version, recipient=council,
                                 sent_on=timezone.localdate() + datetime.timedelta(days=1), method="pigeon")
    assert messages_of(error) == {"sent_on": "The date it was sent must be today or in the past",
                                  "method": "Choose how the plan was sent"}
    sent = actions.record_plan_sent(by=manager, partnership=partnership, version=version, recipient=council,
                                    sent_on=published_on, method="portal")
    with pytest.raises(ValidationError, match="is already recorded"):
        actions.record_plan_sent(by=manager, partnership=partnership, version=version, recipient=council,
                                 sent_on=published_on, method="email")
    with pytest.raises(ValidationError) as error:
        actions.record_acknowledgement(by=manager, submission=sent, acknowledged_on=published_on
                                       - datetime.timedelta(days=1), reference="r" * 101)
    assert set(messages_of(error)) == {"acknowledged_on", "reference"}
    actions.record_acknowledgement(by=manager, submission=sent, acknowledged_on=published_on, reference=" PCC/17 ")
    sent.refresh_from_db()
    assert sent.acknowledgement_reference == "PCC/17"
    with pytest.raises(ValidationError, match="already recorded"):
        actions.record_acknowledgement(by=manager, submission=sent, acknowledged_on=timezone.localdate())
    assert events("governance.plan_sent") == 1 and events("governance.plan_acknowledged") == 1


def test_only_the_partnerships_own_plan_is_recorded_as_sent(manager, partnership, council, outsider,
                                                           other_partnership):
    theirs = bare_version(plan_actions.create_plan(by=outsider, partnership=other_partnership, start_year=2025))
    with pytest.raises(ValidationError) as error:
        actions.record_plan_sent(by=manager, partnership=partnership, version=theirs, recipient=council,
                                 sent_on=timezone.localdate(), method="email")
    assert messages_of(error) == {"version": "Choose one of the partnership's published plans"}


# Who may --------------------------------------------------------------------------------------------------

def test_members_without_governance_edit_change_nothing(analyst, board_member, practitioner, manager, meeting,
                                                        partnership):
    before = AuditEvent.objects.count()
    for who in (analyst, board_member, practitioner):
        with pytest.raises(PermissionDenied):
            schedule(who, partnership)
        with pytest.raises(PermissionDenied):
            actions.add_agenda_item(by=who, meeting=meeting, title="Mine")
        with pytest.raises(PermissionDenied):
            actions.save_minutes(by=who, meeting=meeting, minutes="Mine")
    assert AuditEvent.objects.count() == before and PartnershipMeeting.objects.count() == 1


# At half past midnight in summer time London's date is a day ahead of UTC's (ADR 35) ---------------------------

def test_today_is_londons_today_just_after_midnight_in_summer_time(manager, partnership, council, plans):
    with time_machine.travel(datetime.datetime(2026, 6, 1, 0, 30, tzinfo=timezone.get_current_timezone()),
                             tick=False):
        assert datetime.datetime.now(datetime.UTC).date() == datetime.date(2026, 5, 31)
        evening = actions.schedule_meeting(by=manager, partnership=partnership, kind="public", place="Hall",
                                           starts_at=at(datetime.date(2026, 5, 31), 18),
                                           ends_at=at(datetime.date(2026, 5, 31), 20))
        actions.save_minutes(by=manager, meeting=evening, minutes="Met")
        with pytest.raises(ValidationError, match="must be today or in the past"):
            actions.approve_minutes(by=manager, meeting=evening, approved_on=datetime.date(2026, 6, 2))
        actions.approve_minutes(by=manager, meeting=evening, approved_on=datetime.date(2026, 6, 1))
        version = bare_version(plans["current"])
        actions.record_plan_sent(by=manager, partnership=partnership, version=version, recipient=council,
                                 sent_on=datetime.date(2026, 6, 1), method="email")
