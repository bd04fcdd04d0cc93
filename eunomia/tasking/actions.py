"""Every change to tasking and the working groups' action plans: one transaction, one audit event.
None of it is personal data (ADR 0029), but every change is audited all the same."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from eunomia.audit import actions as audit
from eunomia.partners.queries import seats_in
from eunomia.plans import actions as plan_actions
from eunomia.tasking.models import (
    GroupItem, GroupItemUpdate, GroupMeetingNote, Issue, Task, TaskingMeeting, TaskUpdate,
)
from eunomia.tasking.rollup import rolled_up_status


def _in_partnership(partnership, organisation):
    return seats_in(partnership).filter(organisation=organisation).exists()


def _outside(partnership, organisation):
    return (f"{organisation} is not a member of {partnership}: choose one of the partnership's member "
            f"organisations")


def _not_future(day, field, what):
    if day > timezone.localdate():
        raise ValidationError({field: f"{what} cannot be in the future"})


def _text(value):
    return (value or "").strip()


# Tasking meetings ------------------------------------------------------------------------------

def record_meeting(*, by, partnership, held_on, chair_organisation, attendees, notes=""):
    _not_future(held_on, "held_on", "The date the meeting was held")
    attendees = list(attendees)
    if chair_organisation not in attendees:
        attendees.append(chair_organisation)
    outside = [o for o in attendees if not _in_partnership(partnership, o)]
    if outside:
        field = "chair_organisation" if chair_organisation in outside else "attendees"
        raise ValidationError({field: [_outside(partnership, o) for o in outside]})
    with transaction.atomic():
        meeting = TaskingMeeting.objects.create(partnership=partnership, held_on=held_on,
                                                chair_organisation=chair_organisation, notes=_text(notes),
                                                created_by=by)
        meeting.attendees.set(attendees)
        audit.record(by=by, action="tasking.meeting_recorded", obj=meeting, partnership=partnership,
                     data={"held_on": held_on, "attendees": sorted(o.pk for o in attendees)})
    return meeting


def save_meeting_notes(*, by, meeting, notes):
    with transaction.atomic():
        meeting.notes = _text(notes)
        meeting.save(update_fields=["notes"])
        audit.record(by=by, action="tasking.meeting_notes_saved", obj=meeting, partnership=meeting.partnership)
    return meeting


# Issues ----------------------------------------------------------------------------------------

def raise_issue(*, by, meeting, organisation, title, description=""):
    errors = {}
    if not _text(title):
        errors["title"] = "Say what the issue is"
    if organisation is not None and not _in_partnership(meeting.partnership, organisation):
        errors["organisation"] = _outside(meeting.partnership, organisation)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        issue = Issue.objects.create(meeting=meeting, source=Issue.Source.PARTNER, raised_by_organisation=organisation,
                                     title=_text(title), description=_text(description), created_by=by)
        audit.record(by=by, action="tasking.issue_raised", obj=issue, partnership=meeting.partnership,
                     data={"meeting": meeting.pk, "source": issue.source,
                           "organisation": organisation.pk if organisation else None})
    return issue


def raise_alert(*, by, meeting, alert):
    """Raise an assessment alert as an issue, keeping what the alert said and where it came from."""
    if meeting.issues.filter(source=Issue.Source.ASSESSMENT_ALERT, alert__key=alert["key"]).exists():
        raise ValidationError(f"{alert['title']} has already been raised at this meeting")
    with transaction.atomic():
        issue = Issue.objects.create(
            meeting=meeting, source=Issue.Source.ASSESSMENT_ALERT, title=alert["title"][:200],
            description=alert["said"], alert={**alert, "source": "Strategic assessment: places rising fastest"},
            created_by=by)
        audit.record(by=by, action="tasking.issue_raised", obj=issue, partnership=meeting.partnership,
                     data={"meeting": meeting.pk, "source": issue.source, "alert": alert["key"]})
    return issue


# Tasks -----------------------------------------------------------------------------------------

def set_task(*, by, meeting, organisation, description, due_on, issue=None):
    """Task a partner organisation. One outside the partnership is refused and nothing is saved."""
    partnership = meeting.partnership
    errors = {}
    if not _in_partnership(partnership, organisation):
        errors["organisation"] = _outside(partnership, organisation)
    if not _text(description):
        errors["description"] = "Say what the organisation is tasked to do"
    if due_on < meeting.held_on:
        errors["due_on"] = "The task cannot be due before the meeting that set it"
    if issue is not None and issue.meeting_id != meeting.pk:
        errors["issue"] = "That issue was not raised at this meeting"
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        task = Task.objects.create(partnership=partnership, meeting=meeting, issue=issue, organisation=organisation,
                                   description=_text(description), set_on=meeting.held_on, due_on=due_on,
                                   created_by=by)
        audit.record(by=by, action="tasking.task_set", obj=task, partnership=partnership,
                     data={"meeting": meeting.pk, "organisation": organisation.pk, "due_on": due_on,
                           "issue": issue.pk if issue else None})
    return task


def _check_open(task):
    if task.completed_on is not None:
        raise ValidationError("This task is already complete")


def add_task_update(*, by, task, note, written_on=None):
    written_on = written_on or timezone.localdate()
    _check_open(task)
    if not _text(note):
        raise ValidationError({"note": "Say what progress has been made"})
    _not_future(written_on, "written_on", "The date of the update")
    with transaction.atomic():
        update = TaskUpdate.objects.create(task=task, written_on=written_on, note=_text(note), by=by,
                                           by_name=getattr(by, "full_name", ""))
        audit.record(by=by, action="tasking.task_updated", obj=task, partnership=task.partnership,
                     data={"update": update.pk})
    return update


def complete_task(*, by, task, completed_on, result):
    _check_open(task)
    errors = {}
    if not _text(result):
        errors["result"] = "Say what the result was"
    if completed_on > timezone.localdate():
        errors["completed_on"] = "The date it was completed cannot be in the future"
    elif completed_on < task.set_on:
        errors["completed_on"] = "It cannot have been completed before the meeting that set it"
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        task.completed_on = completed_on
        task.result = _text(result)
        task.save(update_fields=["completed_on", "result"])
        audit.record(by=by, action="tasking.task_completed", obj=task, partnership=task.partnership,
                     data={"completed_on": completed_on, "on_time": completed_on <= task.due_on})
    return task


# Working groups' action plans --------------------------------------------------------------------

def add_group_item(*, by, group, title, owner_organisation, due_on, plan_action=None):
    partnership = group.partnership
    errors = {}
    if not _text(title):
        errors["title"] = "Say what the group will do"
    if not _in_partnership(partnership, owner_organisation):
        errors["owner_organisation"] = _outside(partnership, owner_organisation)
    if plan_action is not None and plan_action.plan.partnership_id != partnership.pk:
        errors["plan_action"] = "That action is not in this partnership's plan"
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        item = GroupItem.objects.create(working_group=group, title=_text(title), owner_organisation=owner_organisation,
                                        due_on=due_on, plan_action=plan_action, created_by=by)
        audit.record(by=by, action="tasking.group_item_added", obj=item, partnership=partnership,
                     data={"group": group.pk, "plan_action": plan_action.pk if plan_action else None,
                           "owner": owner_organisation.pk, "due_on": due_on})
    return item


def update_group_item(*, by, item, status, note, written_on=None):
    """A dated progress update, which may move the item's status on."""
    written_on = written_on or timezone.localdate()
    if not _text(note):
        raise ValidationError({"note": "Say what progress has been made"})
    if status not in GroupItem.Status.values:
        raise ValidationError({"status": "Choose the item's status"})
    _not_future(written_on, "written_on", "The date of the update")
    with transaction.atomic():
        before = item.status
        item.status = status
        item.save(update_fields=["status"])
        update = GroupItemUpdate.objects.create(item=item, written_on=written_on, note=_text(note), status=status,
                                                by=by, by_name=getattr(by, "full_name", ""))
        audit.record(by=by, action="tasking.group_item_updated", obj=item, partnership=item.partnership,
                     data={"update": update.pk, "status": [before, status]})
    return update


def add_group_meeting_note(*, by, group, held_on, notes):
    _not_future(held_on, "held_on", "The date the meeting was held")
    if not _text(notes):
        raise ValidationError({"notes": "Write the notes of the meeting"})
    with transaction.atomic():
        note = GroupMeetingNote.objects.create(working_group=group, held_on=held_on, notes=_text(notes), by=by)
        audit.record(by=by, action="tasking.group_notes_added", obj=note, partnership=group.partnership,
                     data={"group": group.pk, "held_on": held_on})
    return note


# The roll-up to the plan -----------------------------------------------------------------------

def apply_rollup(*, by, action, today=None):
    """Write the status the working groups' items roll up to (ADR 0030) into the plan's action,
    through the plan's own action, which audits it. Refused when no item covers the action; nothing
    is written when the plan already says it."""
    status = rolled_up_status(action.group_items.all(), today=today)
    if status is None:
        raise ValidationError("No working group item covers this action: there is no status to roll up")
    if status != action.status:
        plan_actions.update_action(by=by, action=action, status=status)
    return action
