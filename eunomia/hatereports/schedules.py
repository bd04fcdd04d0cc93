"""Hate reports' scheduled work (eunomia/upkeep/schedule.py): each night, erase the reports the retention
schedule says are due, in every partnership (ADRs 62 and 73)."""

from eunomia.hatereports import retention
from eunomia.upkeep.retention import apply_everywhere
from eunomia.upkeep.schedule import Daily, scheduled


@scheduled("hatereports.retention", title="Erase the hate reports the retention schedule says are due",
           every=Daily(at="02:30"))
def apply_retention():
    return apply_everywhere(retention)
