"""How a plan action's status rolls up from the working group items that cover it.

The rule, in words (ADR 0030):
- no group item covers the action: nothing to roll up (None);
- every item is complete: complete;
- any item not complete is past its due date: at risk;
- any item is in progress or complete: on track;
- otherwise (every item not started, none overdue): not started.
"""

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
