from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from eunomia.accounts.permissions import organisations_of
from eunomia.accounts.roles import Permission
from eunomia.audit import actions as audit
from eunomia.casework.queries import cases_visible_to
from eunomia.core.paging import page_of
from eunomia.core.rendering import form_page, posted, showing_refusal_message
from eunomia.partners.access import partnership_view
from eunomia.partners.models import Organisation
from eunomia.partners.queries import acting_organisation, seats_in
from eunomia.taskgroup import actions, queries
from eunomia.taskgroup.forms import ActionForm, MeetingForm, MinutesForm
from eunomia.taskgroup.models import MeetingAction


@partnership_view(Permission.CASE_VIEW, nav_section="casework")
def meeting_list(request, partnership):
    page = page_of(queries.meetings_visible_to(request.user, partnership), request.GET.get("page"), per_page=50)
    return render(request, "taskgroup/list.html", {
        "meetings": list(page.object_list), "page": page,
        "open_actions": queries.open_actions_of(request.user, partnership)})


@partnership_view(Permission.CASE_EDIT, nav_section="casework")
def meeting_new(request, partnership):
    organisations = Organisation.objects.filter(pk__in=[s.organisation_id for s in seats_in(partnership)])
    cases = cases_visible_to(request.user, partnership).filter(status="open")
    form = MeetingForm(posted(request), organisations=organisations, cases=cases)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        own = acting_organisation(request.user, partnership)
        with form.showing_refusal():
            meeting = actions.create_meeting(by=request.user, partnership=partnership, organisation=own,
                                             held_on=data["held_on"], title=data["title"],
                                             attendees=data["attendees"], cases=data["cases"])
            messages.success(request, "The meeting was recorded")
            return redirect("taskgroup:meeting", partnership.slug, meeting.pk)
    return form_page(request, form, page_title="Record an ASB Task Group meeting")


def _meeting(request, partnership, pk):
    return get_object_or_404(queries.meetings_visible_to(request.user, partnership), pk=pk)


def _chairs(request, partnership, meeting):
    return meeting.owner_organisation_id in organisations_of(request.user, partnership)


def _meeting_to_change(request, partnership, pk):
    """The meeting if the reader's organisation attended (else 404); its minutes and actions are the
    chairing organisation's to write, as a case is its owner's to change (403 to other attendees)."""
    meeting = _meeting(request, partnership, pk)
    if not _chairs(request, partnership, meeting):
        raise PermissionDenied
    return meeting


@partnership_view(Permission.CASE_VIEW, nav_section="casework")
def meeting_detail(request, partnership, pk):
    meeting = _meeting(request, partnership, pk)
    visible = cases_visible_to(request.user, partnership)
    cases = list(meeting.cases.filter(pk__in=visible.values("id")))
    hidden = meeting.cases.count() - len(cases)
    audit.record(by=request.user, action="taskgroup.meeting_viewed", obj=meeting, partnership=partnership,
                 data={"cases": [c.pk for c in cases]})
    return render(request, "taskgroup/detail.html", {
        "meeting": meeting, "cases": cases, "hidden_cases": hidden,
        "actions": meeting.actions.select_related("organisation", "case"),
        "minutes_form": MinutesForm(initial={"minutes": meeting.minutes}),
        "action_form": ActionForm(meeting=meeting), "today": timezone.localdate(),
        "chair": _chairs(request, partnership, meeting)})


@require_POST
@partnership_view(Permission.CASE_EDIT, nav_section="casework")
def meeting_minutes(request, partnership, pk):
    meeting = _meeting_to_change(request, partnership, pk)
    form = MinutesForm(request.POST)
    if form.is_valid():
        actions.save_minutes(by=request.user, meeting=meeting, minutes=form.cleaned_data["minutes"])
        messages.success(request, "The minutes were saved")
    return redirect("taskgroup:meeting", partnership.slug, meeting.pk)


@partnership_view(Permission.CASE_EDIT, nav_section="casework")
def meeting_action_new(request, partnership, pk):
    meeting = _meeting_to_change(request, partnership, pk)
    form = ActionForm(posted(request), meeting=meeting)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        with form.showing_refusal():
            actions.add_action(by=request.user, meeting=meeting, organisation=data["organisation"],
                               description=data["description"], due_on=data["due_on"])
            messages.success(request, "The action was added")
            return redirect("taskgroup:meeting", partnership.slug, meeting.pk)
    return form_page(request, form, page_title="Add an action", caption=str(meeting))


@require_POST
@partnership_view(Permission.CASE_EDIT, nav_section="casework")
def meeting_action_done(request, partnership, pk, action_pk):
    meeting = _meeting_to_change(request, partnership, pk)
    action = get_object_or_404(MeetingAction, meeting=meeting, pk=action_pk)
    with showing_refusal_message(request):
        actions.complete_action(by=request.user, action=action, done_on=timezone.localdate())
        messages.success(request, "The action was marked done")
    return redirect("taskgroup:meeting", partnership.slug, meeting.pk)
