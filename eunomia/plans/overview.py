"""What the plan page shows: the draft with current figure values, grouped for reading."""

from dataclasses import dataclass, field

from django.utils import timezone

from eunomia.core.formatting import format_value
from eunomia.figures.protection import withheld_alone
from eunomia.figures.queries import disclosure_rule, figures_named
from eunomia.plans import queries
from eunomia.plans.narrative import BLOCKS, figure_names_in, parse_blocks
from eunomia.plans.report import describe_baseline, describe_target
from eunomia.plans.targets import MISSING, STATUS_LABELS, milestone_status, outcome_of, target_status


@dataclass
class TargetRow:
    target: object
    baseline: str
    aim: str
    actual: str
    change: str
    status: str
    status_label: str
    milestones: list = field(default_factory=list)  # MilestoneRow
    # What the published plan would show instead of the actual, a small count of people (ADR 65).
    not_for_publication: str = ""


@dataclass
class MilestoneRow:
    milestone: object
    aim: str
    actual: str
    status: str
    status_label: str


def milestone_rows(target, today):
    rows = []
    for milestone in getattr(target, "milestone_list", []):
        figure = milestone.actual
        status = milestone_status(milestone, today=today)
        aim = milestone.target_text or format_value(target.unit, milestone.target_value, "")
        rows.append(MilestoneRow(milestone, aim, format_value(figure.unit, figure.value, figure.text_value),
                                 status, STATUS_LABELS[status]))
    return rows


@dataclass
class ActionGroup:
    priority: object
    actions: list = field(default_factory=list)  # (action, [TargetRow])


def target_row(target, today, rule=None):
    outcome = outcome_of(target, today=today)
    figure = target.actual
    return TargetRow(target, describe_baseline(target), describe_target(target),
                     format_value(figure.unit, figure.value, figure.text_value), outcome.change,
                     outcome.status, outcome.status_label, milestone_rows(target, today),
                     withheld_alone(figure, rule) if rule is not None else "")


def grouped_actions(plan, today):
    groups = {p.pk: ActionGroup(p) for p in plan.priorities.all()}
    rule = disclosure_rule(plan.partnership)
    for action, targets in queries.actions_with_targets(plan):
        rows = [target_row(t, today, rule) for t in targets]
        groups.setdefault(action.priority_id, ActionGroup(action.priority)).actions.append((action, rows))
    return list(groups.values())


def review_summary(reviewed, today):
    """The reviewed year's targets at a glance: how many reached each status, and those still
    missing. Read as plain values: only statuses are needed, and a plan may have hundreds of targets."""
    counts = {}
    missing = []
    for t in queries.target_statuses(reviewed.plan, reviewed.year):
        status = target_status(unit=t["unit"], direction=t["direction"], target=t["target_value"],
                               actual=t["actual__value"], actual_text=t["actual__text_value"],
                               milestone_met=t["milestone_met"], due_on=t["due_on"], today=today,
                               baseline=t["baseline_value"], change_percent=t["change_percent"])
        counts[STATUS_LABELS[status]] = counts.get(STATUS_LABELS[status], 0) + 1
        no_actual = not t["actual__text_value"].strip() if t["unit"] == "text" else t["actual__value"] is None
        if status == MISSING or no_actual:
            missing.append(t)
    leads = queries.lead_ids_of({t["action_id"] for t in missing})
    for t in missing:
        t["lead_ids"] = leads[t["action_id"]]
    return {"counts": sorted(counts.items()), "total": sum(counts.values()), "missing": missing}


def narrative_with_values(plan):
    """Each section's blocks, with every figure run carrying the figure (or None if unknown)."""
    sections = list(plan.sections.all())
    names = set().union(*(figure_names_in(s.body) for s in sections)) if sections else set()
    figures = figures_named(plan.partnership, names)
    rule = disclosure_rule(plan.partnership)
    result = []
    for section in sections:
        blocks = parse_blocks(section.body, places=True)
        for block in blocks:
            if block["type"] == "placed":
                block["what"] = BLOCKS.get(block["name"], "a block")
            for runs in block["items"] if block["type"] == "list" else [block.get("runs", [])]:
                for run in runs:
                    if "figure" in run:
                        figure = figures.get(run["figure"])
                        run["figure_obj"] = figure
                        run["text"] = format_value(figure.unit, figure.value, figure.text_value) if figure else ""
                        run["not_for_publication"] = withheld_alone(figure, rule) if figure else ""
        result.append((section, blocks))
    return result


def plan_overview(plan, *, today=None):
    today = today or timezone.localdate()
    reviewed = queries.under_review(plan, today)
    return {
        "sections": narrative_with_values(plan),
        "groups": grouped_actions(plan, today),
        "previous": queries.previous_plan(plan),
        "reviewed": reviewed,
        "review": review_summary(reviewed, today) if reviewed.plan else None,
        "versions": list(plan.versions.order_by("-number").only("id", "plan_id", "number", "published_at")),
    }
