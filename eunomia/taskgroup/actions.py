from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from eunomia.audit import actions as audit
from eunomia.taskgroup.models import Meeting, MeetingAction


def _check_sharing(cases, attendees):
    """Every case on the agenda must be owned by, or shared with, every organisation at the table:
    a case is discussed only with those the information sharing agreement lets see it."""
    problems = []
    for case in cases:
        allowed = {case.owner_organisation_id} | set(case.shares.values_list("organisation_id", flat=True))
        for organisation in attendees:
            if organisation.pk not in allowed:
                problems.append(f"{case.reference} is not shared with {organisation}: share it under an agreement "
                                f"first, or discuss it without them")
    if problems:
        raise ValidationError({"cases": problems})


def create_meeting(*, by, partnership, organisation, held_on, title, attendees, cases):
    if held_on > timezone.localdate():
        raise ValidationError({"held_on": "Record a meeting once it has been held: the date is in the future"})
    attendees = list(attendees)
    if organisation not in attendees:
        attendees.append(organisation)
    _check_sharing(cases, attendees)
    with transaction.atomic():
        meeting = Meeting.objects.create(partnership=partnership, owner_organisation=organisation, held_on=held_on,
                                         title=title.strip() or "ASB Task Group", created_by=by)
        meeting.attendees.set(attendees)
        meeting.cases.set(cases)
        audit.record(by=by, action="taskgroup.meeting_recorded", obj=meeting, partnership=partnership,
                     data={"attendees": [o.pk for o in attendees], "cases": [c.pk for c in cases]})
    return meeting


def save_minutes(*, by, meeting, minutes):
    with transaction.atomic():
        meeting.minutes = minutes.strip()
        meeting.save(update_fields=["minutes"])
        audit.record(by=by, action="taskgroup.minutes_saved", obj=meeting, partnership=meeting.partnership)
    return meeting


def add_action(*, by, meeting, organisation, description, due_on, case=None):
    errors = {}
    if not meeting.attendees.filter(pk=organisation.pk).exists():
        errors["organisation"] = f"{organisation} did not attend: give the action to an organisation that did"
    if due_on < meeting.held_on:
        errors["due_on"] = "The action cannot be due before the meeting was held"
    if not (description or "").strip():
        errors["description"] = "Say what is to be done"
    if case is not None and not meeting.cases.filter(pk=case.pk).exists():
        errors["case"] = f"{case.reference} was not on the agenda"
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        action = MeetingAction.objects.create(meeting=meeting, organisation=organisation, case=case,
                                              description=description.strip(), due_on=due_on)
        audit.record(by=by, action="taskgroup.action_added", obj=meeting, partnership=meeting.partnership,
                     data={"action": action.pk, "organisation": organisation.pk})
    return action


def complete_action(*, by, action, done_on):
    """Mark an open action done on `done_on`; once done, it stays done on that day (the page and the
    API alike refuse a second time rather than move the date)."""
    if done_on > timezone.localdate():
        raise ValidationError({"done_on": "The date it was done cannot be in the future"})
    if done_on < action.meeting.held_on:
        raise ValidationError({"done_on": "It cannot have been done before the meeting that set it"})
    with transaction.atomic():
        # Read again, locked: two people marking it done at once cannot both do it.
        already = MeetingAction.objects.select_for_update().values_list("done_on", flat=True).get(pk=action.pk)
        if already is not None:
            raise ValidationError(f"The action was already done on {already:%-d %B %Y}")
        action.done_on = done_on
        action.save(update_fields=["done_on"])
        audit.record(by=by, action="taskgroup.action_done", obj=action.meeting, partnership=action.meeting.partnership,
                     data={"action": action.pk})
    return action
