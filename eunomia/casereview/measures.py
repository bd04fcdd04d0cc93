"""Figures from case reviews for the plan and the partnership's public page: counts only, of every
organisation's applications. An application is an event (one person may apply twice), so these are
not people counts (ADR 63)."""

from django.urls import reverse

from eunomia.casereview.models import CaseReviewApplication
from eunomia.casereview.queries import applications_visible_to
from eunomia.figures.drilldown import Counted, record_kind, records_of
from eunomia.figures.models import Unit
from eunomia.figures.registry import COUNTS_EVENTS, measure

WHICH = [("received", "received"), ("threshold_met", "meeting the threshold"),
         ("reviews_held", "reviewed at a case review meeting"),
         ("recommendations", "reviewed at a meeting that made recommendations")]

# What a case review figure counted (ADR 69), listed as the applications' own pages show them: to the
# members of the organisation holding each, who work casework.
record_kind("casereview.application", model=CaseReviewApplication, noun="case review application",
            plural="case review applications", visible=applications_visible_to, when="received_on",
            created="created_at", select_related=("owner_organisation", "partnership"),
            columns=[("Application", str), ("Status", lambda a: a.get_status_display()),
                     ("Decided on", lambda a: a.decided_on or ""), ("Review meeting", lambda a: a.meeting_on or ""),
                     ("Held by", lambda a: a.owner_organisation.name)],
            url=lambda a: reverse("casereview:detail", args=[a.partnership.slug, a.pk]))


@measure("casereview.applications", title="ASB case review applications (community trigger)", unit=Unit.COUNT,
         source="Eunomia case review records of the partnership's organisations",
         definition="Number of ASB case review (community trigger) applications {which} in the figure's period: "
                    "received counts by the date received, meeting the threshold by the date of the decision, "
                    "reviews and recommendations by the date of the review meeting.",
         params={"which": WHICH}, counts=COUNTS_EVENTS)
def applications(*, partnership, period_start, period_end, which):
    return applications_in(partnership, period_start, period_end, which).count()


def applications_in(partnership, period_start, period_end, which):
    found = CaseReviewApplication.objects.filter(partnership=partnership)
    if which == "threshold_met":
        return found.filter(threshold_met=True, decided_on__gte=period_start, decided_on__lte=period_end)
    if which in ("reviews_held", "recommendations"):
        held = found.filter(meeting_on__gte=period_start, meeting_on__lte=period_end)
        return held.exclude(recommendations="") if which == "recommendations" else held
    return found.filter(received_on__gte=period_start, received_on__lte=period_end)


@records_of("casereview.applications")
def applications_counted(*, partnership, period_start, period_end, which):
    return Counted("casereview.application", applications_in(partnership, period_start, period_end, which))
