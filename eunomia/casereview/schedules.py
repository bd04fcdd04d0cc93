"""Case reviews' scheduled work (eunomia/upkeep/schedule.py): each night, erase the applications the
retention schedule says are due, in every partnership (ADRs 63 and 73)."""

from eunomia.casereview import retention
from eunomia.upkeep.retention import apply_everywhere
from eunomia.upkeep.schedule import Daily, scheduled


@scheduled("casereview.retention", title="Erase the case review applications the retention schedule says are due",
           every=Daily(at="02:30"))
def apply_retention():
    return apply_everywhere(retention)
