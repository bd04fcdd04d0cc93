"""Figures Eunomia can work out from the plans it holds."""

from django.db.models import Q
from django.urls import reverse

from eunomia.core.periods import year_containing
from eunomia.figures.drilldown import Counted, record_kind, records_of
from eunomia.figures.models import Unit
from eunomia.figures.registry import COUNTS_EVENTS, measure
from eunomia.plans.models import Action, Target
from eunomia.plans.queries import actions_visible_to, plan_covering, targets_visible_to
from eunomia.plans.targets import MET, STATUS_LABELS, outcome_of


def _plan_url(plan, anchor):
    return reverse("plans:detail", args=[plan.partnership.slug, plan.start_year]) + f"#{anchor}"


# What a plan figure counted (ADR 69): actions and targets, no personal data, read by every member who
# may read the plan. An action is held by its lead organisation, a target by its action's.
record_kind("plans.action", model=Action, noun="action", plural="actions", visible=actions_visible_to,
            # An action has no date of its own: listed by when its plan was begun.
            when="plan__created_at", select_related=("plan__partnership", "priority", "owner_organisation"),
            columns=[("Action", lambda a: a.title), ("Priority", lambda a: a.priority.title),
                     ("Status", lambda a: a.get_status_display()), ("Lead", lambda a: a.owner_organisation.name)],
            url=lambda a: _plan_url(a.plan, f"action-{a.pk}"))
record_kind("plans.target", model=Target, noun="target", plural="targets", visible=targets_visible_to,
            owner="action__owner_organisation_id", when="due_on",
            select_related=("action__plan__partnership", "action__owner_organisation", "actual"),
            columns=[("Target", lambda t: t.measure), ("Action", lambda t: t.action.title),
                     ("Now", lambda t: STATUS_LABELS[outcome_of(t).status]),
                     ("Lead", lambda t: t.action.owner_organisation.name)],
            url=lambda t: _plan_url(t.action.plan, f"target-{t.pk}"))


def _plan_for(partnership, period_start):
    """The plan covering the year the period starts in (a figure for 2025/26 counts the plan of
    2025/26, or of 2024/25 to 2026/27)."""
    return plan_covering(partnership.pk, year_containing(period_start, partnership.year_start_month))


def _actions(partnership, period_start):
    plan = _plan_for(partnership, period_start)
    return Action.objects.none() if plan is None else plan.actions.all()


@measure(
    "plans.actions_by_status",
    title="Actions in the plan with a given status",
    unit=Unit.COUNT,
    source="Eunomia: the partnership plan's actions and their status",
    definition="Number of actions in the partnership plan for the year whose status is now '{status}'.",
    params={"status": Action.Status.choices},
    counts=COUNTS_EVENTS,
)
def actions_by_status(*, partnership, period_start, period_end, status):
    return _actions(partnership, period_start).filter(status=status).count()


@records_of("plans.actions_by_status")
def actions_by_status_counted(*, partnership, period_start, period_end, status):
    return Counted("plans.action", _actions(partnership, period_start).filter(status=status))


@measure(
    "plans.actions_total",
    title="Actions in the plan",
    unit=Unit.COUNT,
    source="Eunomia: the partnership plan's actions",
    definition="Number of actions in the partnership plan for the year.",
    counts=COUNTS_EVENTS,
)
def actions_total(*, partnership, period_start, period_end):
    return _actions(partnership, period_start).count()


@records_of("plans.actions_total")
def actions_total_counted(*, partnership, period_start, period_end):
    return Counted("plans.action", _actions(partnership, period_start))


def _targets(partnership, period_start):
    """The targets of the year the period starts in (in a plan of several years, those due that year)."""
    year = year_containing(period_start, partnership.year_start_month)
    plan = plan_covering(partnership.pk, year)
    if plan is None:
        return []
    return [t for t in Target.objects.filter(action__plan=plan).select_related("actual")
            if plan.year_of(t.due_on) == year]


def _met(targets):
    return [t for t in targets if outcome_of(t).status == MET]


@measure(
    "plans.targets_met",
    title="Targets met",
    unit=Unit.COUNT,
    source="Eunomia: the partnership plan's targets and their recorded actuals",
    definition="Number of targets in the partnership plan for the year that were met, judged against each "
               "target's direction once it was due.",
    counts=COUNTS_EVENTS,
)
def targets_met(*, partnership, period_start, period_end):
    return len(_met(_targets(partnership, period_start)))


@records_of("plans.targets_met")
def targets_met_counted(*, partnership, period_start, period_end):
    met = _met(_targets(partnership, period_start))
    return Counted("plans.target", Target.objects.filter(pk__in=[t.pk for t in met]))


def met_share(totals):
    return round(100 * totals.numerator / totals.count, 1) if totals.count else None


@measure(
    "plans.targets_met_share",
    title="Share of targets met",
    unit=Unit.PERCENTAGE,
    source="Eunomia: the partnership plan's targets and their recorded actuals",
    definition="Targets met as a percentage of all targets in the partnership plan for the year. "
               "No value while the plan has no targets.",
)
def targets_met_share(*, partnership, period_start, period_end):
    return met_share(targets_met_share_counted(partnership=partnership, period_start=period_start,
                                               period_end=period_end).totals())


@records_of("plans.targets_met_share")
def targets_met_share_counted(*, partnership, period_start, period_end):
    targets = _targets(partnership, period_start)
    return Counted("plans.target", Target.objects.filter(pk__in=[t.pk for t in targets]),
                   numerator=Q(pk__in=[t.pk for t in _met(targets)]), formula=met_share,
                   working=lambda t: f"{t.numerator:,} of {t.count:,} targets for the year met")
