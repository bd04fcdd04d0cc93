"""Figures from referrals for the plan: counts only, across every organisation of the partnership
(a count names no one)."""

from eunomia.figures.models import Unit
from eunomia.figures.registry import measure
from eunomia.referrals.models import Referral

SOURCE = "Eunomia referral records of the partnership's organisations"
SERVICE_CHOICES = [("all", "All services")] + Referral.Service.choices


@measure("referrals.by_service", title="Referrals to services", unit=Unit.COUNT, source=SOURCE,
         definition="Number of referrals to a service ({service}) made in the figure's period by any organisation "
                    "of the partnership, whatever became of them.",
         params={"service": SERVICE_CHOICES})
def by_service(*, partnership, period_start, period_end, service):
    made = Referral.objects.filter(partnership=partnership, referred_on__gte=period_start, referred_on__lte=period_end)
    return (made if service == "all" else made.filter(service=service)).count()


@measure("referrals.accepted", title="Referrals accepted by services", unit=Unit.COUNT, source=SOURCE,
         definition="Number of referrals accepted by the service in the figure's period (by the date accepted), "
                    "including those since completed.")
def accepted(*, partnership, period_start, period_end):
    return Referral.objects.filter(
        partnership=partnership, status__in=[Referral.Status.ACCEPTED, Referral.Status.COMPLETED],
        decided_on__gte=period_start, decided_on__lte=period_end).count()
