"""Figures from case reviews for the plan: counts only, of every organisation's applications."""

from eunomia.casereview.models import CaseReviewApplication
from eunomia.figures.models import Unit
from eunomia.figures.registry import measure

WHICH = [("received", "received"), ("threshold_met", "meeting the threshold")]


@measure("casereview.applications", title="ASB case review applications (community trigger)", unit=Unit.COUNT,
         source="Eunomia case review records of the partnership's organisations",
         definition="Number of ASB case review (community trigger) applications {which} in the figure's period: "
                    "received counts by the date received, meeting the threshold by the date of the decision.",
         params={"which": WHICH})
def applications(*, partnership, period_start, period_end, which):
    found = CaseReviewApplication.objects.filter(partnership=partnership)
    if which == "threshold_met":
        return found.filter(threshold_met=True, decided_on__gte=period_start, decided_on__lte=period_end).count()
    return found.filter(received_on__gte=period_start, received_on__lte=period_end).count()
