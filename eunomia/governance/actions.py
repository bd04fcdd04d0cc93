"""Every change to the partnership's meetings and to the record of sending the plan to the PCC: checked,
then written in one transaction with its audit event (ADR 64).

A meeting's record closes when its minutes are approved, and a cancelled meeting changes no more:
both are refused in words. What happened at a meeting (who came, what it decided, its minutes) can be
recorded only once it has begun. Each action asks for its permission itself, so the pages, the demo
and any later API are held to the same rule."""

import datetime
import re

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from eunomia.accounts.permissions import has_permission
from eunomia.accounts.roles import Permission
from eunomia.audit import actions as audit
from eunomia.audit.models import AuditEvent
from eunomia.core.dates import DateError, check_range
from eunomia.governance.models import (AgendaItem, Attendance, Decision, MeetingPaper, PartnershipMeeting,
                                       PlanSubmission)
from eunomia.partners.queries import directory_of
from eunomia.plans import actions as plan_actions

MAX_TITLE = 200
MAX_PLACE = 500
MAX_NOTES = 5_000
MAX_AGENDA_TITLE = 300
MAX_TEXT = 5_000
MAX_MINUTES = 50_000
MAX_REASON = 500
MAX_REFERENCE = 100
# A meeting lasts less than a day: longer is a mistake in the times.
LONGEST_MEETING = datetime.timedelta(hours=24)

# Papers: the formats partnerships write them in, up to 10 MB. The type sent is decided here from the
# name and checked against the file's first bytes, never taken from the upload.
PAPER_TYPES = {
    ".pdf": "application/pdf",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    ".odt": "application/vnd.oasis.opendocument.text",
    ".ods": "application/vnd.oasis.opendocument.spreadsheet",
    ".odp": "application/vnd.oasis.opendocument.presentation",
}
MAX_PAPER_BYTES = 10 * 1024 * 1024
# Characters a file name keeps: a name goes into a download's Content-Disposition header, where a
# quote, a backslash or a line break would break it.
_UNSAFE_IN_FILENAME = re.compile(r'[\x00-\x1f\x7f"\\/:*?<>|;]')


def _text(value):
    return (value or "").strip()


def _require(by, partnership, *permissions):
    for permission in permissions:
        if not has_permission(by, permission, partnership=partnership):
            raise PermissionDenied


def _day(moment):
    return date_format(timezone.localtime(moment).date(), "j F Y")


def _length(errors, field, value, limit, what):
    if len(value) > limit:
        errors[field] = _("%(what)s must be %(limit)s characters or fewer") % {"what": what, "limit": f"{limit:,}"}


def _lock(meeting):
    """The meeting's row, locked until the transaction ends, so two changes to one meeting (one of them
    approving its minutes, say) take turns."""
    return PartnershipMeeting.objects.select_for_update().get(pk=meeting.pk)


def _check_open(meeting):
    if meeting.is_cancelled:
        raise ValidationError(_("This meeting was cancelled: its record cannot change"))
    if meeting.record_closed:
        raise ValidationError(_("The minutes of this meeting are approved, which closes its record: nothing of "
                                "it can change now"))


def _check_held(meeting, now=None):
    _check_open(meeting)
    if not meeting.has_started(now):
        raise ValidationError(_("The meeting has not begun yet: what happened at it can be recorded from %(start)s")
                              % {"start": date_format(timezone.localtime(meeting.starts_at), "j F Y, H:i")})


def _touched(meeting, *, rescheduled=False):
    meeting.updated_at = timezone.now()
    fields = ["updated_at"]
    if rescheduled:
        meeting.sequence += 1
        fields.append("sequence")
    meeting.save(update_fields=fields)


# Date and time --------------------------------------------------------------------------------------

def local_moment(day, time, *, field, what):
    """`time` on `day` in the UK, as an aware datetime. Refused when the clocks going forward skip that
    time (01:30 on the last Sunday of March never happens); an hour the clocks going back repeat is
    taken the first time round (British Summer Time)."""
    naive = datetime.datetime.combine(day, time)
    moment = timezone.make_aware(naive)
    # Through UTC and back: converting to its own zone would hand the moment back unchanged.
    if timezone.localtime(moment.astimezone(datetime.UTC)).replace(tzinfo=None) != naive:
        raise ValidationError({field: _("There is no %(time)s on %(day)s in the UK: the clocks go forward that "
                                        "night. Choose another %(what)s")
                                      % {"time": time.strftime("%H:%M"), "day": date_format(day, "j F Y"),
                                         "what": what}})
    return moment


def _check_times(errors, starts_at, ends_at):
    try:
        check_range(timezone.localtime(starts_at).date(), what=_("The date of the meeting"))
    except DateError as error:
        errors["day"] = str(error)
        return
    if ends_at <= starts_at:
        errors["ends_at"] = _("The meeting must finish after it starts")
    elif ends_at - starts_at > LONGEST_MEETING:
        errors["ends_at"] = _("A meeting must finish within a day of starting")


# Meetings -------------------------------------------------------------------------------------------

MEETING_FIELDS = ("kind", "title", "starts_at", "ends_at", "place", "public_notes")


def _check_meeting(fields):
    errors = {}
    if fields["kind"] not in PartnershipMeeting.Kind.values:
        errors["kind"] = _("Choose a partnership board meeting or a public meeting")
    _length(errors, "title", fields["title"], MAX_TITLE, _("The title"))
    if not fields["place"]:
        errors["place"] = _("Say where the meeting is, with the address")
    _length(errors, "place", fields["place"], MAX_PLACE, _("The place"))
    _length(errors, "public_notes", fields["public_notes"], MAX_NOTES, _("The notes"))
    _check_times(errors, fields["starts_at"], fields["ends_at"])
    if errors:
        raise ValidationError(errors)


def _cleaned(fields):
    return {name: _text(value) if isinstance(value, str) else value for name, value in fields.items()}


def schedule_meeting(*, by, partnership, kind, starts_at, ends_at, place, title="", public_notes=""):
    """A meeting of the board, or one in public, to come or already held."""
    _require(by, partnership, Permission.GOVERNANCE_EDIT)
    fields = _cleaned({"kind": kind, "title": title, "starts_at": starts_at, "ends_at": ends_at, "place": place,
                       "public_notes": public_notes})
    _check_meeting(fields)
    now = timezone.now()
    with transaction.atomic():
        meeting = PartnershipMeeting.objects.create(partnership=partnership, created_by=by, created_at=now,
                                                    updated_at=now, **fields)
        audit.record(by=by, action="governance.meeting_scheduled", obj=meeting, partnership=partnership,
                     data={"kind": kind, "starts_at": starts_at, "ends_at": ends_at})
    return meeting


def update_meeting(*, by, meeting, **fields):
    unknown = set(fields) - set(MEETING_FIELDS)
    if unknown:
        raise ValueError(f"Meetings have no field {', '.join(sorted(unknown))}")
    _require(by, meeting.partnership, Permission.GOVERNANCE_EDIT)
    with transaction.atomic():
        meeting = _lock(meeting)
        _check_open(meeting)
        merged = {name: getattr(meeting, name) for name in MEETING_FIELDS} | _cleaned(fields)
        _check_meeting(merged)
        if (merged["kind"] != meeting.kind
                and meeting.decisions.filter(kind=Decision.Kind.PLAN_APPROVAL).exists()):
            raise ValidationError({"kind": _("This meeting approved a plan: it stays a partnership board meeting")})
        changes = {name: {"before": getattr(meeting, name), "after": value}
                   for name, value in merged.items() if getattr(meeting, name) != value}
        if not changes:
            return meeting
        for name, value in merged.items():
            setattr(meeting, name, value)
        meeting.save()
        _touched(meeting, rescheduled=bool(set(changes) & {"starts_at", "ends_at", "place"}))
        audit.record(by=by, action="governance.meeting_updated", obj=meeting, partnership=meeting.partnership,
                     data={name: change for name, change in changes.items() if name != "public_notes"}
                     | ({"public_notes": "changed"} if "public_notes" in changes else {}))
    return meeting


def cancel_meeting(*, by, meeting, reason):
    _require(by, meeting.partnership, Permission.GOVERNANCE_EDIT)
    reason = _text(reason)
    errors = {}
    if not reason:
        errors["reason"] = _("Say why the meeting is cancelled: the public page shows it")
    _length(errors, "reason", reason, MAX_REASON, _("The reason"))
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        meeting = _lock(meeting)
        _check_open(meeting)
        if meeting.has_started():
            raise ValidationError(_("The meeting has already begun: it cannot be cancelled now"))
        meeting.cancelled_at, meeting.cancelled_reason = timezone.now(), reason
        meeting.save(update_fields=["cancelled_at", "cancelled_reason"])
        _touched(meeting, rescheduled=True)
        audit.record(by=by, action="governance.meeting_cancelled", obj=meeting, partnership=meeting.partnership)
    return meeting


# The agenda -----------------------------------------------------------------------------------------

def _check_item(title, description):
    errors = {}
    if not title:
        errors["title"] = _("Enter the agenda item's title")
    _length(errors, "title", title, MAX_AGENDA_TITLE, _("The title"))
    _length(errors, "description", description, MAX_TEXT, _("The description"))
    if errors:
        raise ValidationError(errors)


def add_agenda_item(*, by, meeting, title, description=""):
    _require(by, meeting.partnership, Permission.GOVERNANCE_EDIT)
    title, description = _text(title), _text(description)
    _check_item(title, description)
    with transaction.atomic():
        meeting = _lock(meeting)
        _check_open(meeting)
        last = meeting.agenda_items.order_by("-position").values_list("position", flat=True).first() or 0
        item = AgendaItem.objects.create(meeting=meeting, position=last + 1, title=title, description=description)
        _touched(meeting)
        audit.record(by=by, action="governance.agenda_item_added", obj=item, partnership=meeting.partnership,
                     data={"meeting": meeting.pk, "position": item.position})
    return item


def update_agenda_item(*, by, item, title, description=""):
    meeting = item.meeting
    _require(by, meeting.partnership, Permission.GOVERNANCE_EDIT)
    title, description = _text(title), _text(description)
    _check_item(title, description)
    with transaction.atomic():
        meeting = _lock(meeting)
        _check_open(meeting)
        if (item.title, item.description) == (title, description):
            return item
        item.title, item.description = title, description
        item.save(update_fields=["title", "description"])
        _touched(meeting)
        audit.record(by=by, action="governance.agenda_item_updated", obj=item, partnership=meeting.partnership,
                     data={"meeting": meeting.pk})
    return item


def remove_agenda_item(*, by, item):
    meeting = item.meeting
    _require(by, meeting.partnership, Permission.GOVERNANCE_EDIT)
    with transaction.atomic():
        meeting = _lock(meeting)
        _check_open(meeting)
        audit.record(by=by, action="governance.agenda_item_removed", obj=item, partnership=meeting.partnership,
                     data={"meeting": meeting.pk, "title": item.title})
        item.delete()
        _renumber(meeting)
        _touched(meeting)


def move_agenda_item(*, by, item, direction):
    """Swap the item with the one before it ("up") or after it ("down"); at either end, nothing moves."""
    if direction not in ("up", "down"):
        raise ValidationError(_("Choose to move the item up or down"))
    meeting = item.meeting
    _require(by, meeting.partnership, Permission.GOVERNANCE_EDIT)
    with transaction.atomic():
        meeting = _lock(meeting)
        _check_open(meeting)
        items = list(meeting.agenda_items.all())
        index = next(i for i, other in enumerate(items) if other.pk == item.pk)
        other = index - 1 if direction == "up" else index + 1
        if not 0 <= other < len(items):
            return
        items[index], items[other] = items[other], items[index]
        for position, each in enumerate(items, start=1):
            if each.position != position:
                AgendaItem.objects.filter(pk=each.pk).update(position=position)
        _touched(meeting)
        audit.record(by=by, action="governance.agenda_item_moved", obj=item, partnership=meeting.partnership,
                     data={"meeting": meeting.pk, "direction": direction})


def _renumber(meeting):
    for position, item in enumerate(meeting.agenda_items.all(), start=1):
        if item.position != position:
            AgendaItem.objects.filter(pk=item.pk).update(position=position)


# Papers ---------------------------------------------------------------------------------------------

def safe_filename(filename):
    """The file's own name, without any folder a browser sent with it or any character that would
    break a download's header."""
    name = (filename or "").replace("\\", "/").rsplit("/", 1)[-1]
    return _UNSAFE_IN_FILENAME.sub("_", name).strip()[:200]


def _paper_problem(suffix, content):
    if suffix not in PAPER_TYPES:
        return _("Attach the paper as a PDF, Word (.docx), Excel (.xlsx), PowerPoint (.pptx) or OpenDocument "
                 "(.odt, .ods, .odp) file")
    if not content:
        return _("The file is empty")
    if len(content) > MAX_PAPER_BYTES:
        return _("The file is larger than 10 MB")
    if suffix == ".pdf" and not content.startswith(b"%PDF-"):
        return _("The file is named .pdf but is not a PDF")
    if suffix != ".pdf" and not content.startswith(b"PK\x03\x04"):
        return _("The file is named %(suffix)s but is not a %(kind)s document") % {
            "suffix": suffix, "kind": suffix[1:].upper()}
    return None


def attach_paper(*, by, meeting, title, filename, content, confidential=False, agenda_item=None):
    """Keep a paper with the meeting. `content` is the file's bytes."""
    _require(by, meeting.partnership, Permission.GOVERNANCE_EDIT)
    name, title = safe_filename(filename), _text(title)
    suffix = "." + name.rsplit(".", 1)[-1].lower() if "." in name else ""
    errors = {}
    problem = _paper_problem(suffix, content)
    if problem:
        errors["file"] = problem
    if not title:
        errors["title"] = _("Give the paper a title, like Community safety plan: draft for approval")
    _length(errors, "title", title, MAX_TITLE, _("The title"))
    if agenda_item is not None and agenda_item.meeting_id != meeting.pk:
        errors["agenda_item"] = _("Choose one of this meeting's agenda items")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        meeting = _lock(meeting)
        _check_open(meeting)
        paper = MeetingPaper.objects.create(
            meeting=meeting, agenda_item=agenda_item, title=title, confidential=bool(confidential), filename=name,
            content_type=PAPER_TYPES[suffix], size=len(content), content=content, uploaded_at=timezone.now(),
            uploaded_by=by)
        _touched(meeting)
        audit.record(by=by, action="governance.paper_attached", obj=paper, partnership=meeting.partnership,
                     data={"meeting": meeting.pk, "filename": name, "bytes": len(content),
                           "confidential": paper.confidential})
    return paper


def remove_paper(*, by, paper):
    meeting = paper.meeting
    _require(by, meeting.partnership, Permission.GOVERNANCE_EDIT)
    with transaction.atomic():
        meeting = _lock(meeting)
        _check_open(meeting)
        audit.record(by=by, action="governance.paper_removed", obj=paper, partnership=meeting.partnership,
                     data={"meeting": meeting.pk, "filename": paper.filename})
        paper.delete()
        _touched(meeting)


# What happened at the meeting -----------------------------------------------------------------------------

def set_attendance(*, by, meeting, present, apologies):
    """The organisations present and those that sent apologies, in place of what was recorded before."""
    _require(by, meeting.partnership, Permission.GOVERNANCE_EDIT)
    present, apologies = set(present), set(apologies)
    allowed = set(directory_of(meeting.partnership))
    errors = {}
    both = sorted(org.name for org in present & apologies)
    if both:
        errors["apologies"] = _("%(names)s cannot be both present and sending apologies: choose one") % {
            "names": ", ".join(both)}
    if not (present | apologies) <= allowed:
        errors["present"] = _("Choose organisations from the partnership's directory")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        meeting = _lock(meeting)
        _check_held(meeting)
        before = {row.organisation_id: row.status for row in meeting.attendance.all()}
        after = {org.pk: Attendance.Status.PRESENT for org in present}
        after |= {org.pk: Attendance.Status.APOLOGIES for org in apologies}
        if before == after:
            return
        meeting.attendance.all().delete()
        Attendance.objects.bulk_create(Attendance(meeting=meeting, organisation_id=pk, status=status)
                                       for pk, status in sorted(after.items()))
        _touched(meeting)
        audit.record(by=by, action="governance.attendance_recorded", obj=meeting, partnership=meeting.partnership,
                     data={"present": sorted(org.pk for org in present),
                           "apologies": sorted(org.pk for org in apologies)})


def _check_decision_text(text):
    errors = {}
    if not text:
        errors["text"] = _("Write what the meeting decided")
    _length(errors, "text", text, MAX_TEXT, _("The decision"))
    if errors:
        raise ValidationError(errors)


def record_decision(*, by, meeting, text, plan=None, confidential=False):
    _require(by, meeting.partnership, Permission.GOVERNANCE_EDIT)
    text = _text(text)
    _check_decision_text(text)
    if plan is not None and plan.partnership_id != meeting.partnership_id:
        raise ValidationError({"plan": _("Choose one of the partnership's plans")})
    with transaction.atomic():
        meeting = _lock(meeting)
        _check_held(meeting)
        decision = Decision.objects.create(meeting=meeting, text=text, plan=plan, confidential=bool(confidential),
                                           recorded_at=timezone.now(), recorded_by=by)
        _touched(meeting)
        audit.record(by=by, action="governance.decision_recorded", obj=decision, partnership=meeting.partnership,
                     data={"meeting": meeting.pk, "plan": getattr(plan, "pk", None),
                           "confidential": decision.confidential})
    return decision


def remove_decision(*, by, decision):
    meeting = decision.meeting
    _require(by, meeting.partnership, Permission.GOVERNANCE_EDIT)
    if decision.kind == Decision.Kind.PLAN_APPROVAL:
        raise ValidationError(_("The plan's approval stands: a decision that approved the plan cannot be removed. "
                                "Changing the plan withdraws its approval"))
    with transaction.atomic():
        meeting = _lock(meeting)
        _check_open(meeting)
        audit.record(by=by, action="governance.decision_removed", obj=decision, partnership=meeting.partnership,
                     data={"meeting": meeting.pk})
        decision.delete()
        _touched(meeting)


def record_plan_approval(*, by, meeting, plan):
    """Record that this board meeting approved `plan`: approves the plan (plans.actions.approve_plan)
    and keeps the decision that links the approval to the meeting, in one transaction."""
    _require(by, meeting.partnership, Permission.GOVERNANCE_EDIT, Permission.PLAN_APPROVE)
    if plan.partnership_id != meeting.partnership_id:
        raise ValidationError({"plan": _("Choose one of the partnership's plans")})
    if meeting.kind != PartnershipMeeting.Kind.BOARD:
        raise ValidationError(_("Only a partnership board meeting approves the plan"))
    with transaction.atomic():
        meeting = _lock(meeting)
        _check_held(meeting)
        try:
            plan = plan_actions.approve_plan(by=by, plan=plan)
        except ValidationError:
            raise ValidationError({"plan": _("%(plan)s is already approved as it stands: there is nothing to "
                                             "approve") % {"plan": plan.title}}) from None
        event = (AuditEvent.objects.filter(action="plan.approved", object_type="plans.planyear",
                                           object_id=str(plan.pk)).order_by("-id").values_list("id", flat=True)
                 .first())
        decision = Decision.objects.create(
            meeting=meeting, kind=Decision.Kind.PLAN_APPROVAL, plan=plan, plan_approved_at=plan.approved_at,
            plan_approval_event_id=event, recorded_at=timezone.now(), recorded_by=by,
            text=_("Approved %(plan)s (%(label)s)") % {"plan": plan.title, "label": plan.label})
        _touched(meeting)
        audit.record(by=by, action="governance.plan_approval_recorded", obj=decision,
                     partnership=meeting.partnership, data={"meeting": meeting.pk, "plan": plan.pk})
    return decision


def save_minutes(*, by, meeting, minutes):
    """The draft minutes; an empty text takes the draft away."""
    _require(by, meeting.partnership, Permission.GOVERNANCE_EDIT)
    minutes = _text(minutes)
    errors = {}
    _length(errors, "minutes", minutes, MAX_MINUTES, _("The minutes"))
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        meeting = _lock(meeting)
        _check_held(meeting)
        if meeting.minutes == minutes:
            return meeting
        meeting.minutes = minutes
        meeting.save(update_fields=["minutes"])
        _touched(meeting)
        audit.record(by=by, action="governance.minutes_saved", obj=meeting, partnership=meeting.partnership,
                     data={"characters": len(minutes)})
    return meeting


def approve_minutes(*, by, meeting, approved_on=None, at_meeting=None, today=None):
    """Approve the draft minutes, at a later meeting of the partnership (`at_meeting`, its date the
    approval's) or by the CSP manager on `approved_on`. Approval publishes them and closes the record."""
    _require(by, meeting.partnership, Permission.GOVERNANCE_EDIT)
    today = today or timezone.localdate()
    with transaction.atomic():
        meeting = _lock(meeting)
        _check_held(meeting)
        if not meeting.minutes:
            raise ValidationError({"minutes": _("Write the minutes before approving them")})
        held_on = timezone.localtime(meeting.starts_at).date()
        if at_meeting is not None:
            if at_meeting.partnership_id != meeting.partnership_id or at_meeting.pk == meeting.pk:
                raise ValidationError({"at_meeting": _("Choose a later meeting of the partnership")})
            if at_meeting.starts_at <= meeting.starts_at:
                raise ValidationError({"at_meeting": _("Minutes are approved at a later meeting: %(other)s was not "
                                                       "after this one") % {"other": at_meeting}})
            if at_meeting.is_cancelled or not at_meeting.has_started():
                raise ValidationError({"at_meeting": _("%(other)s has not been held: minutes are approved at a "
                                                       "meeting that has taken place") % {"other": at_meeting}})
            approved_on = timezone.localtime(at_meeting.starts_at).date()
        elif approved_on is None:
            raise ValidationError({"approved_on": _("Enter the date the minutes were approved")})
        elif approved_on < held_on:
            raise ValidationError({"approved_on": _("Minutes cannot be approved before the meeting: it was on "
                                                    "%(day)s") % {"day": date_format(held_on, "j F Y")}})
        elif approved_on > today:
            raise ValidationError({"approved_on": _("The date of approval must be today or in the past")})
        meeting.minutes_approved_on, meeting.minutes_approved_at = approved_on, at_meeting
        meeting.minutes_approved_by = by
        meeting.save(update_fields=["minutes_approved_on", "minutes_approved_at", "minutes_approved_by"])
        _touched(meeting)
        audit.record(by=by, action="governance.minutes_approved", obj=meeting, partnership=meeting.partnership,
                     data={"approved_on": approved_on, "at_meeting": getattr(at_meeting, "pk", None)})
    return meeting


# Sending the plan to the Police and Crime Commissioner ------------------------------------------------------

def record_plan_sent(*, by, partnership, version, recipient, sent_on, method, today=None):
    _require(by, partnership, Permission.GOVERNANCE_EDIT)
    today = today or timezone.localdate()
    errors = {}
    if version.plan.partnership_id != partnership.pk:
        errors["version"] = _("Choose one of the partnership's published plans")
    elif PlanSubmission.objects.filter(version=version).exists():
        errors["version"] = _("Sending version %(number)s of %(plan)s is already recorded") % {
            "number": version.number, "plan": version.plan.title}
    elif sent_on < timezone.localtime(version.published_at).date():
        errors["sent_on"] = _("Version %(number)s was published on %(day)s: it cannot have been sent before") % {
            "number": version.number, "day": _day(version.published_at)}
    if sent_on > today:
        errors["sent_on"] = _("The date it was sent must be today or in the past")
    if method not in PlanSubmission.Method.values:
        errors["method"] = _("Choose how the plan was sent")
    if recipient not in set(directory_of(partnership)):
        errors["recipient"] = _("Choose the commissioner's office from the directory")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        submission = PlanSubmission.objects.create(partnership=partnership, version=version, recipient=recipient,
                                                   sent_on=sent_on, method=method, recorded_at=timezone.now(),
                                                   recorded_by=by)
        audit.record(by=by, action="governance.plan_sent", obj=submission, partnership=partnership,
                     data={"version": version.pk, "recipient": recipient.pk, "sent_on": sent_on, "method": method})
    return submission


def record_acknowledgement(*, by, submission, acknowledged_on, reference="", today=None):
    _require(by, submission.partnership, Permission.GOVERNANCE_EDIT)
    today = today or timezone.localdate()
    reference = _text(reference)
    errors = {}
    if acknowledged_on < submission.sent_on:
        errors["acknowledged_on"] = _("The plan was sent on %(day)s: it cannot have been acknowledged before") % {
            "day": date_format(submission.sent_on, "j F Y")}
    elif acknowledged_on > today:
        errors["acknowledged_on"] = _("The date of the acknowledgement must be today or in the past")
    _length(errors, "reference", reference, MAX_REFERENCE, _("The reference"))
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        submission = PlanSubmission.objects.select_for_update().get(pk=submission.pk)
        if submission.acknowledged_on is not None:
            raise ValidationError(_("The acknowledgement is already recorded"))
        submission.acknowledged_on, submission.acknowledgement_reference = acknowledged_on, reference
        submission.save(update_fields=["acknowledged_on", "acknowledgement_reference"])
        audit.record(by=by, action="governance.plan_acknowledged", obj=submission, partnership=submission.partnership,
                     data={"acknowledged_on": acknowledged_on})
    return submission
