"""Casework's scheduled work (eunomia/upkeep/schedule.py): each night, erase the reports, cases and
people the retention schedule says are due, in every partnership (ADRs 20 and 73)."""

from eunomia.casework import retention
from eunomia.upkeep.retention import apply_everywhere
from eunomia.upkeep.schedule import Daily, scheduled


@scheduled("casework.retention", title="Erase the casework records the retention schedule says are due",
           every=Daily(at="02:30"))
def apply_retention():
    return apply_everywhere(retention)
