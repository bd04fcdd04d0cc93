"""Who is told what: the one place that decides (docs/adr/0041-notifications.md).

Each rule reads its domain's own models for one moment and yields Notices: a subject (its page and
a key naming it and the event) and the members to tell. A rule never sees a member's scoped query
one member at a time (10,000 members would mean 10,000 sets of queries): it works out which
organisation a record belongs to, as the domain's scoped queries do, and tells that organisation's
members who hold the permission the domain's queries ask for. So a member is only ever pointed at a
page their own permissions let them open, and the page still checks.

Windows (both edges tested in tests/notifications/test_rules.py):
- a figure or a target's actual with no value, from 30 days before its period ends, for a year after;
- a plan not approved, from 60 days before its period starts until it ends;
- a risk review, Task Group, MARAC or tasking action: "due" from 7 days before its date to the date
  itself, "overdue" from the day after while it stays open;
- a case shared with an organisation, a case handed to a new lead officer, and a background job
  finished or failed, for 7 days after;
- a case review application waiting for its threshold decision: due 14 days after it was received,
  told from 3 days before and again once it is overdue.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.urls import reverse
from django.utils import timezone

from eunomia.accounts.queries import current_memberships
from eunomia.accounts.roles import ROLES, Permission, Scope
from eunomia.casereview.models import CaseReviewApplication
from eunomia.casework.models import Case, CaseShare
from eunomia.domesticabuse.models import MeetingAction as MaracAction
from eunomia.figures.models import Figure
from eunomia.figures.queries import missing_value_filter
from eunomia.jobs.models import Job
from eunomia.notifications.models import Kind
from eunomia.partners.models import Partnership
from eunomia.plans.models import PlanYear, Target
from eunomia.risk.models import RiskAssessment
from eunomia.risk.queries import latest
from eunomia.taskgroup.models import MeetingAction as TaskGroupAction
from eunomia.tasking.models import Task

DUE_SOON_DAYS = 7
FIGURE_LEAD_DAYS = 30
FIGURE_TAIL_DAYS = 365
PLAN_LEAD_DAYS = 60
NEWS_DAYS = 7
CASE_REVIEW_DECISION_DAYS = 14
CASE_REVIEW_LEAD_DAYS = 3

# One fixed sentence per kind (and state): titles never carry anything from the record.
TITLES = {
    "figure_waiting": "A figure your organisation owns is waiting for its value",
    "actual_waiting": "A target's actual your organisation owns is waiting to be recorded",
    "plan_approval": "A plan is waiting for approval",
    "risk_review_due": "A risk review is due",
    "risk_review_overdue": "A risk review is overdue",
    "task_group_action_due": "A Task Group action for your organisation is due",
    "task_group_action_overdue": "A Task Group action for your organisation is overdue",
    "task_due": "A tasking action for your organisation is due",
    "task_overdue": "A tasking action for your organisation is overdue",
    "da_attention": "A domestic abuse record needs your attention",
    "case_shared": "A case has been shared with your organisation",
    "case_lead": "A case has been handed to you to lead",
    "job_finished": "A background job you started has finished",
    "job_failed": "A background job you started has failed",
    "case_review_due": "A case review decision is due soon",
    "case_review_overdue": "A case review decision is overdue",
}


@dataclass(frozen=True)
class Notice:
    partnership_id: int
    kind: str
    title: str
    path: str
    key: str
    users: frozenset


class Members:
    """Every active member, read once per run: who holds which permission over which organisation's
    records, as accounts.permissions.has_permission answers it."""

    def __init__(self, *, today):
        self._in_org = defaultdict(set)          # (partnership, organisation, permission) -> users
        self._partnership_wide = defaultdict(set)  # (partnership, permission) -> users
        self._anyone = defaultdict(set)          # partnership -> users
        # A membership ended today or before gives nothing, as accounts.permissions reads it.
        rows = current_memberships(on=today).filter(user__is_active=True).values_list(
            "user_id", "partnership_id", "organisation_id", "role")
        for user_id, partnership_id, organisation_id, role in rows.iterator(chunk_size=5000):
            self._anyone[partnership_id].add(user_id)
            for permission, scope in ROLES[role].grants.items():
                self._in_org[partnership_id, organisation_id, permission].add(user_id)
                if scope is Scope.PARTNERSHIP:
                    self._partnership_wide[partnership_id, permission].add(user_id)

    def of_organisation(self, partnership_id, organisation_id, permission):
        """Members of the organisation holding the permission (over their own organisation's records
        at least): the people a record owned by that organisation waits on."""
        return self._in_org.get((partnership_id, organisation_id, permission), set())

    def partnership_wide(self, partnership_id, permission):
        return self._partnership_wide.get((partnership_id, permission), set())

    def is_member(self, partnership_id, user_id):
        return user_id in self._anyone.get(partnership_id, ())

    def person_or_organisation(self, partnership_id, organisation_id, permission, user_id):
        """The one member who made the record, while they still hold the permission in its
        organisation; else everyone there who does."""
        holders = self.of_organisation(partnership_id, organisation_id, permission)
        return {user_id} if user_id in holders else holders


def _notice(partnership_id, state, path, key, users):
    kind = Kind.DA_ATTENTION if state.startswith("da_") else _KIND_OF_STATE.get(state, state)
    return Notice(partnership_id, kind, TITLES[state], path, key, frozenset(users)) if users else None


_KIND_OF_STATE = {"case_review_due": Kind.CASE_REVIEW_DEADLINE, "case_review_overdue": Kind.CASE_REVIEW_DEADLINE}


def _due_or_overdue(due_on, today):
    """'due' from DUE_SOON_DAYS before the date to the date itself, 'overdue' from the day after."""
    if due_on < today:
        return "overdue"
    if due_on <= today + datetime.timedelta(days=DUE_SOON_DAYS):
        return "due"
    return None


# The rules -----------------------------------------------------------------------------------------

def figures_waiting(members, *, today, now):
    """Figures and target actuals entered by hand, with no value yet, as the end of their period
    approaches (and for a year after): the owner organisation's members who may record them."""
    figures = (Figure.objects.filter(missing_value_filter(), kind=Figure.Kind.MANUAL, owner_organisation__isnull=False,
                                     period_end__lte=today + datetime.timedelta(days=FIGURE_LEAD_DAYS),
                                     period_end__gte=today - datetime.timedelta(days=FIGURE_TAIL_DAYS))
               .select_related("partnership").values_list("pk", "name", "partnership_id", "partnership__slug",
                                                          "owner_organisation_id"))
    figures = list(figures)
    targets = dict((actual_id, (pk, year)) for pk, actual_id, year in Target.objects.filter(
        actual_id__in=[f[0] for f in figures]).values_list("pk", "actual_id", "action__plan__start_year"))
    for pk, name, partnership_id, slug, owner_id in figures:
        if pk in targets:
            target_pk, year = targets[pk]
            users = members.of_organisation(partnership_id, owner_id, Permission.TARGET_RECORD_ACTUAL)
            path = reverse("plans:target_actual", args=[slug, year, target_pk])
            yield _notice(partnership_id, "actual_waiting", path, f"actual_waiting:{pk}", users)
        else:
            users = members.of_organisation(partnership_id, owner_id, Permission.FIGURE_RECORD_VALUE)
            path = reverse("figures:detail", args=[slug, name])
            yield _notice(partnership_id, "figure_waiting", path, f"figure_waiting:{pk}", users)


def plans_waiting_for_approval(members, *, today, now):
    """A plan not approved, from PLAN_LEAD_DAYS before its period starts until it ends: everyone who
    may approve it (the board, and the CSP manager)."""
    for plan in PlanYear.objects.filter(approved_at__isnull=True).select_related("partnership"):
        if plan.period_end < today or plan.period_start > today + datetime.timedelta(days=PLAN_LEAD_DAYS):
            continue
        users = members.partnership_wide(plan.partnership_id, Permission.PLAN_APPROVE)
        path = reverse("plans:detail", args=[plan.partnership.slug, plan.start_year])
        yield _notice(plan.partnership_id, "plan_approval", path, f"plan_approval:{plan.pk}", users)


def risk_reviews(members, *, today, now):
    """The latest assessment of each person (and kind) whose review is due or overdue: the member who
    made it, or the casework members of the organisation that owns the person."""
    horizon = today + datetime.timedelta(days=DUE_SOON_DAYS)
    candidates = RiskAssessment.objects.filter(review_on__lte=horizon, person__merged_into__isnull=True)
    slugs = dict(Partnership.objects.values_list("pk", "slug"))
    for assessment in latest(candidates):
        person = assessment.person
        state = _due_or_overdue(assessment.review_on, today)
        users = members.person_or_organisation(person.partnership_id, person.owner_organisation_id,
                                               Permission.CASE_VIEW, assessment.assessed_by_id)
        path = reverse("risk:person", args=[slugs[person.partnership_id], person.pk])
        yield _notice(person.partnership_id, f"risk_review_{state}", path, f"risk_review_{state}:{assessment.pk}",
                      users)


def task_group_actions(members, *, today, now):
    """Open Task Group actions, due soon or overdue: the casework members of the organisation given them."""
    horizon = today + datetime.timedelta(days=DUE_SOON_DAYS)
    rows = TaskGroupAction.objects.filter(done_on__isnull=True, due_on__lte=horizon).values_list(
        "pk", "due_on", "organisation_id", "meeting_id", "meeting__partnership_id", "meeting__partnership__slug")
    for pk, due_on, organisation_id, meeting_id, partnership_id, slug in rows.iterator(chunk_size=5000):
        state = _due_or_overdue(due_on, today)
        users = members.of_organisation(partnership_id, organisation_id, Permission.CASE_VIEW)
        path = reverse("taskgroup:meeting", args=[slug, meeting_id])
        yield _notice(partnership_id, f"task_group_action_{state}", path, f"task_group_action_{state}:{pk}", users)


def tasking_tasks(members, *, today, now):
    """Open tasks from tasking meetings, due soon or overdue: the tasked organisation's members who
    may update them."""
    horizon = today + datetime.timedelta(days=DUE_SOON_DAYS)
    rows = Task.objects.filter(completed_on__isnull=True, due_on__lte=horizon).values_list(
        "pk", "due_on", "organisation_id", "partnership_id", "partnership__slug")
    for pk, due_on, organisation_id, partnership_id, slug in rows.iterator(chunk_size=5000):
        state = _due_or_overdue(due_on, today)
        users = members.of_organisation(partnership_id, organisation_id, Permission.TASKING_EDIT)
        path = reverse("tasking:task", args=[slug, pk])
        yield _notice(partnership_id, f"task_{state}", path, f"task_{state}:{pk}", users)


def marac_actions(members, *, today, now):
    """Open MARAC actions due soon or overdue: domestic abuse permission holders of the organisation
    given them (or, when it has none, every holder in the partnership: the MARAC's co-ordinators).
    The title says only that a DA record needs attention (ADR 26)."""
    horizon = today + datetime.timedelta(days=DUE_SOON_DAYS)
    rows = MaracAction.objects.filter(done_on__isnull=True, due_on__lte=horizon).values_list(
        "pk", "due_on", "owner_organisation_id", "meeting_id", "meeting__partnership_id", "meeting__partnership__slug")
    for pk, due_on, organisation_id, meeting_id, partnership_id, slug in rows.iterator(chunk_size=5000):
        state = _due_or_overdue(due_on, today)
        users = (members.of_organisation(partnership_id, organisation_id, Permission.DA_VIEW)
                 or members.partnership_wide(partnership_id, Permission.DA_VIEW))
        path = reverse("domesticabuse:meeting", args=[slug, meeting_id])
        yield _notice(partnership_id, "da_attention", path, f"marac_action_{state}:{pk}", users)


def cases_shared(members, *, today, now):
    """A case shared with an organisation in the last NEWS_DAYS: its casework members."""
    rows = CaseShare.objects.filter(shared_at__gte=now - datetime.timedelta(days=NEWS_DAYS)).values_list(
        "pk", "case_id", "organisation_id", "case__partnership_id", "case__partnership__slug")
    for pk, case_id, organisation_id, partnership_id, slug in rows.iterator(chunk_size=5000):
        users = members.of_organisation(partnership_id, organisation_id, Permission.CASE_VIEW)
        path = reverse("casework:case", args=[slug, case_id])
        yield _notice(partnership_id, "case_shared", path, f"case_shared:{pk}", users)


def cases_handed_on(members, *, today, now):
    """A case handed to a new lead officer in the last NEWS_DAYS: that officer, while they still work
    cases in its organisation. Handed to them again later, they are told again."""
    rows = Case.objects.filter(lead_officer_since__gte=now - datetime.timedelta(days=NEWS_DAYS),
                               lead_officer__isnull=False).values_list(
        "pk", "lead_officer_id", "lead_officer_since", "owner_organisation_id", "partnership_id", "partnership__slug")
    for pk, user_id, since, organisation_id, partnership_id, slug in rows.iterator(chunk_size=5000):
        users = {user_id} & members.of_organisation(partnership_id, organisation_id, Permission.CASE_VIEW)
        path = reverse("casework:case", args=[slug, pk])
        yield _notice(partnership_id, "case_lead", path, f"case_lead:{pk}:{since:%Y%m%d%H%M%S}", users)


def jobs_finished(members, *, today, now):
    """A background job (an import, a document build) that finished or failed in the last NEWS_DAYS:
    the member who started it, while still a member."""
    rows = Job.objects.filter(status__in=[Job.Status.SUCCEEDED, Job.Status.FAILED], created_by__isnull=False,
                              partnership__isnull=False, finished_at__gte=now - datetime.timedelta(days=NEWS_DAYS),
                              ).values_list("pk", "status", "created_by_id", "partnership_id", "partnership__slug")
    for pk, status, user_id, partnership_id, slug in rows.iterator(chunk_size=5000):
        if not members.is_member(partnership_id, user_id):
            continue
        state = "job_failed" if status == Job.Status.FAILED else "job_finished"
        path = reverse("jobs:detail", args=[slug, pk])
        yield _notice(partnership_id, state, path, f"{state}:{pk}", {user_id})


def case_review_deadlines(members, *, today, now):
    """An application waiting for its threshold decision, due CASE_REVIEW_DECISION_DAYS after it was
    received: told CASE_REVIEW_LEAD_DAYS before, and again once overdue. The member who recorded it, or
    the casework members of the organisation that owns it."""
    received_by = today - datetime.timedelta(days=CASE_REVIEW_DECISION_DAYS - CASE_REVIEW_LEAD_DAYS)
    rows = CaseReviewApplication.objects.filter(
        status=CaseReviewApplication.Status.RECEIVED, received_on__lte=received_by).values_list(
        "pk", "received_on", "owner_organisation_id", "created_by_id", "partnership_id", "partnership__slug")
    for pk, received_on, organisation_id, user_id, partnership_id, slug in rows.iterator(chunk_size=5000):
        due_on = received_on + datetime.timedelta(days=CASE_REVIEW_DECISION_DAYS)
        state = "case_review_overdue" if due_on < today else "case_review_due"
        users = members.person_or_organisation(partnership_id, organisation_id, Permission.CASE_VIEW, user_id)
        path = reverse("casereview:detail", args=[slug, pk])
        yield _notice(partnership_id, state, path, f"{state}:{pk}", users)


RULES = [figures_waiting, plans_waiting_for_approval, risk_reviews, task_group_actions, tasking_tasks,
         marac_actions, cases_shared, cases_handed_on, jobs_finished, case_review_deadlines]


def notices(*, now=None):
    """Every notice the rules give for `now` (default: now), London's date deciding what is due."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    members = Members(today=today)
    for rule in RULES:
        for notice in rule(members, today=today, now=now):
            if notice is not None:
                yield notice
