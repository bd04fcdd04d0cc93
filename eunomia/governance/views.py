"""The partnership's meetings and the plan's sending to the PCC, for its members (ADR 64). Every member
who may read the plan reads them; the CSP manager (governance_edit) changes them. Every record is
fetched through the partnership's queries, so another partnership's is a 404."""

import io

from django.contrib import messages
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from eunomia.accounts.roles import Permission
from eunomia.audit import actions as audit
from eunomia.core.rendering import form_page, posted, showing_refusal_message
from eunomia.governance import actions, queries
from eunomia.governance.forms import (AcknowledgementForm, AgendaItemForm, ApproveMinutesForm, AttendanceForm,
                                      CancelForm, DecisionForm, MeetingForm, MinutesForm, PaperForm,
                                      PlanApprovalForm, PlanSentForm)
from eunomia.governance.models import Attendance, PartnershipMeeting
from eunomia.partners.access import partnership_view, require
from eunomia.partners.queries import directory_of
from eunomia.plans.models import PlanYear

NAV = "governance"


def _url(partnership, name, *args):
    return reverse(name, args=[partnership.slug, *args])


def _meeting(partnership, pk):
    return get_object_or_404(queries.meetings_in(partnership), pk=pk)


def _day(meeting):
    return date_format(timezone.localtime(meeting.starts_at).date(), "j F Y")


def _meeting_url(meeting, anchor=""):
    url = _url(meeting.partnership, "governance:meeting", meeting.pk)
    return f"{url}#{anchor}" if anchor else url


# The dashboard --------------------------------------------------------------------------------------------

@partnership_view(Permission.PLAN_VIEW, nav_section=NAV)
def dashboard(request, partnership):
    upcoming, past = queries.upcoming_and_past(queries.meetings_in(partnership))
    return render(request, "governance/dashboard.html", {
        "upcoming": upcoming, "past": past, "submissions": queries.submissions_in(partnership),
        "not_sent": list(queries.versions_not_sent(partnership)),
        "may_edit": queries.may_edit(request.user, partnership),
        "public_url": reverse("meetings:list", args=[partnership.slug])})


# Meetings -------------------------------------------------------------------------------------------------

def _meeting_initial(meeting):
    local_start, local_end = timezone.localtime(meeting.starts_at), timezone.localtime(meeting.ends_at)
    return {"kind": meeting.kind, "title": meeting.title, "day": local_start.date(),
            "start_time": local_start.time(), "end_time": local_end.time(), "place": meeting.place,
            "public_notes": meeting.public_notes}


@partnership_view(Permission.GOVERNANCE_EDIT, nav_section=NAV)
def meeting_new(request, partnership):
    kind = request.GET.get("kind")
    form = MeetingForm(posted(request), initial={"kind": kind if kind in PartnershipMeeting.Kind.values else None})
    if request.method == "POST" and form.is_valid():
        with form.showing_refusal():
            meeting = actions.schedule_meeting(by=request.user, partnership=partnership, **form.meeting_fields())
            messages.success(request, _("The meeting on %(day)s was added") % {"day": _day(meeting)})
            return redirect(_meeting_url(meeting))
    return form_page(request, form, page_title=_("Add a meeting"), back_url=_url(partnership, "governance:dashboard"))


@partnership_view(Permission.GOVERNANCE_EDIT, nav_section=NAV)
def meeting_edit(request, partnership, pk):
    meeting = _meeting(partnership, pk)
    form = MeetingForm(posted(request), initial=_meeting_initial(meeting))
    if request.method == "POST" and form.is_valid():
        with form.showing_refusal():
            actions.update_meeting(by=request.user, meeting=meeting, **form.meeting_fields())
            messages.success(request, _("The meeting was saved"))
            return redirect(_meeting_url(meeting))
    return form_page(request, form, page_title=_("Change the meeting"), caption=str(meeting),
                     back_url=_meeting_url(meeting))


@partnership_view(Permission.GOVERNANCE_EDIT, nav_section=NAV)
def meeting_cancel(request, partnership, pk):
    meeting = _meeting(partnership, pk)
    form = CancelForm(posted(request))
    if request.method == "POST" and form.is_valid():
        with form.showing_refusal():
            actions.cancel_meeting(by=request.user, meeting=meeting, reason=form.cleaned_data["reason"])
            messages.success(request, _("The meeting was cancelled: the public page and its calendar file say so"))
            return redirect(_meeting_url(meeting))
    return form_page(request, form, page_title=_("Cancel the meeting"), caption=str(meeting),
                     intro=_("A cancelled meeting stays listed, marked cancelled, so anyone who planned to come "
                             "finds out. Its calendar file cancels it in calendars that hold it."),
                     back_url=_meeting_url(meeting))


@partnership_view(Permission.PLAN_VIEW, nav_section=NAV)
def meeting_detail(request, partnership, pk):
    meeting = queries.meeting_with_record(queries.meetings_in(partnership), pk)
    if meeting is None:
        raise Http404
    attendance = list(meeting.attendance.all())
    may_edit = queries.may_edit(request.user, partnership)
    open_record = not meeting.record_closed and not meeting.is_cancelled
    return render(request, "governance/meeting.html", {
        "meeting": meeting, "agenda": list(meeting.agenda_items.all()), "papers": list(meeting.papers.all()),
        "present": [row.organisation for row in attendance if row.status == Attendance.Status.PRESENT],
        "apologies": [row.organisation for row in attendance if row.status == Attendance.Status.APOLOGIES],
        "decisions": list(meeting.decisions.all()), "may_edit": may_edit and open_record,
        "held": meeting.has_started(), "open_record": open_record,
        "may_record_plan_approval": (open_record and meeting.kind == PartnershipMeeting.Kind.BOARD
                                     and queries.may_record_plan_approval(request.user, partnership)),
        "public_url": reverse("meetings:meeting", args=[partnership.slug, meeting.pk]),
        "calendar_url": reverse("meetings:calendar", args=[partnership.slug, meeting.pk])})


# The agenda ----------------------------------------------------------------------------------------------

@partnership_view(Permission.GOVERNANCE_EDIT, nav_section=NAV)
def agenda_item_new(request, partnership, pk):
    meeting = _meeting(partnership, pk)
    form = AgendaItemForm(posted(request))
    if request.method == "POST" and form.is_valid():
        with form.showing_refusal():
            actions.add_agenda_item(by=request.user, meeting=meeting, **form.cleaned_data)
            messages.success(request, _("%(title)s was added to the agenda") % {"title": form.cleaned_data["title"]})
            return redirect(_meeting_url(meeting, "agenda"))
    return form_page(request, form, page_title=_("Add an agenda item"), caption=str(meeting),
                     back_url=_meeting_url(meeting, "agenda"))


@partnership_view(Permission.GOVERNANCE_EDIT, nav_section=NAV)
def agenda_item_edit(request, partnership, pk):
    item = get_object_or_404(queries.agenda_items_in(partnership), pk=pk)
    form = AgendaItemForm(posted(request), initial={"title": item.title, "description": item.description})
    if request.method == "POST" and form.is_valid():
        with form.showing_refusal():
            actions.update_agenda_item(by=request.user, item=item, **form.cleaned_data)
            messages.success(request, _("The agenda item was saved"))
            return redirect(_meeting_url(item.meeting, "agenda"))
    return form_page(request, form, page_title=_("Change the agenda item"), caption=str(item.meeting),
                     back_url=_meeting_url(item.meeting, "agenda"))


@require_POST
@partnership_view(Permission.GOVERNANCE_EDIT, nav_section=NAV)
def agenda_item_remove(request, partnership, pk):
    item = get_object_or_404(queries.agenda_items_in(partnership), pk=pk)
    with showing_refusal_message(request):
        actions.remove_agenda_item(by=request.user, item=item)
        messages.success(request, _("%(title)s was taken off the agenda") % {"title": item.title})
    return redirect(_meeting_url(item.meeting, "agenda"))


@require_POST
@partnership_view(Permission.GOVERNANCE_EDIT, nav_section=NAV)
def agenda_item_move(request, partnership, pk):
    item = get_object_or_404(queries.agenda_items_in(partnership), pk=pk)
    with showing_refusal_message(request):
        actions.move_agenda_item(by=request.user, item=item, direction=request.POST.get("direction", ""))
    return redirect(_meeting_url(item.meeting, "agenda"))


# Papers --------------------------------------------------------------------------------------------------

@partnership_view(Permission.GOVERNANCE_EDIT, nav_section=NAV)
def paper_new(request, partnership, pk):
    meeting = _meeting(partnership, pk)
    form = PaperForm(posted(request), request.FILES if request.method == "POST" else None,
                     items=meeting.agenda_items.all(), initial={"agenda_item": request.GET.get("item")})
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        # One byte past the limit is enough for the action to say the file is too large.
        content = upload.read(actions.MAX_PAPER_BYTES + 1)
        with form.showing_refusal():
            actions.attach_paper(by=request.user, meeting=meeting, title=form.cleaned_data["title"],
                                 filename=upload.name, content=content,
                                 confidential=form.cleaned_data["confidential"],
                                 agenda_item=form.cleaned_data["agenda_item"])
            messages.success(request, _("%(title)s was attached") % {"title": form.cleaned_data["title"]})
            return redirect(_meeting_url(meeting, "papers"))
    return form_page(request, form, page_title=_("Attach a paper"), caption=str(meeting),
                     back_url=_meeting_url(meeting, "papers"))


@partnership_view(Permission.PLAN_VIEW, nav_section=NAV)
def paper_download(request, partnership, pk):
    paper = get_object_or_404(queries.papers_in(partnership).defer(None), pk=pk)
    # A confidential paper may be read by members only: who read it is kept.
    audit.record(by=request.user, action="governance.paper_downloaded", obj=paper, partnership=partnership,
                 data={"meeting": paper.meeting_id, "confidential": paper.confidential})
    return FileResponse(io.BytesIO(bytes(paper.content)), as_attachment=True, filename=paper.filename,
                        content_type=paper.content_type)


@require_POST
@partnership_view(Permission.GOVERNANCE_EDIT, nav_section=NAV)
def paper_remove(request, partnership, pk):
    paper = get_object_or_404(queries.papers_in(partnership), pk=pk)
    with showing_refusal_message(request):
        actions.remove_paper(by=request.user, paper=paper)
        messages.success(request, _("%(title)s was removed") % {"title": paper.title})
    return redirect(_meeting_url(paper.meeting, "papers"))


# What happened ---------------------------------------------------------------------------------------------

@partnership_view(Permission.GOVERNANCE_EDIT, nav_section=NAV)
def attendance(request, partnership, pk):
    meeting = _meeting(partnership, pk)
    rows = list(meeting.attendance.all())
    initial = {"present": [r.organisation_id for r in rows if r.status == Attendance.Status.PRESENT],
               "apologies": [r.organisation_id for r in rows if r.status == Attendance.Status.APOLOGIES]}
    form = AttendanceForm(posted(request), organisations=directory_of(partnership), initial=initial)
    if request.method == "POST" and form.is_valid():
        with form.showing_refusal():
            actions.set_attendance(by=request.user, meeting=meeting, **form.cleaned_data)
            messages.success(request, _("Who came was saved"))
            return redirect(_meeting_url(meeting, "attendance"))
    return form_page(request, form, page_title=_("Who came"), caption=str(meeting),
                     intro=_("The organisations represented, and those that sent apologies. Published with the "
                             "minutes once they are approved."),
                     back_url=_meeting_url(meeting, "attendance"))


@partnership_view(Permission.GOVERNANCE_EDIT, nav_section=NAV)
def decision_new(request, partnership, pk):
    meeting = _meeting(partnership, pk)
    form = DecisionForm(posted(request), plans=PlanYear.objects.filter(partnership=partnership))
    if request.method == "POST" and form.is_valid():
        with form.showing_refusal():
            actions.record_decision(by=request.user, meeting=meeting, **form.cleaned_data)
            messages.success(request, _("The decision was recorded"))
            return redirect(_meeting_url(meeting, "decisions"))
    return form_page(request, form, page_title=_("Record a decision"), caption=str(meeting),
                     back_url=_meeting_url(meeting, "decisions"))


@require_POST
@partnership_view(Permission.GOVERNANCE_EDIT, nav_section=NAV)
def decision_remove(request, partnership, pk):
    decision = get_object_or_404(queries.decisions_in(partnership), pk=pk)
    with showing_refusal_message(request):
        actions.remove_decision(by=request.user, decision=decision)
        messages.success(request, _("The decision was removed"))
    return redirect(_meeting_url(decision.meeting, "decisions"))


@partnership_view(Permission.GOVERNANCE_EDIT, nav_section=NAV)
def plan_approval(request, partnership, pk):
    meeting = _meeting(partnership, pk)
    require(request.user, Permission.PLAN_APPROVE, partnership=partnership)
    plans = queries.plans_to_approve(partnership)
    form = PlanApprovalForm(posted(request), plans=plans)
    if request.method == "POST" and form.is_valid():
        with form.showing_refusal():
            decision = actions.record_plan_approval(by=request.user, meeting=meeting, plan=form.cleaned_data["plan"])
            messages.success(request, _("%(plan)s is approved, at this meeting") % {"plan": decision.plan.title})
            return redirect(_meeting_url(meeting, "decisions"))
    # The board approved the plan as it stood at the meeting: a change made since is worth a second look.
    changed_since = [plan for plan in plans if plan.edited_at > meeting.starts_at]
    return form_page(request, form, page_title=_("Record that the meeting approved a plan"), caption=str(meeting),
                     template="governance/plan_approval.html", changed_since=changed_since,
                     back_url=_meeting_url(meeting, "decisions"))


@partnership_view(Permission.GOVERNANCE_EDIT, nav_section=NAV)
def minutes(request, partnership, pk):
    meeting = _meeting(partnership, pk)
    form = MinutesForm(posted(request), initial={"minutes": meeting.minutes})
    if request.method == "POST" and form.is_valid():
        with form.showing_refusal():
            actions.save_minutes(by=request.user, meeting=meeting, minutes=form.cleaned_data["minutes"])
            messages.success(request, _("The draft minutes were saved"))
            return redirect(_meeting_url(meeting, "minutes"))
    return form_page(request, form, page_title=_("Draft minutes"), caption=str(meeting),
                     intro=_("Draft minutes are seen by the partnership's members only. They are published when "
                             "they are approved, and cannot change after that."),
                     back_url=_meeting_url(meeting, "minutes"))


@partnership_view(Permission.GOVERNANCE_EDIT, nav_section=NAV)
def minutes_approve(request, partnership, pk):
    meeting = _meeting(partnership, pk)
    form = ApproveMinutesForm(posted(request), later_meetings=queries.later_meetings_held(meeting))
    if request.method == "POST" and form.is_valid():
        with form.showing_refusal():
            actions.approve_minutes(by=request.user, meeting=meeting, **form.approval())
            messages.success(request, _("The minutes are approved and published"))
            return redirect(_meeting_url(meeting, "minutes"))
    return form_page(request, form, page_title=_("Approve the minutes"), caption=str(meeting),
                     intro=_("Approved minutes are published with the meeting's decisions and who came, and the "
                             "meeting's record closes: nothing of it can change after."),
                     back_url=_meeting_url(meeting, "minutes"))


# Sending the plan to the PCC ----------------------------------------------------------------------------------

@partnership_view(Permission.GOVERNANCE_EDIT, nav_section=NAV)
def plan_sent_new(request, partnership):
    form = PlanSentForm(posted(request), versions=queries.versions_not_sent(partnership),
                        organisations=directory_of(partnership), initial={"version": request.GET.get("version")})
    if request.method == "POST" and form.is_valid():
        with form.showing_refusal():
            actions.record_plan_sent(by=request.user, partnership=partnership, **form.cleaned_data)
            messages.success(request, _("The sending of the plan to the commissioner was recorded"))
            return redirect(_url(partnership, "governance:dashboard") + "#pcc")
    return form_page(request, form, page_title=_("Record sending the plan to the Police and Crime Commissioner"),
                     back_url=_url(partnership, "governance:dashboard") + "#pcc")


@partnership_view(Permission.GOVERNANCE_EDIT, nav_section=NAV)
def acknowledgement(request, partnership, pk):
    submission = get_object_or_404(queries.submissions_in(partnership), pk=pk)
    form = AcknowledgementForm(posted(request))
    if request.method == "POST" and form.is_valid():
        with form.showing_refusal():
            actions.record_acknowledgement(by=request.user, submission=submission, **form.cleaned_data)
            messages.success(request, _("The commissioner's acknowledgement was recorded"))
            return redirect(_url(partnership, "governance:dashboard") + "#pcc")
    return form_page(request, form, page_title=_("Record the commissioner's acknowledgement"),
                     caption=_("%(plan)s, version %(number)s") % {"plan": submission.version.plan.title,
                                                                  "number": submission.version.number},
                     back_url=_url(partnership, "governance:dashboard") + "#pcc")
