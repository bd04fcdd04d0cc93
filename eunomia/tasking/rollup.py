"""How a plan action's status rolls up from the working group items that cover it.

The rule, in words (ADR 0030):
- no group item covers the action: nothing to roll up (None);
- every item is complete: complete;
- any item not complete is past its due date: at risk;
- any item is in progress or complete: on track;
- otherwise (every item not started, none overdue): not started.
"""

from dataclasses import dataclass

from django.utils import timezone

from eunomia.plans.models import Action
from eunomia.tasking.models import GroupItem


def rolled_up_status(items, *, today=None):
    items = list(items)
    today = today or timezone.localdate()
    if not items:
        return None
    if all(item.status == GroupItem.Status.COMPLETE for item in items):
        return Action.Status.COMPLETE
    if any(item.is_overdue(today) for item in items):
        return Action.Status.AT_RISK
    if any(item.status != GroupItem.Status.NOT_STARTED for item in items):
        return Action.Status.ON_TRACK
    return Action.Status.NOT_STARTED


def rolled_up_status_of(action, *, today=None):
    return rolled_up_status(action.group_items.all(), today=today)


@dataclass
class Rollup:
    """What the working group items covering one plan action say, beside what the plan says."""

    action: Action
    status: str
    groups: list  # the working groups whose items cover the action, each once, by name

    @property
    def label(self):
        return Action.Status(self.status).label

    @property
    def differs(self):
        """Carried over is the plan's own decision, which the roll-up never makes (ADR 0030)."""
        return self.action.status != Action.Status.CARRIED_OVER and self.status != self.action.status


def rollups_of(actions, *, today=None):
    """{action id: Rollup} for those of the actions some group item covers (ADR 0034).

    One query for all of them, however many actions there are."""
    actions = {action.pk: action for action in actions}
    items = {}
    for item in GroupItem.objects.filter(plan_action_id__in=actions).select_related("working_group"):
        items.setdefault(item.plan_action_id, []).append(item)
    today = today or timezone.localdate()
    rollups = {}
    for action_id, covering in items.items():
        groups = {item.working_group_id: item.working_group for item in covering}
        rollups[action_id] = Rollup(actions[action_id], rolled_up_status(covering, today=today),
                                    sorted(groups.values(), key=lambda group: group.name))
    return rollups


def differences_in(plan, *, today=None):
    """The plan's actions whose recorded status differs from their working groups' roll-up, in
    the plan's order: a warning on "Check and publish", never a reason to refuse publication."""
    actions = list(Action.objects.filter(plan=plan).order_by("priority__position", "priority_id", "position", "id"))
    rollups = rollups_of(actions, today=today)
    return [rollups[a.pk] for a in actions if a.pk in rollups and rollups[a.pk].differs]
