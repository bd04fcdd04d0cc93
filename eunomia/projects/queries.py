"""Reads of funds, projects, returns and evaluations. They hold no personal data (ADR 59), so every
member who may read the plan may read them, with one exception: a return still being written (a
draft, or sent back and not yet submitted again) is seen only by those who may fill it and the CSP
manager. What a member may change is decided by accounts.permissions, the provider's for a return."""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import DecimalField, Prefetch, Q, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from eunomia.accounts.permissions import has_permission, organisations_granted
from eunomia.accounts.roles import Permission
from eunomia.core.periods import plan_period, year_containing
from eunomia.plans.models import PlanYear
from eunomia.projects.models import (MONEY, Allocation, BudgetLine, Evaluation, Fund, Project, ProjectDocument,
                                     ProjectMeasure, Return, ReturnValue)
from eunomia.projects.periods import Period, periods_in_year, periods_of

ZERO = Decimal("0.00")


def funds_in(partnership):
    return Fund.objects.filter(partnership=partnership).select_related("funder", "partnership")


def projects_in(partnership):
    return Project.objects.filter(partnership=partnership).select_related(
        "owner_organisation", "lead_organisation", "partnership")


def allocations_in(partnership):
    return Allocation.objects.filter(fund__partnership=partnership).select_related("fund__funder", "project")


def funds_with_totals(partnership, **filters):
    """The partnership's funds (those matching `filters`), each with `allocated` (to projects, added
    up) and `left` to allocate."""
    allocated = Coalesce(Sum("allocations__amount"), Value(ZERO), output_field=DecimalField(**MONEY))
    funds = list(funds_in(partnership).filter(**filters).annotate(allocated=allocated))
    for fund in funds:
        fund.left = fund.amount - fund.allocated
    return funds


def budget_lines_in(partnership):
    return BudgetLine.objects.filter(project__partnership=partnership).select_related("project")


def measures_in(partnership):
    return ProjectMeasure.objects.filter(project__partnership=partnership).select_related("project")


def documents_in(partnership):
    """Attached agreements, without their bytes (`.content` is read only to download one)."""
    return ProjectDocument.objects.filter(project__partnership=partnership).select_related("project").defer("content")


def plans_serving(partnership, years):
    """The partnership's plans covering any of the financial years `years`, oldest first: the plans
    whose priorities, objectives and actions a project running in those years can serve."""
    return [plan for plan in PlanYear.objects.filter(partnership=partnership).order_by("start_year")
            if any(plan.covers(year) for year in years)]


def returns_visible_to(user, partnership):
    """Returns the user may read: every submitted or accepted return of the partnership; drafts and
    returns sent back only of the projects whose returns they may fill (or every one, for those who
    may fill or decide any). None to anyone who may not read the plan (the pages ask that first; the
    records behind a figure ask it here)."""
    returns = Return.objects.filter(project__partnership=partnership).select_related("project__owner_organisation")
    if not has_permission(user, Permission.PLAN_VIEW, partnership=partnership):
        return returns.none()
    if has_permission(user, Permission.RETURN_REVIEW, partnership=partnership) or has_permission(
            user, Permission.RETURN_FILL, partnership=partnership):
        return returns
    fillers = organisations_granted(user, Permission.RETURN_FILL, partnership)
    return returns.filter(~Q(status__in=[Return.Status.DRAFT, Return.Status.SENT_BACK])
                          | Q(project__owner_organisation__in=fillers))


def return_values_visible_to(user, partnership):
    """The counts in the returns `user` may read."""
    return ReturnValue.objects.filter(return_record__in=returns_visible_to(user, partnership).values("pk"))


def read_by_members(query):
    """A scoped query of this app, `query(partnership)`, as a reader's `(user, partnership)`: all of it
    for a member who may read the plan, as the pages show it (ADR 59); nothing for anyone else."""
    def visible_to(user, partnership):
        found = query(partnership)
        return found if has_permission(user, Permission.PLAN_VIEW, partnership=partnership) else found.none()
    return visible_to


def returns_waiting(partnership):
    """Submitted returns waiting for the CSP manager's decision, the longest waiting first."""
    return Return.objects.filter(project__partnership=partnership, status=Return.Status.SUBMITTED).select_related(
        "project__owner_organisation").order_by("submitted_at", "id")


def fillers_of(user, partnership):
    """Whose returns `user` fills: None for every project's (the CSP manager), else the ids of the
    organisations whose projects' returns are theirs (empty for those who fill none)."""
    if has_permission(user, Permission.RETURN_FILL, partnership=partnership):
        return None
    return organisations_granted(user, Permission.RETURN_FILL, partnership)


def may_fill(user, project):
    return has_permission(user, Permission.RETURN_FILL, partnership=project.partnership, obj=project)


def may_review(user, partnership):
    return has_permission(user, Permission.RETURN_REVIEW, partnership=partnership)


@dataclass
class PeriodState:
    """A reporting period of a project and where its return stands on a given day."""

    period: Period
    record: Return | None
    today: datetime.date

    @property
    def status(self):
        return self.record.status if self.record else None

    @property
    def is_late(self):
        """The due date has passed (a return due today is not late yet) and no return waits with the
        CSP manager or has been accepted."""
        done = self.record is not None and self.record.status in (Return.Status.SUBMITTED, Return.Status.ACCEPTED)
        return not done and self.period.due_on < self.today

    @property
    def is_open(self):
        """The period has begun, so a return may be drafted for it."""
        return self.period.start <= self.today

    @property
    def label(self):
        if self.record is None:
            return "Late: not started" if self.is_late else ("Not started" if self.is_open else "Not yet open")
        text = self.record.get_status_display()
        return f"Late: {text.lower()}" if self.is_late else text


def period_states(project, *, today=None):
    today = today or timezone.localdate()
    records = {r.period_start: r for r in project.returns.all()}
    return [PeriodState(p, records.get(p.start), today) for p in periods_of(project)]


def period_state(project, start, *, today=None):
    """The state of the project's reporting period starting on `start`, or None if none starts then."""
    return next((state for state in period_states(project, today=today) if state.period.start == start), None)


def late_returns(partnership, *, today=None, organisations=None):
    """Every project period whose return is late on `today`, oldest due first: [(project, PeriodState)].
    `organisations` limits it to those providers' projects."""
    today = today or timezone.localdate()
    projects = projects_in(partnership).filter(start_on__lte=today).exclude(status=Project.Status.PLANNED)
    if organisations is not None:
        projects = projects.filter(owner_organisation__in=organisations)
    late = []
    for project in projects.prefetch_related("returns"):
        late += [(project, state) for state in period_states(project, today=today) if state.is_late]
    return sorted(late, key=lambda pair: (pair[1].period.due_on, pair[0].title))


# Value for money ------------------------------------------------------------------------------------

ON_TRACK, BEHIND, MET, NO_TARGET = "on_track", "behind", "met", "no_target"
STATUS_LABELS = {ON_TRACK: "On track", BEHIND: "Behind target", MET: "Target met", NO_TARGET: "No target"}


@dataclass
class MeasureResult:
    measure: ProjectMeasure
    count: Decimal
    target: Decimal
    cost_per: Decimal | None
    status: str

    @property
    def status_label(self):
        return STATUS_LABELS[self.status]

    @property
    def cost_per_label(self):
        """"no outputs" (or "no outcomes") rather than a division by nothing."""
        if self.cost_per is None:
            return f"No {self.measure.get_kind_display().lower()}s"
        return f"£{self.cost_per:,.2f}"


@dataclass
class YearValue:
    """One project's money, outputs and outcomes for a financial year, from accepted returns only."""

    project: Project
    start_year: int
    allocated: Decimal
    budget: Decimal
    spend: Decimal
    measures: list = field(default_factory=list)
    periods_due: int = 0
    periods_accepted: int = 0

    @property
    def spend_share(self):
        """Spend as a percentage of budget (of the allocation where no budget is set); None with neither."""
        base = self.budget or self.allocated
        return None if not base else (100 * self.spend / base).quantize(Decimal("0.1"))

    @property
    def evaluation(self):
        evaluations = list(self.project.evaluations.all())
        return evaluations[0] if evaluations else None


def accepted_counts(projects, start, end):
    """{measure id: the counts of accepted returns for periods starting from `start` to `end`, added up},
    for every measure of `projects`, in one query."""
    totals = (ReturnValue.objects.filter(return_record__project__in=projects, return_record__status=Return.Status.ACCEPTED,
                                         return_record__period_start__gte=start, return_record__period_start__lte=end)
              .values("measure_id").annotate(total=Sum("value")))
    return {row["measure_id"]: row["total"] for row in totals}


def value_for_year(project, start_year, *, today=None, counts=None):
    """What the project did in the year, with each measure judged against its target pro rata to the
    reporting periods accepted so far (a year half reported is judged against half the target).
    `counts` (from accepted_counts) saves a query per project where many are shown."""
    today = today or timezone.localdate()
    start, end = plan_period(start_year, project.partnership.year_start_month)
    accepted = [r for r in project.returns.all()
                if r.status == Return.Status.ACCEPTED and start <= r.period_start <= end]
    spend = sum((r.spend or ZERO for r in accepted), ZERO)
    periods = periods_in_year(project, start_year)
    due = [p for p in periods if p.end <= today]
    accepted_starts = {r.period_start for r in accepted}
    if counts is None:
        counts = accepted_counts([project], start, end)
    # The share of a full year the project runs, and the share of that reported and accepted.
    months = Decimal(sum(_months(p) for p in periods)) / 12
    reported = Decimal(sum(_months(p) for p in periods if p.start in accepted_starts)) / 12
    allocated = sum((a.amount for a in project.allocations.all() if a.fund.start_year == start_year), ZERO)
    budget = sum((b.amount for b in project.budget_lines.all() if b.start_year == start_year), ZERO)
    result = YearValue(project, start_year, allocated, budget, spend, periods_due=len(due),
                       periods_accepted=len(accepted_starts & {p.start for p in periods}))
    for measure in project.measures.all():
        count = counts.get(measure.pk, Decimal(0))
        target = (measure.annual_target * months).quantize(Decimal(1))
        expected = measure.annual_target * reported
        if not measure.annual_target:
            status = NO_TARGET
        elif count >= target:
            status = MET
        elif count >= expected:
            status = ON_TRACK
        else:
            status = BEHIND
        cost = None if count == 0 else (spend / count).quantize(Decimal("0.01"))
        result.measures.append(MeasureResult(measure, count, target, cost, status))
    return result


def _months(period):
    return (period.end.year - period.start.year) * 12 + period.end.month - period.start.month + 1


def with_returns(projects):
    return projects.prefetch_related(
        "returns", "measures", Prefetch("allocations", queryset=Allocation.objects.select_related("fund__funder")),
        "budget_lines", "evaluations")


def portfolio(partnership, start_year, *, today=None):
    """Every project running in the financial year, with its year's value: [YearValue]."""
    start, end = plan_period(start_year, partnership.year_start_month)
    projects = list(projects_in(partnership).filter(start_on__lte=end, end_on__gte=start).prefetch_related(
        # Only the year's returns, allocations and budget lines: a project of many years has many.
        Prefetch("returns", queryset=Return.objects.filter(period_start__gte=start, period_start__lte=end)),
        "measures", "evaluations",
        Prefetch("allocations", queryset=Allocation.objects.filter(fund__start_year=start_year)
                 .select_related("fund__funder")),
        Prefetch("budget_lines", queryset=BudgetLine.objects.filter(start_year=start_year))))
    counts = accepted_counts(projects, start, end)
    return [value_for_year(project, start_year, today=today, counts=counts) for project in projects]


def years_held(partnership, *, today=None):
    """Financial years any project runs in, newest first, always including the current one."""
    today = today or timezone.localdate()
    month = partnership.year_start_month
    years = {year_containing(today, month)}
    for start_on, end_on in Project.objects.filter(partnership=partnership).values_list("start_on", "end_on"):
        years.update(range(year_containing(start_on, month), year_containing(end_on, month) + 1))
    return sorted(years, reverse=True)


def funders_of(project, start_year=None):
    allocations = [a for a in project.allocations.all() if start_year is None or a.fund.start_year == start_year]
    return sorted({a.fund.funder.name for a in allocations})


def total_allocated(fund):
    return fund.allocations.aggregate(total=Sum("amount"))["total"] or ZERO


def evaluations_of(project):
    return Evaluation.objects.filter(project=project)
