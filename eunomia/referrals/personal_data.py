"""What the referrals app holds on a person, for subject access requests (eunomia.records)."""

from eunomia.records.registry import holds
from eunomia.referrals.models import Referral


@holds("Referrals", order=50)
def referrals(person):
    return [(f"{r.get_service_display()}, {r.referred_on:%-d %B %Y}", {
        "Service": r.service_detail, "Made by": str(r.made_by), "Status": r.get_status_display(),
        "Outcome": r.outcome,
    }) for r in Referral.objects.filter(person=person).select_related("made_by")]
