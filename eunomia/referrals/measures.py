"""Figures from referrals for the plan: counts only, across every organisation of the partnership
(a count names no one)."""

from eunomia.figures.models import Unit
from eunomia.figures.registry import COUNTS_EVENTS, measure
from eunomia.referrals.models import Referral

SOURCE = "Eunomia referral records of the partnership's organisations"
SERVICE_CHOICES = [("all", "All services")] + Referral.Service.choices


@measure("referrals.by_service", title="Referrals to services", unit=Unit.COUNT, source=SOURCE,
         definition="Number of referrals to a service ({service}) made in the figure's period by any organisation "
                    "of the partnership, whatever became of them.",
         params={"service": SERVICE_CHOICES}, counts=COUNTS_EVENTS)
def by_service(*, partnership, period_start, period_end, service):
    made = Referral.objects.filter(partnership=partnership, referred_on__gte=period_start, referred_on__lte=period_end)
    return (made if service == "all" else made.filter(service=service)).count()


@measure("referrals.accepted", title="Referrals accepted by services", unit=Unit.COUNT, source=SOURCE,
         definition="Number of referrals accepted by the service in the figure's period (by the date accepted), "
                    "including those since completed.", counts=COUNTS_EVENTS)
def accepted(*, partnership, period_start, period_end):
    return Referral.objects.filter(
        partnership=partnership, status__in=[Referral.Status.ACCEPTED, Referral.Status.COMPLETED],
        decided_on__gte=period_start, decided_on__lte=period_end).count()


# Where a referral stands: accepted includes those since completed, as a service that completed
# the work first accepted it.
OUTCOMES = {
    "accepted": ("were accepted (including those since completed)",
                 [Referral.Status.ACCEPTED, Referral.Status.COMPLETED]),
    "completed": ("were completed", [Referral.Status.COMPLETED]),
    "declined": ("were declined", [Referral.Status.DECLINED]),
    "awaiting": ("are still awaiting the service's decision", [Referral.Status.MADE]),
}


@measure("referrals.by_outcome", title="Referrals by outcome", unit=Unit.COUNT, source=SOURCE,
         definition="Of the referrals to any service made in the figure's period by any organisation of the "
                    "partnership, the number that {outcome}, as they stand when the figure is calculated.",
         params={"outcome": [(key, label) for key, (label, _) in OUTCOMES.items()]}, counts=COUNTS_EVENTS)
def by_outcome(*, partnership, period_start, period_end, outcome):
    return Referral.objects.filter(partnership=partnership, referred_on__gte=period_start, referred_on__lte=period_end,
                                   status__in=OUTCOMES[outcome][1]).count()
