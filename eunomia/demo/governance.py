"""Harrowdale's board and public meetings for the demo (ADR 64), dated from today:

- last year's March board meeting, which approved last year's plan (`approve_at_board_meeting`, called
  by the plans' builder in place of a plain approval, so the published plan links to it), its minutes
  approved at the next board meeting in June;
- this year's public meeting, held six weeks ago, its minutes approved by the CSP manager;
- the next public meeting, to come, for a resident to add to their calendar;
- last week's board meeting, with this year's draft plan on its agenda and draft minutes: the
  newcomer records its approval of the plan from the meeting's page once the plan's gaps are put right;
- last year's published plan sent to the Police and Crime Commissioner, and acknowledged.

Built through the real actions by the demo's CSP manager, so every step is audited as in use. No
person is named anywhere: attendance is by organisation."""

import datetime
import io

from django.utils import timezone
from docx import Document

from eunomia.core.periods import plan_period
from eunomia.demo.projects import PCC
from eunomia.governance import actions
from eunomia.governance.models import Decision
from eunomia.partners.models import Organisation
from eunomia.plans.models import PublishedVersion

CIVIC_CENTRE = "Committee Room 2, Civic Centre\nMarket Street\nHarrowdale\nHW1 2AB"
LIBRARY = "Harrowdale Library, Community Room\nStation Road\nHarrowdale\nHW1 3BA"
ACCESS = ("Step-free access from Station Road. A hearing loop is fitted. Questions for the partnership may be sent "
          "beforehand to csp@harrowdale.example.")
BOARD_MEMBERS = ("council", "police", "fire", "health", "probation", "harrowdale_homes", "county")


def _at(day, hour, minute=0):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


def _paper(title, paragraphs):
    """A short Word document, as a partnership's officers write their papers."""
    document = Document()
    document.add_heading(title, level=1)
    for paragraph in paragraphs:
        document.add_paragraph(paragraph)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _meeting(demo, partnership, *, kind, day, hours, place, title="", notes="", agenda=()):
    meeting = actions.schedule_meeting(by=demo.manager, partnership=partnership, kind=kind, title=title,
                                       starts_at=_at(day, *hours[0]), ends_at=_at(day, *hours[1]), place=place,
                                       public_notes=notes)
    items = {}
    for key, item_title, description in agenda:
        items[key] = actions.add_agenda_item(by=demo.manager, meeting=meeting, title=item_title,
                                             description=description)
    return meeting, items


def _board(demo, keys=BOARD_MEMBERS, apologies=("youth",)):
    return {"present": [demo.orgs[key] for key in keys if key not in apologies],
            "apologies": [demo.orgs[key] for key in apologies]}


def approve_at_board_meeting(demo, partnership, plan):
    """The board meeting in March before the plan's year, which approved `plan` (last year's)."""
    start, _ = plan_period(plan.start_year, partnership.year_start_month)
    meeting, items = _meeting(demo, partnership, kind="board", day=start - datetime.timedelta(days=24),
                              hours=((14, 0), (16, 0)), place=CIVIC_CENTRE, agenda=[
                                  ("minutes", "Minutes of the meeting in December", ""),
                                  ("plan", f"Partnership plan {plan.label}: for approval",
                                   "The draft plan, its priorities and the targets for the year."),
                                  ("funding", "Crime Reduction Grant for the coming year",
                                   "What the commissioner's office has said about next year's grant."),
                                  ("risks", "Risk register", "Reviewed every quarter.")])
    actions.attach_paper(by=demo.manager, meeting=meeting, agenda_item=items["plan"],
                         title=f"Partnership plan {plan.label}: draft for approval",
                         filename=f"partnership-plan-{plan.start_year}-draft.docx", content=_paper(
                             f"Partnership plan {plan.label}: draft for approval",
                             ["The draft plan keeps the three priorities of the strategic assessment.",
                              "The board is asked to approve the plan, so that it can be published and sent to "
                              "the Police and Crime Commissioner."]))
    actions.attach_paper(by=demo.manager, meeting=meeting, agenda_item=items["risks"], confidential=True,
                         title="Risk register, quarter 4", filename="risk-register-q4.docx", content=_paper(
                             "Risk register, quarter 4", ["Confidential to the board: contract negotiations."]))
    actions.set_attendance(by=demo.manager, meeting=meeting, **_board(demo))
    actions.record_plan_approval(by=demo.manager, meeting=meeting, plan=plan)
    actions.record_decision(by=demo.manager, meeting=meeting, text=(
        "Agreed to ask the Police and Crime Commissioner to keep the Crime Reduction Grant at this year's level."))
    actions.record_decision(by=demo.manager, meeting=meeting, confidential=True,
                            text="Agreed the approach to the renewal of the mediation contract.")
    actions.save_minutes(by=demo.manager, meeting=meeting, minutes=(
        "1. The minutes of the meeting in December were agreed as a true record.\n\n"
        f"2. The Community Safety Manager presented the draft partnership plan {plan.label}. Members asked how the "
        "targets for anti-social behaviour had been set; the analyst explained the baseline. The board approved "
        "the plan.\n\n"
        "3. The board discussed the Crime Reduction Grant and agreed to write to the commissioner's office.\n\n"
        "4. The risk register was reviewed. The item was taken in private."))
    return meeting


def build_governance_demo(demo, partnership, *, today=None):
    """Everything else of the demo's meetings, and the plan's sending to the PCC. Run after the plans:
    the March board meeting (approve_at_board_meeting) and last year's published plan exist."""
    today = today or timezone.localdate()
    manager = demo.manager
    last_start, _ = plan_period(demo.current - 1, partnership.year_start_month)

    march = Decision.objects.get(kind=Decision.Kind.PLAN_APPROVAL, plan__partnership=partnership,
                                 plan__start_year=demo.current - 1).meeting
    june, _ = _meeting(demo, partnership, kind="board", day=last_start + datetime.timedelta(days=70),
                       hours=((14, 0), (16, 0)), place=CIVIC_CENTRE, agenda=[
                           ("minutes", "Minutes of the meeting in March", ""),
                           ("performance", "The plan's first quarter", "Progress against the year's targets.")])
    actions.set_attendance(by=manager, meeting=june, **_board(demo, apologies=("probation",)))
    actions.save_minutes(by=manager, meeting=june, minutes=(
        "1. The minutes of the meeting in March were approved.\n\n"
        "2. The analyst presented the first quarter's figures. Reports of anti-social behaviour are below last "
        "year's; repeat callers are being contacted within two working days."))
    actions.approve_minutes(by=manager, meeting=march, at_meeting=june)
    actions.approve_minutes(by=manager, meeting=june, approved_on=last_start + datetime.timedelta(days=77))

    # This year's meeting in public, held six weeks ago.
    held = today - datetime.timedelta(days=42)
    public, items = _meeting(
        demo, partnership, kind="public", title="Annual meeting in public", day=held, hours=((18, 30), (20, 0)),
        place=LIBRARY, notes=ACCESS, agenda=[
            ("welcome", "Welcome, and what the partnership is", ""),
            ("plan", "What the partnership did last year, and its plan for this year", ""),
            ("questions", "Your questions", "Questions sent beforehand are answered first.")])
    actions.attach_paper(by=manager, meeting=public, agenda_item=items["plan"], title="The year in brief",
                         filename="the-year-in-brief.docx", content=_paper("The year in brief", [
                             "Fewer reports of anti-social behaviour, more people starting treatment for drug or "
                             "alcohol use, and a neighbour mediation service that resolved most of its cases."]))
    actions.set_attendance(by=manager, meeting=public, present=[demo.orgs[key] for key in (
        "council", "police", "fire", "harrowdale_homes", "watch")], apologies=[])
    actions.record_decision(by=manager, meeting=public, text=(
        "The partnership will report back at the next meeting in public on parking near the schools."))
    actions.save_minutes(by=manager, meeting=public, minutes=(
        "About forty residents came. The Community Safety Manager described last year's work and this year's "
        "priorities.\n\n"
        "Questions from residents were about parking near the schools at the start and end of the day, "
        "fly-tipping behind the shops on Station Road, and how to report anti-social behaviour online. The "
        "police and the council answered each; the partnership will report back on parking."))
    actions.approve_minutes(by=manager, meeting=public, approved_on=held + datetime.timedelta(days=14))

    # The next meeting in public, to come.
    coming = today + datetime.timedelta(days=120)
    _meeting(demo, partnership, kind="public", title="Meeting in public: safer streets", day=coming,
             hours=((18, 30), (20, 0)), place=LIBRARY, notes=ACCESS, agenda=[
                 ("welcome", "Welcome", ""),
                 ("parking", "Parking near the schools: what the partnership found", ""),
                 ("questions", "Your questions", "")])

    # Last week's board meeting: this year's plan on its agenda, its approval still to be recorded.
    last_week = today - datetime.timedelta(days=7)
    board, items = _meeting(demo, partnership, kind="board", day=last_week, hours=((14, 0), (16, 0)),
                            place=CIVIC_CENTRE, agenda=[
                                ("minutes", "Minutes of the last meeting", ""),
                                ("plan", "Partnership plan: this year's draft, for approval", ""),
                                ("pcc", "Last year's plan: sent to the Police and Crime Commissioner", "")])
    this_plan = partnership.plans.get(start_year=demo.current)
    actions.attach_paper(by=manager, meeting=board, agenda_item=items["plan"],
                         title=f"Partnership plan {this_plan.label}: draft for approval",
                         filename=f"partnership-plan-{this_plan.start_year}-draft.docx", content=_paper(
                             f"Partnership plan {this_plan.label}: draft for approval",
                             ["Two figures are still to be recorded before the plan can be published."]))
    actions.set_attendance(by=manager, meeting=board, **_board(demo))
    actions.save_minutes(by=manager, meeting=board, minutes=(
        "1. The minutes of the last meeting were approved.\n\n"
        "2. The board approved this year's draft plan, subject to the last figures being recorded."))

    # Last year's published plan, sent to the commissioner's office by email and acknowledged.
    version = PublishedVersion.objects.filter(plan__partnership=partnership, plan__start_year=demo.current - 1) \
        .defer("document", "pdf", "large_print_pdf", "docx").order_by("-number").first()
    sent_on = timezone.localtime(version.published_at).date()
    submission = actions.record_plan_sent(by=manager, partnership=partnership, version=version,
                                          recipient=Organisation.objects.get(name=PCC), sent_on=sent_on,
                                          method="email")
    actions.record_acknowledgement(by=manager, submission=submission, acknowledged_on=sent_on,
                                   reference=f"OPCC/CSP/{demo.current - 1}/017")
