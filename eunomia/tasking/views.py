from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from eunomia.accounts.permissions import has_permission
from eunomia.accounts.roles import Permission
from eunomia.core.rendering import form_page, posted, showing_refusal_message
from eunomia.partners.access import partnership_view
from eunomia.partners.queries import organisations_in
from eunomia.plans.models import Action
from eunomia.tasking import actions, queries
from eunomia.tasking.alerts import current_alerts
from eunomia.tasking.forms import (CompleteForm, GroupItemForm, GroupItemUpdateForm, GroupNoteForm, IssueForm,
                                   MeetingForm, NotesForm, TaskForm, TaskUpdateForm)
from eunomia.tasking.rollup import rolled_up_status

NAV = "tasking"


# Dashboard and meetings ------------------------------------------------------------------------

@partnership_view(Permission.PLAN_VIEW, nav_section=NAV)
def dashboard(request, partnership):
    organisations = organisations_in(partnership)
    chosen, problem = None, ""
    wanted = request.GET.get("organisation", "")
    if wanted:
        chosen = organisations.filter(pk=wanted).first() if wanted.isdigit() else None
        if chosen is None:
            problem = "That organisation is not a member of the partnership: showing every organisation's tasks"
    today = timezone.localdate()
    tasks = list(queries.open_tasks(partnership, organisation=chosen, today=today))
    return render(request, "tasking/dashboard.html", {
        "tasks": tasks, "overdue_count": sum(t.is_overdue(today) for t in tasks), "today": today,
        "organisations": organisations, "chosen": chosen, "filter_problem": problem,
        "meetings": queries.meetings_in(partnership)[:12], "groups": queries.groups_in(partnership)})


@partnership_view(Permission.TASKING_EDIT, nav_section=NAV)
def meeting_new(request, partnership):
    form = MeetingForm(posted(request), organisations=organisations_in(partnership))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        with form.showing_refusal():
            meeting = actions.record_meeting(
                by=request.user, partnership=partnership, held_on=data["held_on"],
                chair_organisation=data["chair_organisation"], attendees=data["attendees"], notes=data["notes"])
            messages.success(request, "The meeting was recorded")
            return redirect("tasking:meeting", partnership.slug, meeting.pk)
    return form_page(request, form, page_title="Record a tasking meeting",
                     back_url=_url(partnership, "tasking:dashboard"))


def _url(partnership, name, *args):
    from django.urls import reverse

    return reverse(name, args=[partnership.slug, *args])


def _meeting(partnership, pk):
    return get_object_or_404(queries.meetings_in(partnership), pk=pk)


@partnership_view(Permission.PLAN_VIEW, nav_section=NAV)
def meeting_detail(request, partnership, pk):
    meeting = _meeting(partnership, pk)
    return render(request, "tasking/meeting.html", {
        "meeting": meeting, "issues": meeting.issues.select_related("raised_by_organisation"),
        "tasks": meeting.tasks.select_related("organisation", "issue"), "today": timezone.localdate()})


@partnership_view(Permission.TASKING_EDIT, nav_section=NAV)
def meeting_notes(request, partnership, pk):
    meeting = _meeting(partnership, pk)
    form = NotesForm(posted(request), initial={"notes": meeting.notes})
    if request.method == "POST" and form.is_valid():
        actions.save_meeting_notes(by=request.user, meeting=meeting, notes=form.cleaned_data["notes"])
        messages.success(request, "The notes were saved")
        return redirect("tasking:meeting", partnership.slug, meeting.pk)
    return form_page(request, form, page_title="Notes of the meeting", caption=str(meeting),
                     back_url=_url(partnership, "tasking:meeting", meeting.pk))


@partnership_view(Permission.TASKING_EDIT, nav_section=NAV)
def issue_new(request, partnership, pk):
    meeting = _meeting(partnership, pk)
    form = IssueForm(posted(request), organisations=organisations_in(partnership))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        with form.showing_refusal():
            actions.raise_issue(by=request.user, meeting=meeting, organisation=data["organisation"],
                                title=data["title"], description=data["description"])
            messages.success(request, "The issue was raised")
            return redirect("tasking:meeting", partnership.slug, meeting.pk)
    return form_page(request, form, page_title="Raise an issue of concern", caption=str(meeting),
                     back_url=_url(partnership, "tasking:meeting", meeting.pk))


@partnership_view(Permission.TASKING_EDIT, nav_section=NAV)
def meeting_alerts(request, partnership, pk):
    """The assessment's rising places, each one click from being raised as an issue."""
    meeting = _meeting(partnership, pk)
    alerts, reason = current_alerts(partnership)
    if request.method == "POST":
        alert = next((a for a in alerts if a["key"] == request.POST.get("alert")), None)
        if alert is None:
            messages.error(request, "That alert is no longer in the assessment: choose one of those listed")
        else:
            with showing_refusal_message(request):
                actions.raise_alert(by=request.user, meeting=meeting, alert=alert)
                messages.success(request, f"Raised: {alert['title']}")
                return redirect("tasking:meeting", partnership.slug, meeting.pk)
        return redirect("tasking:alerts", partnership.slug, meeting.pk)
    raised = set(meeting.issues.filter(source="assessment_alert").values_list("alert__key", flat=True))
    return render(request, "tasking/alerts.html", {"meeting": meeting, "alerts": alerts, "reason": reason,
                                                   "raised": raised})


@partnership_view(Permission.TASKING_EDIT, nav_section=NAV)
def task_new(request, partnership, pk):
    meeting = _meeting(partnership, pk)
    form = TaskForm(posted(request), organisations=organisations_in(partnership), meeting=meeting,
                    initial={"issue": request.GET.get("issue")})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        with form.showing_refusal():
            actions.set_task(by=request.user, meeting=meeting, organisation=data["organisation"],
                             description=data["description"], due_on=data["due_on"],
                             issue=data["issue"])
            messages.success(request, "The task was set")
            return redirect("tasking:meeting", partnership.slug, meeting.pk)
    return form_page(request, form, page_title="Task a partner organisation", caption=str(meeting),
                     back_url=_url(partnership, "tasking:meeting", meeting.pk))


# Tasks -----------------------------------------------------------------------------------------

def _task(partnership, pk):
    return get_object_or_404(queries.tasks_in(partnership), pk=pk)


def _task_to_change(request, partnership, pk):
    """The task (404 if not this partnership's); a partner practitioner may change only their own
    organisation's tasks (403 otherwise), as an owner writes its own case."""
    task = _task(partnership, pk)
    if not queries.may_change(request.user, partnership, task):
        raise PermissionDenied
    return task


@partnership_view(Permission.PLAN_VIEW, nav_section=NAV)
def task_detail(request, partnership, pk):
    task = _task(partnership, pk)
    return render(request, "tasking/task.html", {
        "task": task, "updates": task.updates.all(), "overdue": task.is_overdue(),
        "may_change": queries.may_change(request.user, partnership, task)})


@partnership_view(Permission.PLAN_VIEW, nav_section=NAV)
def task_update(request, partnership, pk):
    task = _task_to_change(request, partnership, pk)
    form = TaskUpdateForm(posted(request))
    if request.method == "POST" and form.is_valid():
        with form.showing_refusal():
            actions.add_task_update(by=request.user, task=task, note=form.cleaned_data["note"])
            messages.success(request, "The update was added")
            return redirect("tasking:task", partnership.slug, task.pk)
    return form_page(request, form, page_title="Add a progress update", caption=task.description,
                     back_url=_url(partnership, "tasking:task", task.pk))


@partnership_view(Permission.PLAN_VIEW, nav_section=NAV)
def task_complete(request, partnership, pk):
    task = _task_to_change(request, partnership, pk)
    form = CompleteForm(posted(request), initial={"completed_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        with form.showing_refusal():
            actions.complete_task(by=request.user, task=task, completed_on=data["completed_on"],
                                  result=data["result"])
            messages.success(request, "The task was completed")
            return redirect("tasking:task", partnership.slug, task.pk)
    return form_page(request, form, page_title="Complete the task", caption=task.description,
                     back_url=_url(partnership, "tasking:task", task.pk))


# Working groups ----------------------------------------------------------------------------------

@partnership_view(Permission.PLAN_VIEW, nav_section=NAV)
def group_list(request, partnership):
    return render(request, "tasking/groups.html", {"groups": queries.groups_in(partnership)})


def _group(partnership, pk):
    return get_object_or_404(queries.groups_in(partnership), pk=pk)


@partnership_view(Permission.PLAN_VIEW, nav_section=NAV)
def group_detail(request, partnership, pk):
    group = _group(partnership, pk)
    today = timezone.localdate()
    plan_rows = [{"action": action, "rolled_up": rolled_up_status(action.group_items.all(), today=today)}
                 for action in queries.group_actions(group)]
    for row in plan_rows:
        row["label"] = Action.Status(row["rolled_up"]).label if row["rolled_up"] else ""
    items = list(group.plan_items.select_related("owner_organisation", "plan_action").prefetch_related("updates"))
    for item in items:
        item.may_change = queries.may_change(request.user, partnership, item)
    return render(request, "tasking/group.html", {
        "group": group, "items": items, "plan_rows": plan_rows, "today": today,
        "notes": group.meeting_notes.all(),
        "may_apply": has_permission(request.user, Permission.PLAN_EDIT, partnership=partnership)})


@partnership_view(Permission.TASKING_EDIT, nav_section=NAV)
def group_item_new(request, partnership, pk):
    group = _group(partnership, pk)
    plan = queries.current_plan(partnership)
    plan_actions_offered = (plan.actions.select_related("plan") if plan else Action.objects.none())
    form = GroupItemForm(posted(request), organisations=organisations_in(partnership),
                         plan_actions=plan_actions_offered)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        with form.showing_refusal():
            actions.add_group_item(
                    by=request.user, group=group, title=data["title"], owner_organisation=data["owner_organisation"],
                    due_on=data["due_on"], plan_action=data["plan_action"])
            messages.success(request, "The item was added to the group's action plan")
            return redirect("tasking:group", partnership.slug, group.pk)
    return form_page(request, form, page_title="Add to the action plan", caption=group.name,
                     back_url=_url(partnership, "tasking:group", group.pk))


@partnership_view(Permission.TASKING_EDIT, nav_section=NAV)
def group_notes_new(request, partnership, pk):
    group = _group(partnership, pk)
    form = GroupNoteForm(posted(request), initial={"held_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        with form.showing_refusal():
            actions.add_group_meeting_note(by=request.user, group=group, held_on=data["held_on"],
                                           notes=data["notes"])
            messages.success(request, "The meeting notes were added")
            return redirect("tasking:group", partnership.slug, group.pk)
    return form_page(request, form, page_title="Add meeting notes", caption=group.name,
                     back_url=_url(partnership, "tasking:group", group.pk))


@partnership_view(Permission.PLAN_VIEW, nav_section=NAV)
def group_item_update(request, partnership, pk):
    item = get_object_or_404(queries.items_in(partnership), pk=pk)
    if not queries.may_change(request.user, partnership, item):
        raise PermissionDenied
    form = GroupItemUpdateForm(posted(request), initial={"status": item.status})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        with form.showing_refusal():
            actions.update_group_item(by=request.user, item=item, status=data["status"],
                                      note=data["note"])
            messages.success(request, "The update was added")
            return redirect("tasking:group", partnership.slug, item.working_group_id)
    return form_page(request, form, page_title="Update the item", caption=item.title,
                     back_url=_url(partnership, "tasking:group", item.working_group_id))


@require_POST
@partnership_view(Permission.PLAN_EDIT, nav_section=NAV)
def apply_rollup(request, partnership, pk):
    """Write an action's rolled-up status to the plan, through the plan's own action (ADR 0030)."""
    action = get_object_or_404(queries.plan_actions_in(partnership), pk=pk)
    group = action.group_items.values_list("working_group_id", flat=True).first() or action.priority.working_group_id
    before = action.status
    with showing_refusal_message(request):
        actions.apply_rollup(by=request.user, action=action)
        if action.status == before:
            messages.success(request, f"The plan already says {action.get_status_display().lower()}")
        else:
            messages.success(request, f"The plan now says {action.get_status_display().lower()} for {action.title}")
    # Back to where the button was: the plan's page, the action's page, or the working group's.
    back = request.POST.get("back")
    if back == "plan":
        return redirect(_url(partnership, "plans:detail", action.plan.start_year) + f"#action-{action.pk}")
    if back == "action":
        return redirect("plans:action_edit", partnership.slug, action.plan.start_year, action.pk)
    if group:
        return redirect("tasking:group", partnership.slug, group)
    return redirect("tasking:groups", partnership.slug)
