"""How a plan action's status rolls up from the working group items that cover it.

The rule, in words (ADR 0030):
- no group item covers the action: nothing to roll up (None);
- every item is complete: complete;
- any item not complete is past its due date: at risk;
- any item is in progress or complete: on track;
- otherwise (every item not started, none overdue): not started.
"""

from django.urls import reverse
from django.utils import timezone

from eunomia.plans.models import Action
from eunomia.plans.rollup import Rollup
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


def rollups_of(actions, *, today=None):
    """{action id: Rollup} for those of the actions some group item covers (ADR 0034).

    One query for all of them, however many actions there are."""
    actions = {action.pk: action for action in actions}
    items = {}
    for item in GroupItem.objects.filter(plan_action_id__in=actions).select_related("working_group__partnership"):
        items.setdefault(item.plan_action_id, []).append(item)
    today = today or timezone.localdate()
    rollups = {}
    for action_id, covering in items.items():
        action = actions[action_id]
        groups = sorted({item.working_group_id: item.working_group for item in covering}.values(),
                        key=lambda group: group.name)
        slug = groups[0].partnership.slug
        rollups[action_id] = Rollup(
            action, rolled_up_status(covering, today=today),
            sources=[(group.name, reverse("tasking:group", args=[slug, group.pk])) for group in groups],
            apply_url=reverse("tasking:apply_rollup", args=[slug, action_id]))
    return rollups
