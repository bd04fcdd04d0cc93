"""Reads of tasking and the working groups' action plans. They hold no personal data (ADR 0029),
so every member who may read the plan may read them all; what a member may change is decided by
`may_change` (the tasked or owning organisation, for a partner practitioner)."""

from django.db.models import Case, IntegerField, Q, Value, When
from django.utils import timezone

from eunomia.accounts.permissions import has_permission
from eunomia.accounts.roles import Permission
from eunomia.core.periods import year_containing
from eunomia.partners.models import WorkingGroup
from eunomia.plans.models import Action, PlanYear
from eunomia.tasking.models import GroupItem, Issue, Task, TaskingMeeting


def meetings_in(partnership):
    return TaskingMeeting.objects.filter(partnership=partnership).select_related("chair_organisation")


def issues_in(partnership):
    return Issue.objects.filter(meeting__partnership=partnership)


def tasks_in(partnership):
    return Task.objects.filter(partnership=partnership).select_related("organisation", "meeting", "issue")


def tasks_visible_to(user, partnership):
    """The tasks `user` reads: every one, for a member who may read the plan (as the pages show them)."""
    tasks = tasks_in(partnership)
    return tasks if has_permission(user, Permission.PLAN_VIEW, partnership=partnership) else tasks.none()


def issues_visible_to(user, partnership):
    issues = issues_in(partnership)
    return issues if has_permission(user, Permission.PLAN_VIEW, partnership=partnership) else issues.none()


def open_tasks(partnership, *, organisation=None, today=None):
    """Open tasks, the overdue ones first (oldest due first), then the rest by due date."""
    today = today or timezone.localdate()
    tasks = tasks_in(partnership).filter(completed_on__isnull=True)
    if organisation is not None:
        tasks = tasks.filter(organisation=organisation)
    overdue = Case(When(due_on__lt=today, then=Value(0)), default=Value(1), output_field=IntegerField())
    return tasks.annotate(not_overdue=overdue).order_by("not_overdue", "due_on", "id")


def overdue_tasks(*, today=None):
    """Every open task past its due date, in every partnership (for the reminders)."""
    today = today or timezone.localdate()
    return Task.objects.filter(completed_on__isnull=True, due_on__lt=today).select_related("organisation", "partnership")


def groups_in(partnership):
    return WorkingGroup.objects.filter(partnership=partnership).select_related("lead_organisation")


def items_in(partnership):
    return GroupItem.objects.filter(working_group__partnership=partnership).select_related(
        "working_group", "owner_organisation", "plan_action")


def plan_actions_in(partnership):
    """The actions of every one of the partnership's plans, whose status a roll-up may write."""
    return Action.objects.filter(plan__partnership=partnership).select_related("plan")


def may_change(user, partnership, obj):
    """Partnership-wide tasking editors change anything; a partner practitioner only what is their
    organisation's (a task given to it, a group item it owns)."""
    return has_permission(user, Permission.TASKING_EDIT, partnership=partnership, obj=obj)


def current_plan(partnership):
    """The plan for the year containing today, or the latest plan the partnership has."""
    plans = PlanYear.objects.filter(partnership=partnership)
    year = year_containing(timezone.localdate(), partnership.year_start_month)
    return plans.filter(start_year=year).first() or plans.order_by("-start_year").first()


def group_actions(group):
    """The plan actions a working group answers for: those of the current plan's priorities and
    themes it leads, and any other action one of its items covers."""
    plan = current_plan(group.partnership)
    led = Q(plan=plan, priority__working_group=group) if plan else Q(pk__in=[])
    return (Action.objects.filter(led | Q(group_items__working_group=group)).distinct()
            .select_related("plan", "owner_organisation").prefetch_related("group_items"))
