"""For the tests of the partnership's meetings (ADR 64) and the shared tests that visit every URL: the
clerk who keeps them (a CSP manager), meetings held and to come, and one of each record, with the
URL parameters of every governance page."""

import datetime

from django.utils import timezone

from eunomia.accounts.models import Membership, User
from eunomia.governance import actions
from eunomia.plans.models import PublishedVersion

PDF = b"%PDF-1.7\n% a meeting paper\n"


def clerk(partnership, organisation):
    """The partnership's CSP manager who keeps its meetings, made if need be."""
    email = f"governance.clerk.{partnership.slug}@eunomia.test"
    user = User.objects.filter(email=email).first() or User.objects.create_user(email, "not-used-to-sign-in",
                                                                                full_name="Meetings clerk")
    Membership.objects.get_or_create(user=user, partnership=partnership, organisation=organisation,
                                     role="csp_manager")
    return user


def at(day, hour, minute=0):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


def schedule(by, partnership, *, kind="public", days=-10, hours=(18, 20), **fields):
    """A meeting `days` from today (before it if negative), from and to the hours given."""
    day = timezone.localdate() + datetime.timedelta(days=days)
    fields.setdefault("place", "Town Hall\nTestvale TV1 1AA")
    return actions.schedule_meeting(by=by, partnership=partnership, kind=kind, starts_at=at(day, hours[0]),
                                    ends_at=at(day, hours[1]), **fields)


def bare_version(plan):
    """A published version of `plan` without its document or files: enough for a record to name it
    (publishing for real builds three files, and the tests that need one only address it)."""
    published_at = timezone.now() - datetime.timedelta(days=3)
    return PublishedVersion.objects.create(plan=plan, number=1, published_at=published_at, document={}, pdf=b"",
                                           large_print_pdf=b"", docx=b"")


def governance_objects(partnership, organisation, *, version):
    """One of each record, by name: a board meeting held ten days ago with its agenda item, paper,
    decision, attendance and draft minutes; and `version` recorded as sent to the PCC, not yet
    acknowledged."""
    by = clerk(partnership, organisation)
    meeting = schedule(by, partnership, kind="board", hours=(14, 16))
    item = actions.add_agenda_item(by=by, meeting=meeting, title="The plan")
    paper = actions.attach_paper(by=by, meeting=meeting, title="Draft plan", filename="plan.pdf", content=PDF,
                                 agenda_item=item)
    decision = actions.record_decision(by=by, meeting=meeting, text="Agreed to consult residents")
    actions.set_attendance(by=by, meeting=meeting, present=[organisation], apologies=[])
    actions.save_minutes(by=by, meeting=meeting, minutes="The board met.")
    submission = actions.record_plan_sent(by=by, partnership=partnership, version=version, recipient=organisation,
                                          sent_on=timezone.localtime(version.published_at).date(), method="email")
    return {"meeting": meeting, "item": item, "paper": paper, "decision": decision, "submission": submission}


# Which record each URL's <pk> names.
URL_OBJECTS = {
    "meeting": ["meeting", "meeting_edit", "meeting_cancel", "agenda_item_new", "paper_new", "attendance",
                "decision_new", "plan_approval", "minutes", "minutes_approve"],
    "item": ["agenda_item_edit", "agenda_item_remove", "agenda_item_move"],
    "paper": ["paper", "paper_remove"],
    "decision": ["decision_remove"],
    "submission": ["acknowledgement"],
}


def governance_url_kwargs(objects):
    """The URL parameters of every governance page, staff and public, by URL name."""
    kwargs = {f"governance:{name}": {"pk": objects[key].pk} for key, names in URL_OBJECTS.items() for name in names}
    meeting = objects["meeting"].pk
    kwargs |= {"meetings:meeting": {"pk": meeting}, "meetings:calendar": {"pk": meeting},
               "meetings:paper": {"pk": meeting, "paper_pk": objects["paper"].pk}}
    return kwargs


def meeting_posted(**fields):
    """A meeting's form, filled in well: a public meeting thirty days from today."""
    day = timezone.localdate() + datetime.timedelta(days=30)
    return {"kind": "public", "title": "Meeting in public", "day": day.isoformat(), "start_time": "18:30",
            "end_time": "20:00", "place": "Town Hall", "public_notes": "", **fields}


# Bad input each governance form must refuse: (address under /p/<slug>/governance/, what is posted, the
# field the error summary links to, the message). {meeting} and the rest name governance_objects' records.
BAD_FORMS = [
    ("meetings/new/", meeting_posted(end_time="18:00"), "id_end_time", "The meeting must finish after it starts"),
    ("meetings/{meeting}/edit/", meeting_posted(place=" "), "id_place", "Say where the meeting is, with the address"),
    ("meetings/{meeting}/cancel/", {"reason": ""}, "id_reason",
     "Say why the meeting is cancelled: the public page shows it"),
    ("meetings/{meeting}/agenda/new/", {"title": ""}, "id_title", "Enter the agenda item's title"),
    ("agenda/{item}/", {"title": "x" * 301}, "id_title", "Title must be 300 characters or fewer"),
    ("meetings/{meeting}/papers/new/", {"title": "Paper"}, "id_file", "Choose the file to attach"),
    ("meetings/{meeting}/attendance/", {"present": "{organisation}", "apologies": "{organisation}"},
     "id_apologies_1", "{organisation_name} cannot be both present and sending apologies: choose one"),
    ("meetings/{meeting}/decisions/new/", {"text": " "}, "id_text", "Write what the meeting decided"),
    ("meetings/{meeting}/minutes/", {"minutes": "m" * 50_001}, "id_minutes",
     "Minutes must be 50,000 characters or fewer"),
    ("meetings/{meeting}/minutes/approve/", {"approved_by": "manager", "approved_on": "2999-01-01"},
     "id_approved_on", "The date of approval must be today or in the past"),
    ("meetings/{meeting}/plan-approval/", {}, "id_plan_1", "Choose the plan the meeting approved"),
    ("pcc/new/", {"recipient": "{organisation}", "sent_on": "2025-06-01", "method": "email"}, "id_version",
     "Choose the published version that was sent"),
    ("pcc/{submission}/acknowledgement/", {"acknowledged_on": "2025-13-01"}, "id_acknowledged_on",
     "Enter the date of the acknowledgement as a real date, like 2026-11-24"),
]


def bad_form(row, objects, organisation):
    """The address, body, field and message of a BAD_FORMS row, for governance_objects' records."""
    path, posted, field_id, message = row
    names = {key: record.pk for key, record in objects.items()} | {"organisation": organisation.pk}
    return (path.format(**names), {name: value.format(**names) for name, value in posted.items()}, field_id,
            message.format(organisation_name=organisation.name))
