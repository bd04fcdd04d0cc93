"""Figures from case reviews for the plan and the partnership's public page: counts only, of every
organisation's applications. An application is an event (one person may apply twice), so these are
not people counts (ADR 63)."""

from eunomia.casereview.models import CaseReviewApplication
from eunomia.figures.models import Unit
from eunomia.figures.registry import COUNTS_EVENTS, measure

WHICH = [("received", "received"), ("threshold_met", "meeting the threshold"),
         ("reviews_held", "reviewed at a case review meeting"),
         ("recommendations", "reviewed at a meeting that made recommendations")]


@measure("casereview.applications", title="ASB case review applications (community trigger)", unit=Unit.COUNT,
         source="Eunomia case review records of the partnership's organisations",
         definition="Number of ASB case review (community trigger) applications {which} in the figure's period: "
                    "received counts by the date received, meeting the threshold by the date of the decision, "
                    "reviews and recommendations by the date of the review meeting.",
         params={"which": WHICH}, counts=COUNTS_EVENTS)
def applications(*, partnership, period_start, period_end, which):
    found = CaseReviewApplication.objects.filter(partnership=partnership)
    if which == "threshold_met":
        return found.filter(threshold_met=True, decided_on__gte=period_start, decided_on__lte=period_end).count()
    if which in ("reviews_held", "recommendations"):
        held = found.filter(meeting_on__gte=period_start, meeting_on__lte=period_end)
        return held.exclude(recommendations="").count() if which == "recommendations" else held.count()
    return found.filter(received_on__gte=period_start, received_on__lte=period_end).count()
