"""Figures Eunomia can work out from the partnership's directory. They live here, not in partners:
the directory sits below figures (docs/adr/0001), so it cannot register a measure itself."""

from django.db.models import OuterRef, Q, Subquery

from eunomia.figures.drilldown import Counted, record_kind, records_of
from eunomia.figures.models import Unit
from eunomia.figures.registry import COUNTS_EVENTS, measure
from eunomia.partners.models import PartnershipMember

# Which organisations sit on a partnership is public (the published plan lists them), and a seat holds
# no personal data: open data, which anyone may list (ADR 69).
record_kind("partners.membership", model=PartnershipMember, noun="member organisation",
            plural="member organisations", visible=None, when="joined_on", select_related=("organisation",),
            columns=[("Organisation", lambda m: m.organisation.name), ("Joined on", lambda m: m.joined_on),
                     ("Left on", lambda m: m.left_on or "")])


def seats_during(partnership, period_start, period_end):
    """The partnership's seats held on at least one day of the period."""
    return PartnershipMember.objects.filter(
        Q(left_on__isnull=True) | Q(left_on__gte=period_start), partnership=partnership, joined_on__lte=period_end)


@measure(
    "partners.member_organisations",
    title="Member organisations of the partnership",
    unit=Unit.COUNT,
    source="Eunomia: the partnership's directory of member organisations",
    definition="Number of organisations that were members of the partnership at any time during the period.",
    counts=COUNTS_EVENTS)
def member_organisations(*, partnership, period_start, period_end):
    return seats_during(partnership, period_start, period_end).values("organisation").distinct().count()


@records_of("partners.member_organisations")
def member_organisations_counted(*, partnership, period_start, period_end):
    """Each organisation once, by its latest seat in the period (one that left and joined again has two)."""
    seats = seats_during(partnership, period_start, period_end)
    latest = seats.filter(organisation=OuterRef("organisation")).order_by("-joined_on", "-id").values("pk")[:1]
    return Counted("partners.membership", seats.filter(pk=Subquery(latest)),
                   working=lambda t: f"{t.count:,} organisations, each listed once by its latest seat in the period")
