"""What others say about a plan action's status, shown beside the plan's own (ADR 0034).

The working groups' action plans live in tasking, above plans (docs/adr/0001). Tasking registers
how it rolls its items up, in its `plan_uses` module (found at start-up):

    @rollup_source
    def working_group_items(actions, *, today):
        return {action.pk: Rollup(...), ...}   # only the actions it has something to say about

Plan pages show each Rollup beside its action, and "Check and publish" warns where one differs
from the plan (never a reason to refuse publication).
"""

from dataclasses import dataclass

from django.utils import timezone

from eunomia.plans.models import Action


@dataclass
class Rollup:
    action: Action
    status: str
    # The groups whose items cover the action, each once, by name: [(name, url)].
    sources: list
    # Where an editor of the plan posts to take this status into the plan.
    apply_url: str

    @property
    def label(self):
        return Action.Status(self.status).label

    @property
    def differs(self):
        """Carried over is the plan's own decision, which a roll-up never makes (ADR 0030)."""
        return self.action.status != Action.Status.CARRIED_OVER and self.status != self.action.status


_sources = []


def rollup_source(function):
    _sources.append(function)
    return function


def rollups_of(actions, *, today=None):
    """{action id: Rollup} for those of the actions a registered source has something to say about."""
    actions = list(actions)
    today = today or timezone.localdate()
    rollups = {}
    for source in _sources:
        rollups.update(source(actions, today=today))
    return rollups


def differences_in(plan, *, today=None):
    """The plan's actions whose recorded status differs from their roll-up, in the plan's order."""
    actions = list(Action.objects.filter(plan=plan).order_by("priority__position", "priority_id", "position", "id"))
    rollups = rollups_of(actions, today=today)
    return [rollups[a.pk] for a in actions if a.pk in rollups and rollups[a.pk].differs]
