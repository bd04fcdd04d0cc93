"""Background jobs of casework: counting again what casework keeps derived (eunomia.casework.derived)
for a partnership, which a change to its repeat rule starts (docs/adr/0052)."""

from eunomia.casework import derived
from eunomia.jobs.registry import JobFailed, handler
from eunomia.partners.models import Partnership

RECOMPUTE_FLAGS = "casework.recompute_flags"


@handler(RECOMPUTE_FLAGS, title="Count repeat victims again", unit="partnerships", max_attempts=3)
def recompute_flags(job, progress):
    """Safe to run twice: it replaces the partnership's counts in one transaction."""
    partnership = Partnership.objects.filter(pk=job.params.get("partnership")).first()
    if partnership is None:
        raise JobFailed("The partnership this job was for no longer exists, so there was nothing to count.")
    progress(0, 1, f"Counting the reports naming each victim in {partnership}")
    rows = derived.rebuild(partnership)
    progress(1, 1, "Counted")
    return {"Partnership": str(partnership), "People and days counted": rows}
