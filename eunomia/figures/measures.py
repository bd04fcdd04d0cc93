"""Figures Eunomia can work out from the partnership's directory. They live here, not in partners:
the directory sits below figures (docs/adr/0001), so it cannot register a measure itself."""

from django.db.models import Q

from eunomia.figures.models import Unit
from eunomia.figures.registry import COUNTS_EVENTS, measure
from eunomia.partners.models import PartnershipMember


@measure(
    "partners.member_organisations",
    title="Member organisations of the partnership",
    unit=Unit.COUNT,
    source="Eunomia: the partnership's directory of member organisations",
    definition="Number of organisations that were members of the partnership at any time during the period.",
    counts=COUNTS_EVENTS)
def member_organisations(*, partnership, period_start, period_end):
    return PartnershipMember.objects.filter(
        Q(left_on__isnull=True) | Q(left_on__gte=period_start), partnership=partnership, joined_on__lte=period_end
    ).values("organisation").distinct().count()
