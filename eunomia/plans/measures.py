"""Figures Eunomia can work out from the plans it holds."""

from eunomia.figures.models import Unit
from eunomia.figures.registry import COUNTS_EVENTS, measure
from eunomia.core.periods import year_containing
from eunomia.plans.models import Action, Target
from eunomia.plans.queries import plan_covering
from eunomia.plans.targets import MET, outcome_of


def _plan_for(partnership, period_start):
    """The plan covering the year the period starts in (a figure for 2025/26 counts the plan of
    2025/26, or of 2024/25 to 2026/27)."""
    return plan_covering(partnership.pk, year_containing(period_start, partnership.year_start_month))


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
    plan = _plan_for(partnership, period_start)
    return 0 if plan is None else plan.actions.filter(status=status).count()


@measure(
    "plans.actions_total",
    title="Actions in the plan",
    unit=Unit.COUNT,
    source="Eunomia: the partnership plan's actions",
    definition="Number of actions in the partnership plan for the year.",
    counts=COUNTS_EVENTS,
)
def actions_total(*, partnership, period_start, period_end):
    plan = _plan_for(partnership, period_start)
    return 0 if plan is None else plan.actions.count()


def _targets(partnership, period_start):
    """The targets of the year the period starts in (in a plan of several years, those due that year)."""
    year = year_containing(period_start, partnership.year_start_month)
    plan = plan_covering(partnership.pk, year)
    if plan is None:
        return []
    return [t for t in Target.objects.filter(action__plan=plan).select_related("actual")
            if plan.year_of(t.due_on) == year]


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
    return sum(1 for t in _targets(partnership, period_start) if outcome_of(t).status == MET)


@measure(
    "plans.targets_met_share",
    title="Share of targets met",
    unit=Unit.PERCENTAGE,
    source="Eunomia: the partnership plan's targets and their recorded actuals",
    definition="Targets met as a percentage of all targets in the partnership plan for the year. "
               "No value while the plan has no targets.",
)
def targets_met_share(*, partnership, period_start, period_end):
    targets = _targets(partnership, period_start)
    if not targets:
        return None
    met = sum(1 for t in targets if outcome_of(t).status == MET)
    return round(100 * met / len(targets), 1)
