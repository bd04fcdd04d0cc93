"""What tasking tells plan pages (eunomia.plans.rollup): the working groups' items, rolled up to
the plan actions they cover."""

from eunomia.plans.rollup import rollup_source
from eunomia.tasking import rollup


@rollup_source
def working_group_items(actions, *, today):
    return rollup.rollups_of(actions, today=today)
