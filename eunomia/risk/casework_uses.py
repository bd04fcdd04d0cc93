"""What risk keeps about casework's people: which assessment is each one's latest, counted again
when people are merged and when casework's derived records are rebuilt (eunomia.casework.derived)."""

from eunomia.casework.derived import also_kept
from eunomia.risk.derived import rebuild_latest, refresh_latest

also_kept("risk.latest", refresh=refresh_latest, rebuild=rebuild_latest)
